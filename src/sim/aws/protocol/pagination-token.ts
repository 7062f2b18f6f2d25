/**
 * Opaque pagination tokens for simulated services: base64url JSON of the position, checked
 * against the request that made them. Each service refuses a bad token with its own error.
 */
export function encodePaginationToken(state: object): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** The state a token holds, undefined when no token was given; throws `refusal()` for a bad one. */
export function decodePaginationToken<T extends object>(token: string | undefined, isValid: (value: Partial<T>) => boolean, refusal: () => Error): T | undefined {
  if (token === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (typeof decoded !== 'object' || decoded === null || !isValid(decoded as Partial<T>)) throw refusal();
  return decoded as T;
}

/** An Error whose message is `context: what went wrong`, keeping the original as `cause`. */
export function storeError(context: string, cause: unknown): Error {
  return new Error(`${context}: ${describeCause(cause)}`, { cause });
}

function describeCause(cause: unknown): string {
  // Node reports a refused connection to a host with several addresses (localhost → ::1
  // and 127.0.0.1) as an AggregateError with an empty message.
  if (cause instanceof AggregateError && cause.message === '') {
    const messages = new Set(cause.errors.map(describeCause));
    return [...messages].join('; ') || 'connection failed';
  }
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return cause.message || (typeof code === 'string' ? code : cause.name);
  }
  return String(cause);
}

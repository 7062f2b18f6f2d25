import { createHash } from 'node:crypto';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';

/**
 * Opaque pagination tokens. A token carries the position and a fingerprint of the request it
 * continues, so a token replayed with different parameters fails like AWS's `InvalidNextToken`
 * instead of returning a wrong page.
 */
export function requestFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeNextToken(fingerprint: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, p: position })).toString('base64url');
}

/** The position the token holds, or undefined when no token was given. */
export function decodeNextToken(token: unknown, fingerprint: string): unknown {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { f?: unknown; p?: unknown };
    if (decoded.f === fingerprint && decoded.p !== undefined) return decoded.p;
  } catch {
    // falls through to the error below
  }
  throw new SimulatedAwsError('InvalidNextToken', 'The service returned an invalid NextToken: pass back the NextToken of the previous answer with the same parameters.', 400);
}

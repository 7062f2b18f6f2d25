import { randomBytes } from 'node:crypto';

/**
 * Receipt handles: opaque to the caller, new on every receive. This one carries the queue and
 * the message it was issued for, plus a nonce, so a handle from another queue, a made-up
 * handle and an earlier handle of a redelivered message can each be told apart.
 */
export function issueReceiptHandle(queueArn: string, messageId: string): string {
  return Buffer.from(JSON.stringify([queueArn, messageId, randomBytes(12).toString('hex')])).toString('base64url');
}

export function readReceiptHandle(handle: string): { queueArn: string; messageId: string } | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((part) => typeof part === 'string')) return undefined;
    return { queueArn: parts[0] as string, messageId: parts[1] as string };
  } catch {
    return undefined;
  }
}

import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from text, so event ids and ARNs are the same on every run
 * (the simulator never draws random numbers).
 */
export function stableUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  // Version 4 and RFC 4122 variant bits, so it looks like the ids AWS hands out.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

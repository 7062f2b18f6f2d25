import type { IncomingMessage } from 'node:http';

export type CappedBody = { ok: true; body: Buffer } | { ok: false; problem: 'too-large' | 'aborted' };

/**
 * Reads a request body of at most `maxBytes`. A larger one is refused as soon as that is
 * known — from Content-Length before reading anything, or when the streamed bytes pass the
 * cap — and the rest is never buffered: the caller answers 413 with `connection: close`
 * and Node discards what is still arriving.
 */
export function readCappedBody(req: IncomingMessage, maxBytes: number): Promise<CappedBody> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) return Promise.resolve({ ok: false, problem: 'too-large' });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: CappedBody) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ ok: false, problem: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle({ ok: true, body: Buffer.concat(chunks) }));
    req.once('aborted', () => settle({ ok: false, problem: 'aborted' }));
    req.once('error', () => settle({ ok: false, problem: 'aborted' }));
  });
}

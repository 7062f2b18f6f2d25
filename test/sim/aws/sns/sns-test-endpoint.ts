import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** What an SNS subscriber received. */
export interface ReceivedSnsRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  message: Record<string, string>;
}

/** How the endpoint answers the n-th request (0-based): a status, or 'hang' to never answer. */
export type Responder = (request: ReceivedSnsRequest, n: number) => number | 'hang';

export interface SnsTestEndpoint {
  url: string;
  received: ReceivedSnsRequest[];
  /** The next request of that type not yet taken (waits for it). */
  next(type: string): Promise<ReceivedSnsRequest>;
  respondWith(responder: Responder): void;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** A tiny HTTP server standing in for the bot's /sns route; closed after the test. */
export async function startSnsTestEndpoint(): Promise<SnsTestEndpoint> {
  const received: ReceivedSnsRequest[] = [];
  const taken = new Set<ReceivedSnsRequest>();
  const waiters: Array<{ type: string; resolve: (r: ReceivedSnsRequest) => void }> = [];
  let responder: Responder = () => 200;

  const offer = (request: ReceivedSnsRequest) => {
    const waiter = waiters.find((w) => w.type === request.message.Type);
    if (!waiter) return;
    waiters.splice(waiters.indexOf(waiter), 1);
    taken.add(request);
    waiter.resolve(request);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: ReceivedSnsRequest = { method: req.method ?? '', headers: req.headers, body, message: JSON.parse(body) as Record<string, string> };
      const status = responder(request, received.length);
      received.push(request);
      if (status !== 'hang') {
        res.writeHead(status);
        res.end();
      }
      offer(request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns`,
    received,
    respondWith: (r) => {
      responder = r;
    },
    next: (type) => {
      const ready = received.find((r) => r.message.Type === type && !taken.has(r));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
}

/** A loopback HTTP server that records every request made to it, to assert that none was. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  hits: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

/** Answers every request 200 and records it. `redirectTo` makes it answer 302 to there instead. */
export async function startRecordingServer(options: { redirectTo?: string; serve?: (req: IncomingMessage) => string | undefined } = {}): Promise<RecordingServer> {
  const hits: RecordingServer['hits'] = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    const served = options.serve?.(req);
    if (served !== undefined) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(served);
    } else if (options.redirectTo !== undefined) {
      res.writeHead(302, { location: options.redirectTo }).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

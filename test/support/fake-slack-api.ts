import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ResponseUrlPost {
  path: string;
  body: { response_type?: string; text?: string; blocks?: unknown[]; replace_original?: boolean };
}

/**
 * The two Slack endpoints a slash command touches before the simulator issue lands: the Web API's
 * `auth.test` (Bolt and `/readyz` call it) and `response_url` targets, which it records.
 */
export class FakeSlackApi {
  readonly responses: ResponseUrlPost[] = [];
  authError: string | undefined;
  private server?: Server;
  private waiters: Array<() => void> = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const path = req.url ?? '/';
        if (path.startsWith('/api/auth.test')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(this.authError ? { ok: false, error: this.authError } : { ok: true, team: 'mlobs-test', team_id: 'T0TEST', user_id: 'U0BOT', bot_id: 'B0BOT', user: 'mlobs' }));
          return;
        }
        if (path.startsWith('/response/')) {
          this.responses.push({ path, body: JSON.parse(raw) as ResponseUrlPost['body'] });
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
          for (const wake of this.waiters.splice(0)) wake();
          return;
        }
        res.writeHead(404);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** Resolves once `count` responses have arrived in total. */
  async waitForResponses(count: number, timeoutMs = 10_000): Promise<ResponseUrlPost[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.responses.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} response_url posts, got ${this.responses.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.responses;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A pass-through in front of the Slack simulator that can hold back Slack's answer to a call:
 * Slack has done the call (the message is in the channel), the bot has not heard of it yet.
 * That is the window a crash or a shutdown can fall into, made as wide as a test needs.
 *
 *   const hold = await startSlackCallHold(slack.url);       // give the bot hold.url
 *   const held = await hold.next('chat.postMessage');       // done by Slack, answer held
 *   … kill the bot, or SIGTERM it …
 *   held.release();
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldCall {
  method: string;
  /** The call's arguments as text: form values, decoded, one a line (`metadata` is JSON in there). */
  text: string;
  /** Sends Slack's answer on to the bot (if it is still there to read it). */
  release(): void;
}

export interface SlackCallHold {
  /** The Web API base URL to give the bot (`SLACK_API_URL`). */
  url: string;
  /** Holds the answer to the next call of `method` whose arguments match; resolves once Slack has answered it. */
  next(method: string, match?: (text: string) => boolean): Promise<HeldCall>;
  /** Releases every held answer and stops. */
  close(): Promise<void>;
}

interface Waiter {
  method: string;
  match: (text: string) => boolean;
  resolve: (call: HeldCall) => void;
}

export async function startSlackCallHold(slackApiUrl: string): Promise<SlackCallHold> {
  const upstream = new URL(slackApiUrl);
  const waiters: Waiter[] = [];
  const held = new Set<() => void>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = /\/api\/([\w.]+)/.exec(req.url ?? '')?.[1] ?? '';
      const answer = await forward(new URL(req.url ?? '/', upstream), req, body);
      const text = argumentsText(body.toString('utf8'));
      const index = waiters.findIndex((w) => w.method === method && w.match(text));
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      };
      if (index < 0) return send();
      const [waiter] = waiters.splice(index, 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(release);
        send();
      };
      held.add(release);
      waiter!.resolve({ method, text, release });
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`slack call hold: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    next(method, match = () => true) {
      return new Promise((resolve) => waiters.push({ method, match, resolve }));
    },
    async close() {
      for (const release of [...held]) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The WebClient sends form-encoded arguments; a JSON body is kept as it is. */
function argumentsText(body: string): string {
  return body.startsWith('{') ? body : [...new URLSearchParams(body).values()].join('\n');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(url: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: url.host, 'content-length': String(body.length) };
    const out = request(url, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const answerHeaders: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') answerHeaders[name] = value;
        answerHeaders['content-length'] = String(Buffer.concat(chunks).length);
        resolve({ status: res.statusCode ?? 502, headers: answerHeaders, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

import type { ServerResponse } from 'node:http';
import type { BotMetrics } from '../telemetry/metrics.js';
import type { HttpRoute } from './http-route.js';

/** One readiness dependency: resolves when good, or with the reason it is not. */
export type ReadinessCheck = () => Promise<{ ok: true } | { ok: false; reason: string }>;

/** How long one readiness check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

export function healthRoutes(deps: { checks: Record<string, ReadinessCheck>; metrics: BotMetrics }): HttpRoute[] {
  return [
    { path: '/healthz', method: 'GET', handler: (_req, res) => send(res, 200, 'text/plain; charset=utf-8', 'ok\n') },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        void readiness(deps.checks).then((problems) =>
          problems.length === 0
            ? send(res, 200, 'text/plain; charset=utf-8', 'ready\n')
            : send(res, 503, 'text/plain; charset=utf-8', `not ready:\n${problems.map((p) => `- ${p}`).join('\n')}\n`),
        );
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        void deps.metrics.exposition().then(
          ({ contentType, body }) => send(res, 200, contentType, body),
          () => send(res, 500, 'text/plain; charset=utf-8', 'metrics unavailable\n'),
        );
      },
    },
  ];
}

async function readiness(checks: Record<string, ReadinessCheck>): Promise<string[]> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        const result = await withTimeout(check(), CHECK_TIMEOUT_MS);
        return result.ok ? undefined : `${name}: ${result.reason}`;
      } catch (error) {
        return `${name}: ${(error as Error).message}`;
      }
    }),
  );
  return results.filter((p): p is string => p !== undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

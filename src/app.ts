import type { Server } from 'node:http';
import { allCommands } from '../commands/index.js';
import type { AnyCommand } from './command/command-definition.js';
import { CommandRunner } from './command/command-runner.js';
import type { Ports } from './command/ports.js';
import type { Config } from './config/config.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import type { HttpRoute } from './http/http-route.js';
import { serveRoutes } from './http/http-server.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { AuditLog } from './store/audit-log.js';
import { openStore, type Store } from './store/database.js';
import type { Logger } from './telemetry/logger.js';
import { BotMetrics } from './telemetry/metrics.js';

/**
 * The one place where the layers are wired together, like a Probot app function: configuration
 * in, a running bot out. Everything else receives what it needs from here.
 */

export interface Services {
  config: Config;
  log: Logger;
  store: Store;
  metrics: BotMetrics;
  ports: Ports;
  runner: CommandRunner;
}

export interface ServiceOptions {
  commands?: readonly AnyCommand[];
  metrics?: BotMetrics;
  clock?: () => Date;
}

/** Opens the database and builds the ports and the command runner; used by the bot and the CLI alike. */
export async function openServices(config: Config, log: Logger, options: ServiceOptions = {}): Promise<Services> {
  const store = await openStore(config.database.url, { log: log.child({ component: 'store' }) });
  const metrics = options.metrics ?? new BotMetrics();
  const ports: Ports = { audit: new AuditLog(store) };
  const runner = new CommandRunner({
    commands: options.commands ?? allCommands,
    config,
    log,
    metrics,
    ports,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { config, log, store, metrics, ports, runner };
}

export interface RunningBot {
  services: Services;
  /** The HTTP port serving Slack (HTTP mode), `/sns`, `/healthz`, `/readyz` and `/metrics`. */
  port: number;
  slack: SlackApp | undefined;
  stop(): Promise<void>;
}

export interface StartOptions extends ServiceOptions {
  /** Listen address; production listens on all interfaces, tests on 127.0.0.1. */
  host?: string;
  /** Overrides `PORT`; 0 picks a free port (tests). */
  port?: number;
}

export async function startBot(config: Config, log: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const services = await openServices(config, log, options);
  const checks: Record<string, ReadinessCheck> = {
    database: async () => {
      await services.store.ping();
      return { ok: true };
    },
  };
  // Readiness reads `checks` at request time, so the Slack check can join once the app exists.
  const routes: HttpRoute[] = [...healthRoutes({ checks, metrics: services.metrics })];
  const connection = config.slack.connection;
  const listenPort = options.port ?? config.server.port;

  let slack: SlackApp | undefined;
  let server: Server | undefined;
  let port: number;
  try {
    if (connection.mode === 'local') {
      ({ server, port } = await serveRoutes(routes, { port: listenPort, ...(options.host ? { host: options.host } : {}) }));
    } else {
      slack = createSlackApp({
        botToken: connection.botToken,
        ...(connection.signingSecret ? { signingSecret: connection.signingSecret } : {}),
        ...(connection.mode === 'socket' ? { appToken: connection.appToken } : {}),
        ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
        port: listenPort,
        ...(options.host ? { host: options.host } : {}),
        routes,
        runner: services.runner,
        log,
        metrics: services.metrics,
      });
      const auth = slack.auth;
      checks.slack = async () => {
        const status = await auth.status();
        return status.ok ? { ok: true } : status;
      };
      port = await slack.start();
    }
  } catch (error) {
    await services.store.close();
    throw error;
  }
  log.info({ mode: connection.mode, port, database: services.store.redactedUrl }, 'mlobs started');

  let stopping: Promise<void> | undefined;
  return {
    services,
    port,
    slack,
    stop() {
      stopping ??= (async () => {
        if (slack) await slack.stop();
        if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
        await services.store.close();
        log.info('mlobs stopped');
      })();
      return stopping;
    },
  };
}

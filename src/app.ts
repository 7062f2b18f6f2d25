import { allCommands } from '../commands/index.js';
import type { AnyCommand } from './command/command-definition.js';
import { CommandRunner } from './command/command-runner.js';
import type { Ports } from './command/ports.js';
import type { Config } from './config/config.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import type { HttpRoute } from './http/http-route.js';
import { AlarmPipeline } from './incidents/pipeline/alarm-pipeline.js';
import { snsRoute } from './ingest/sns-route.js';
import { acceptedSnsTopics } from './ingest/sns-topic-policy.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { boltLoggerFrom } from './slack/bolt-logger.js';
import { OutboxIncidentThreads } from './slack/incident-threads.js';
import { Outbox } from './slack/outbox/outbox.js';
import { OutboxMetrics } from './slack/outbox/outbox-metrics.js';
import { OutboxSender, type OutboxSenderOptions } from './slack/outbox/outbox-sender.js';
import { WebClientChatApi, createOutboxWebClient } from './slack/outbox/slack-chat-api.js';
import { AuditLog } from './store/audit-log.js';
import { AwsClients } from './aws/aws-clients.js';
import { awsPorts } from './aws/aws-ports.js';
import { openStore, type Store } from './store/database.js';
import { SnsInbox } from './store/sns-inbox.js';
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
  /** Closes the database and the AWS clients. */
  close(): Promise<void>;
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
  const aws = new AwsClients(config, { log: log.child({ component: 'aws' }) });
  const ports: Ports = { audit: new AuditLog(store), ...awsPorts(aws) };
  const runner = new CommandRunner({
    commands: options.commands ?? allCommands,
    config,
    log,
    metrics,
    ports,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    config,
    log,
    store,
    metrics,
    ports,
    runner,
    async close() {
      aws.destroy();
      await store.close();
    },
  };
}

export interface RunningBot {
  services: Services;
  /** The HTTP port serving Slack (HTTP mode), `/sns`, `/healthz`, `/readyz` and `/metrics`. */
  port: number;
  slack: SlackApp;
  /** The alarm pipeline and the Slack outbox sender. */
  incidents: IncidentFlow;
  stop(): Promise<void>;
}

export interface StartOptions extends ServiceOptions {
  /** Listen address; production listens on all interfaces, tests on 127.0.0.1. */
  host?: string;
  /** Overrides `PORT`; 0 picks a free port (tests). */
  port?: number;
  /** Slack pacing of the outbox sender; tests and benchmarks against a faster simulator shorten it. */
  outbox?: Pick<OutboxSenderOptions, 'postIntervalMs' | 'updateIntervalMs' | 'pollIntervalMs'>;
}

export async function startBot(config: Config, log: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const connection = config.slack.connection;
  if (connection.mode === 'local') {
    throw new Error('the bot needs a Slack connection; without credentials, local mode (src/cli/local-mode.ts) starts the simulators and gives it theirs');
  }
  const services = await openServices(config, log, options);
  const checks: Record<string, ReadinessCheck> = {
    database: async () => {
      await services.store.ping();
      return { ok: true };
    },
  };
  // Readiness reads `checks` at request time, so the Slack check can join once the app exists.
  const routes: HttpRoute[] = [...healthRoutes({ checks, metrics: services.metrics })];
  const incidents = incidentFlow(services, connection.botToken, options);
  // SNS redelivers until it gets a 200, which `/sns` sends only once the message is stored.
  routes.push(snsRoute({ inbox: incidents.inbox, config, log, metrics: services.metrics }));
  const topics = acceptedSnsTopics(config);
  if (topics.open) log.warn({ rule: topics.rule }, topics.summary);
  else log.info({ rule: topics.rule }, topics.summary);
  const listenPort = options.port ?? config.server.port;

  let slack: SlackApp;
  let port: number;
  try {
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
  } catch (error) {
    await services.close();
    throw error;
  }
  incidents.sender.start();
  incidents.pipeline.start();
  log.info({ mode: connection.mode, port, database: services.store.redactedUrl }, 'mlobs started');

  let stopping: Promise<void> | undefined;
  return {
    services,
    port,
    slack,
    incidents,
    stop() {
      stopping ??= (async () => {
        await slack.stop();
        // No new SNS messages now; finish the batch in hand, then what it enqueued for Slack is sent by whoever runs next.
        await incidents.pipeline.stop();
        await incidents.sender.stop();
        await services.close();
        log.info('mlobs stopped');
      })();
      return stopping;
    },
  };
}

export interface IncidentFlow {
  /** The inbox `/sns` stores into; a stored message wakes the pipeline. */
  inbox: Pick<SnsInbox, 'store'>;
  pipeline: AlarmPipeline;
  sender: OutboxSender;
}

/**
 * SNS inbox → incidents → Slack outbox → Slack. The WebClient never retries by itself: the
 * outbox owns retries and `Retry-After`, shared by every replica through the database.
 */
function incidentFlow(services: Services, botToken: string, options: StartOptions): IncidentFlow {
  const { config, store, log } = services;
  const metrics = new OutboxMetrics(services.metrics.registry);
  const client = createOutboxWebClient({
    token: botToken,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    logger: boltLoggerFrom(log.child({ component: 'slack-outbox' })),
  });
  const sender = new OutboxSender({ store, slack: new WebClientChatApi(client), log, metrics, ...options.outbox });
  const outbox = new Outbox(store, { metrics, log, onEnqueued: () => sender.wake() });
  // A claimed batch takes well under a second; a replica that died gives its claims back after a minute.
  const inbox = new SnsInbox(store, { claimLeaseMs: 60_000 });
  const pipeline = new AlarmPipeline({
    store,
    inbox,
    threads: new OutboxIncidentThreads({ outbox, policy: config.incidents }),
    config,
    log,
    ...(options.outbox?.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.outbox.pollIntervalMs }),
  });
  return {
    inbox: {
      async store(message) {
        const stored = await inbox.store(message);
        if (stored === 'stored') pipeline.wake();
        return stored;
      },
    },
    pipeline,
    sender,
  };
}

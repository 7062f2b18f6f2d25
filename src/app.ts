import { allCommands } from '../commands/index.js';
import type { AnyCommand } from './command/command-definition.js';
import { CommandRunner } from './command/command-runner.js';
import type { Ports } from './command/ports.js';
import { configuredDigests, type Config } from './config/config.js';
import { composeDigest } from './digest/compose-digest.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import type { HttpRoute } from './http/http-route.js';
import { DigestJob, type DigestJobOptions } from './jobs/digest-job.js';
import { DigestPoster } from './jobs/digest-poster.js';
import { AlarmPipeline } from './incidents/pipeline/alarm-pipeline.js';
import { ReminderJob, type ReminderJobOptions } from './incidents/pipeline/reminder-job.js';
import { IncidentDesk } from './incidents/pipeline/incident-desk.js';
import { StoredIncidents } from './incidents/pipeline/stored-incidents.js';
import { PermissionPolicy } from './permissions/permission-policy.js';
import { CachedSlackDirectory, UNREACHABLE_SLACK_DIRECTORY } from './permissions/slack-directory.js';
import { snsMessageAcceptor } from './ingest/sns-message-acceptance.js';
import { snsRoute } from './ingest/sns-route.js';
import { SqsConsumer, type SqsConsumerTiming } from './ingest/sqs-consumer.js';
import { acceptedSnsTopics } from './ingest/sns-topic-policy.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { boltLoggerFrom } from './slack/bolt-logger.js';
import { OutboxIncidentThreads } from './slack/incident-threads.js';
import { WebApiSlackDirectory } from './slack/slack-directory.js';
import { Outbox } from './slack/outbox/outbox.js';
import { OutboxMetrics } from './slack/outbox/outbox-metrics.js';
import { OutboxSender, type OutboxSenderOptions } from './slack/outbox/outbox-sender.js';
import { WebClientChatApi, createOutboxWebClient } from './slack/outbox/slack-chat-api.js';
import { AuditLog } from './store/audit-log.js';
import { DiagnosingThreads } from './diagnosis/diagnosing-threads.js';
import { DiagnosisJob } from './diagnosis/diagnosis-job.js';
import { diagnosisMessageKey } from './diagnosis/diagnosis-subject.js';
import { incidentParentKey } from './incidents/pipeline/incident-threads.js';
import { IncidentDiagnoses } from './store/incident-diagnoses.js';
import { AwsClients } from './aws/aws-clients.js';
import { awsPorts } from './aws/aws-ports.js';
import { SqsAlarmQueue } from './aws/sqs-alarm-queue.js';
import { openStore, type Store } from './store/database.js';
import { CommandCancellations } from './store/command-cancellations.js';
import { CostCache } from './store/cost-cache.js';
import { releaseOrphanedClaims } from './store/orphaned-claims.js';
import { SnsInbox } from './store/sns-inbox.js';
import { ScaleDesk } from './scaling/scale-desk.js';
import type { ScaleTiming } from './scaling/scale-follower.js';
import { ScaleJob } from './scaling/scale-job.js';
import { ScaleSchedules } from './scaling/scale-schedules.js';
import { incidentWhereAsked } from './scaling/incident-where-asked.js';
import { scaleHistory } from './scaling/scale-history.js';
import { incidentBurnReport } from './cost/incident-burn-report.js';
import { CostBurnJob } from './incidents/pipeline/cost-burn-job.js';
import { CostBurnThreads } from './incidents/pipeline/cost-burn-threads.js';
import { MetricPointsJob } from './incidents/pipeline/metric-points-job.js';
import { MetricPointsThreads } from './incidents/pipeline/metric-points-threads.js';
import { CloudWatchAlarmMetrics } from './aws/cloudwatch-alarm-metrics.js';
import type { IncidentThreads } from './incidents/pipeline/incident-threads.js';
import { IncidentFollowups } from './store/incident-followups.js';
import { OutboxScaleThreads } from './slack/scale-threads.js';
import { renderBlocks } from './slack/render-blocks.js';
import { scaleChooserAnswer } from './slack/scale-buttons.js';
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
  /** The one outbox and `IncidentThreads` every incident change writes through (pipeline, reminders, people). */
  incidentOutbox: IncidentOutbox;
  /** People's actions on incidents, for the buttons and the commands. */
  incidentDesk: IncidentDesk;
  /** One SDK client per service, region and account (the ports' and the SQS consumer's). */
  aws: AwsClients;
  /** Scale requests and scheduled scaling; absent without the AWS ports they need. */
  scaling?: Scaling;
  /** The cost burn follow-ups every resolve of an endpoint's incident asks for. */
  costBurn: CostBurn;
  /** Closes the database and the AWS clients. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  commands?: readonly AnyCommand[];
  metrics?: BotMetrics;
  clock?: () => Date;
  /** The scale flow's timers (expiry, following, retries); tests shorten them. */
  scaleTiming?: Partial<ScaleTiming>;
}

/** Opens the database and builds the ports and the command runner; used by the bot and the CLI alike. */
export async function openServices(config: Config, log: Logger, options: ServiceOptions = {}): Promise<Services> {
  const store = await openStore(config.database.url, { log: log.child({ component: 'store' }) });
  const metrics = options.metrics ?? new BotMetrics();
  const aws = new AwsClients(config, { log: log.child({ component: 'aws' }) });
  const incidentOutbox = openIncidentOutbox(config, store, metrics, log);
  const costBurn = openCostBurn(store);
  const incidentDesk = openIncidentDesk(config, store, costBurn.threadsOver(incidentOutbox.threads), log, options.clock);
  const ports: Ports = { audit: new AuditLog(store), incidents: incidentDesk, ...awsPorts(aws, { costCache: new CostCache(store), costCacheForMs: config.cost.cacheForMs }) };
  const scaling = openScaling(config, store, ports, incidentOutbox.outbox, incidentDesk, log, options);
  if (scaling) Object.assign(ports, { scaling: scaling.desk, scaleSchedules: scaling.schedules });
  // Like `ack`, a one-shot `mlobs digest --now` only writes the outbox; the running bot's sender posts it. Without Slack it shows the digest instead.
  if (config.slack.connection.mode !== 'local') ports.digests = new DigestPoster({ store, outbox: incidentOutbox.outbox, render: (reply) => renderBlocks(reply, { charts: config.charts.mode === 'upload' ? 'caption' : 'image' }) });
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
    incidentOutbox,
    incidentDesk,
    aws,
    ...(scaling ? { scaling } : {}),
    costBurn,
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
  outbox?: Pick<OutboxSenderOptions, 'postIntervalMs' | 'updateIntervalMs' | 'pollIntervalMs' | 'retry'>;
  /** The reminder job's longest sleep; tests with a reminder interval of a second shorten it. */
  reminders?: Pick<ReminderJobOptions, 'pollIntervalMs'>;
  /** The digest job's longest sleep and catch-up window. */
  digestJob?: Pick<DigestJobOptions, 'pollIntervalMs' | 'catchUpMs'>;
  /** The SQS consumer's back-offs (with `sqs.queue_url`); tests shorten them. */
  sqs?: Partial<SqsConsumerTiming>;
  /** The scale job's longest sleep; tests shorten it. */
  scaleJob?: { pollIntervalMs?: number };
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
  // The same checks and the same inbox for alarms read from SQS; a message leaves the queue once stored.
  const sqs =
    config.sqs &&
    new SqsConsumer({
      queue: new SqsAlarmQueue(services.aws, config.sqs, config.aws.defaultRegion),
      accept: snsMessageAcceptor({ inbox: incidents.inbox, config }),
      inbox: incidents.inbox,
      log,
      metrics: services.metrics,
      ...(options.sqs && { timing: options.sqs }),
    });
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
      incidentDesk: services.incidentDesk,
      log,
      metrics: services.metrics,
      cancelRequests: new CommandCancellations(services.store),
      diagnose: (incident, requestedBy) => incidents.diagnoses.requestFor(incident, requestedBy),
      ...(config.charts.mode === 'upload' ? { chartUploads: { quickchartUrl: config.charts.quickchartUrl } } : {}),
      ...(services.scaling
        ? {
            scale: {
              desk: services.scaling.desk,
              schedules: services.scaling.schedules,
              findIncident: (number: number) => services.incidentDesk.find(number),
              chooser: scaleChooserAnswer(services.scaling.aws, config, options.clock ?? (() => new Date())),
            },
          }
        : {}),
    });
    const auth = slack.auth;
    checks.slack = async () => {
      const status = await auth.status();
      return status.ok ? { ok: true } : status;
    };
    // With SQLite this is the only bot on the database: what a crashed run had claimed is taken back now, not a minute later.
    const released = await releaseOrphanedClaims(services.store, Date.now());
    if (released.messages + released.writes > 0) log.warn(released, 'took back the work a previous run left claimed (it did not stop cleanly)');
    port = await slack.start();
  } catch (error) {
    await services.close();
    throw error;
  }
  incidents.sender.start();
  incidents.pipeline.start();
  sqs?.start();
  incidents.reminders.start();
  incidents.diagnoses.start();
  incidents.costBurn.start();
  incidents.metricPoints.start();
  const scaleJob = services.scaling && new ScaleJob({ desk: services.scaling.desk, log, ...(options.clock ? { clock: options.clock } : {}), ...options.scaleJob });
  if (scaleJob && services.scaling) {
    services.scaling.onTimer(() => scaleJob.wake());
    scaleJob.start();
  }
  const digestJob = openDigestJob(services, options);
  digestJob.start();
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
        await sqs?.stop();
        // No new SNS messages now; finish the batch in hand, then what it enqueued for Slack is sent by whoever runs next.
        await incidents.pipeline.stop();
        await incidents.reminders.stop();
        await incidents.diagnoses.stop();
        await incidents.costBurn.stop();
        await incidents.metricPoints.stop();
        await scaleJob?.stop();
        await digestJob.stop();
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
  /** Reminders of unacknowledged incidents and the end of flapping: what happens with no alarm arriving. */
  reminders: ReminderJob;
  /** The automatic diagnosis of new incidents (routing `diagnose: true`) and the Diagnose button's. */
  diagnoses: DiagnosisJob;
  /** The cost burn reply of resolved incidents on endpoints. */
  costBurn: CostBurnJob;
  /** The metric around each breach, for the parent's sparklines and chart. */
  metricPoints: MetricPointsJob;
  sender: OutboxSender;
}

/**
 * SNS inbox → incidents → Slack outbox → Slack. The WebClient never retries by itself: the
 * outbox owns retries and `Retry-After`, shared by every replica through the database.
 */
function incidentFlow(services: Services, botToken: string, options: StartOptions): IncidentFlow {
  const { config, store, log } = services;
  const { metrics, threads } = services.incidentOutbox;
  const client = createOutboxWebClient({
    token: botToken,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    logger: boltLoggerFrom(log.child({ component: 'slack-outbox' })),
  });
  const sender = new OutboxSender({ store, slack: new WebClientChatApi(client), log, metrics, ...options.outbox });
  services.incidentOutbox.onEnqueued(() => sender.wake());
  // A claimed batch takes well under a second; a replica that died gives its claims back after a minute.
  const inbox = new SnsInbox(store, { claimLeaseMs: 60_000 });
  const diagnosisRequests = new IncidentDiagnoses(store);
  const diagnoses = new DiagnosisJob({
    requests: diagnosisRequests,
    ports: services.ports,
    config,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    post: async (trx, request, reply) => {
      const key = diagnosisMessageKey(request.incidentNumber, request.episodeStartMs);
      await services.incidentOutbox.outbox.enqueueReply(incidentParentKey(request.incidentNumber), request.channel, renderBlocks(reply), { trx, key, metadata: { incident: request.incidentNumber } });
    },
  });
  const metricPoints = openMetricPointsJob(services);
  const pipeline = new AlarmPipeline({
    store,
    inbox,
    threads: new DiagnosingThreads(
      new MetricPointsThreads(services.costBurn.threadsOver(threads), services.costBurn.followups, () => metricPoints.wake()),
      diagnosisRequests,
      config,
      () => diagnoses.wake(),
    ),
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
    reminders: new ReminderJob({ store, threads, policy: config.incidents, log, ...options.reminders }),
    diagnoses,
    costBurn: openCostBurnJob(services),
    metricPoints,
    sender,
  };
}

/** The metric behind each new breach, fetched for the incident parent (`metric-points-job.ts`). */
function openMetricPointsJob(services: Services): MetricPointsJob {
  const { config, store, log } = services;
  const cloudwatch = new CloudWatchAlarmMetrics(services.aws);
  return new MetricPointsJob({
    followups: services.costBurn.followups,
    incidents: StoredIncidents.over(store, config.incidents),
    fetch: (region, requests, window) => cloudwatch.series(region, requests, window),
    threads: services.incidentOutbox.threads,
    log,
  });
}

export interface CostBurn {
  followups: IncidentFollowups;
  /** `threads`, plus a cost burn follow-up for each resolve of an incident on an endpoint (pipeline and desk alike). */
  threadsOver(threads: IncidentThreads): IncidentThreads;
  /** Whom to wake once a follow-up is asked for: the running bot's job. */
  onRequested(wake: () => void): void;
}

function openCostBurn(store: Store): CostBurn {
  const followups = new IncidentFollowups(store);
  let wake = (): void => undefined;
  return {
    followups,
    threadsOver: (threads) => new CostBurnThreads(threads, followups, () => wake()),
    onRequested(listener) {
      wake = listener;
    },
  };
}

/** On the real clock: the job's clock only times retries; the cost spans the incident's own times. */
function openCostBurnJob(services: Services): CostBurnJob {
  const { store, log, ports } = services;
  const capacity = ports.endpointCapacity;
  const job = new CostBurnJob({
    followups: services.costBurn.followups,
    measure: async (subject) =>
      capacity === undefined
        ? { skipped: 'this bot has no SageMaker connection' }
        : incidentBurnReport(
            { capacity, scaleChanges: (endpoint, since) => scaleHistory(store, endpoint, since) },
            { endpoint: subject.endpoint, ...(subject.variant === undefined ? {} : { variant: subject.variant }), scope: { region: subject.region }, startMs: subject.startMs, endMs: subject.endMs },
          ),
    post: async (trx, followup, text) => {
      await services.incidentOutbox.outbox.enqueueReply(incidentParentKey(followup.incidentNumber), followup.channel, { text }, { trx, key: followup.key, metadata: { incident: followup.incidentNumber } });
    },
    log,
  });
  services.costBurn.onRequested(() => job.wake());
  return job;
}

/** The scheduled digests; with `digest.enabled: false` the job never starts. */
function openDigestJob(services: Services, options: StartOptions): DigestJob {
  const { config, store, log, ports } = services;
  return new DigestJob({
    digests: config.digest.enabled ? configuredDigests(config.digest) : [],
    poster: new DigestPoster({ store, outbox: services.incidentOutbox.outbox, render: (reply) => renderBlocks(reply, { charts: config.charts.mode === 'upload' ? 'caption' : 'image' }) }),
    compose: (digest, now) => composeDigest(ports, digest, { now, region: config.aws.defaultRegion, charts: config.charts, log }),
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.digestJob,
  });
}

export interface IncidentOutbox {
  outbox: Outbox;
  metrics: OutboxMetrics;
  threads: OutboxIncidentThreads;
  /** Whom to wake after every enqueue: the running bot's sender. */
  onEnqueued(wake: () => void): void;
}

/**
 * Built with the services, not with the running bot, so a one-shot `mlobs ack 12` writes its
 * Slack effects too; with no sender in that process, the running bot's sender finds them.
 */
function openIncidentOutbox(config: Config, store: Store, botMetrics: BotMetrics, log: Logger): IncidentOutbox {
  const metrics = new OutboxMetrics(botMetrics.registry);
  let wake = (): void => undefined;
  const outbox = new Outbox(store, { metrics, log, onEnqueued: () => wake() });
  return {
    outbox,
    metrics,
    threads: new OutboxIncidentThreads({ outbox, policy: config.incidents, charts: config.charts }),
    onEnqueued(listener) {
      wake = listener;
    },
  };
}

function openIncidentDesk(config: Config, store: Store, threads: IncidentThreads, log: Logger, clock: (() => Date) | undefined): IncidentDesk {
  const connection = config.slack.connection;
  // Without Slack credentials (the terminal in local mode) no user group can be checked: only the console acts.
  const slack = connection.mode === 'local' ? undefined : WebApiSlackDirectory.connect({ token: connection.botToken, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}), log });
  return new IncidentDesk({
    store,
    incidents: StoredIncidents.over(store, config.incidents),
    threads,
    permissions: new PermissionPolicy(config.permissions, new CachedSlackDirectory(slack ?? UNREACHABLE_SLACK_DIRECTORY)),
    log,
    ...(clock ? { clock } : {}),
    ...(slack ? { messageUrl: (channel: string, ts: string) => slack.messageUrl(channel, ts) } : {}),
  });
}

export interface Scaling {
  desk: ScaleDesk;
  schedules: ScaleSchedules;
  aws: ConstructorParameters<typeof ScaleDesk>[0]['aws'];
  /** Whom to wake when a request's timer moves closer: the running bot's scale job. */
  onTimer(wake: () => void): void;
}

/**
 * Scale requests write their messages through the incidents' outbox (one sender for every Slack
 * write); the job that follows them runs only in the bot, so a console `mlobs scale … --yes`
 * leaves the following to the running bot.
 */
function openScaling(config: Config, store: Store, ports: Ports, outbox: Outbox, incidents: IncidentDesk, log: Logger, options: ServiceOptions): Scaling | undefined {
  const { endpointCapacity: capacity, endpointMetrics: metrics, endpointScaling: scaling } = ports;
  if (!capacity || !metrics || !scaling) return undefined;
  const aws = { capacity, metrics, scaling };
  const connection = config.slack.connection;
  const slack = connection.mode === 'local' ? undefined : WebApiSlackDirectory.connect({ token: connection.botToken, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}), log });
  const permissions = new PermissionPolicy(config.permissions, new CachedSlackDirectory(slack ?? UNREACHABLE_SLACK_DIRECTORY));
  let wake = (): void => undefined;
  const desk = new ScaleDesk({
    store,
    threads: new OutboxScaleThreads(outbox),
    permissions,
    aws,
    config,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.scaleTiming ? { timing: options.scaleTiming } : {}),
    onTimer: () => wake(),
    openIncident: incidentWhereAsked(() => incidents.listOpen(), incidentParentKey),
  });
  return {
    desk,
    schedules: new ScaleSchedules({ store, permissions, aws, config, log }),
    aws,
    onTimer(listener) {
      wake = listener;
    },
  };
}

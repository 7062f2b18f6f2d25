/**
 * The SQS consumer through the real `@aws-sdk/client-sqs` against the AWS simulator: SNS →
 * SQS (envelope or raw) → the real bot (`startBot` with `sqs.queue_url`) → inbox → incidents →
 * the Slack simulator; and the consumer alone over a real inbox whose store can fail.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/app.js';
import { AwsClients } from '../../src/aws/aws-clients.js';
import { SqsAlarmQueue } from '../../src/aws/sqs-alarm-queue.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { snsMessageAcceptor } from '../../src/ingest/sns-message-acceptance.js';
import { SqsConsumer } from '../../src/ingest/sqs-consumer.js';
import type { SqsQueue } from '../../src/sim/aws/services/sqs/sqs-queue.js';
import { alarmNotification } from '../../src/sim/aws/sns/alarm-notification.js';
import { signSnsMessage } from '../../src/sim/aws/sns/sns-message.js';
import { DEFAULT_BOT_TOKEN } from '../../src/sim/slack/slack-simulator.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import type { Store } from '../../src/store/database.js';
import { SnsInbox, type NewInboxMessage } from '../../src/store/sns-inbox.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { p99Latency } from '../e2e/incidents/alarm-definitions.js';
import { describeEachStore, type FreshDatabase, type StoreTarget } from '../support/database.js';

// The bot finds AWS credentials the standard way, here pointed at the simulator (which takes any).
process.env.AWS_ACCESS_KEY_ID = 'AKIDSIMULATOR';
process.env.AWS_SECRET_ACCESS_KEY = 'simulator';

const CHANNEL = '#ml-incidents';
const ALARM_REASON = 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0).';

interface SqsWorld {
  sims: Simulators;
  queue: SqsQueue;
  topicArn: string;
  config: Config;
  logs: Array<Record<string, unknown>>;
  database: FreshDatabase;
  /** A signed Notification envelope of an ALARM, as SNS puts it into the queue. */
  envelope(messageId: string): string;
  close(): Promise<void>;
}

async function openSqsWorld(target: StoreTarget, options: { raw?: boolean } = {}): Promise<SqsWorld> {
  const sims = await startSimulators({ speed: 0, alarms: false });
  const queue = sims.aws.sqs.createQueue('mlobs-alarms', {}, 'us-east-1');
  const topicArn = sims.aws.sns.defaultTopicArn;
  sims.aws.sns.subscribe(topicArn, { protocol: 'sqs', endpoint: queue.arn, attributes: { RawMessageDelivery: String(options.raw ?? false) } });
  const database = target.freshDatabase();
  const loaded = loadConfig(
    {
      SLACK_BOT_TOKEN: DEFAULT_BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'sqs-test-signing-secret-0123456789',
      SLACK_API_URL: sims.slack.url,
      MLOBS_SNS_TRUSTED_URLS: sims.aws.url,
      DATABASE_URL: database.url,
      AWS_ENDPOINT_URL: sims.aws.url,
      AWS_REGION: 'us-east-1',
    },
    { cwd: '/nonexistent-config-dir' },
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const logs: Array<Record<string, unknown>> = [];
  return {
    sims,
    queue,
    topicArn,
    config: { ...loaded.config, sqs: { queueUrl: queue.url } },
    logs,
    database,
    envelope(messageId) {
      const alarm = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: ALARM_REASON, at: sims.simulation.now() });
      const signing = { version: '2' as const, privateKey: sims.aws.sns.certificate.privateKey, signingCertUrl: `${sims.aws.url}${sims.aws.sns.certificatePath}` };
      const unsigned = { Type: 'Notification' as const, MessageId: messageId, TopicArn: topicArn, Subject: alarm.subject, Message: alarm.message, Timestamp: sims.simulation.now().toISOString() };
      return JSON.stringify(signSnsMessage(unsigned, signing, `${sims.aws.url}/sns/unsubscribe`));
    },
    async close() {
      await sims.close();
      await database.dispose();
    },
  };
}

function logTo(logs: Array<Record<string, unknown>>) {
  return createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function pending(store: Store): Promise<{ inbox: number; outbox: number; stored: number }> {
  const { rows } = await sql<{ inbox: number; outbox: number; stored: number }>`
    select (select count(*) from sns_inbox where processed_at is null) as inbox,
           (select count(*) from slack_outbox where state in ('pending', 'sending')) as outbox,
           (select count(*) from sns_inbox) as stored`.execute(store.db);
  return { inbox: Number(rows[0]?.inbox), outbox: Number(rows[0]?.outbox), stored: Number(rows[0]?.stored) };
}

describeEachStore('SQS consumer in the bot: SNS → SQS → inbox → one incident thread', (target) => {
  let world: SqsWorld;
  let bot: RunningBot;

  async function start(options: { raw?: boolean } = {}): Promise<void> {
    world = await openSqsWorld(target, options);
    bot = await startBot(world.config, logTo(world.logs), { host: '127.0.0.1', port: 0 });
  }

  /** The queue is empty, every stored message processed, every Slack write sent. */
  async function settled(): Promise<void> {
    await eventually('queue drained and bot settled', async () => {
      const left = await pending(bot.services.store);
      return world.queue.peek().length === 0 && left.inbox === 0 && left.outbox === 0;
    });
  }

  const parents = () => world.sims.slack.channel(CHANNEL).messages().filter((m) => /^incident:\d+:parent$/.test(String(m.metadata?.event_payload.key)));

  afterEach(async () => {
    await bot?.stop();
    await world?.close();
  });

  it('an alarm published to a topic with an SQS subscription (envelope) becomes one incident parent', async () => {
    await start();
    const alarm = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: ALARM_REASON, at: world.sims.simulation.now() });

    const published = world.sims.aws.sns.publish(world.topicArn, { subject: alarm.subject, message: alarm.message });
    await settled();

    expect(parents()).toHaveLength(1);
    expect(parents()[0]?.text).toMatch(/^🔴 ALARM .*fraud-detector/);
    expect(await new SnsInbox(bot.services.store).byMessageId(published.messageId)).toMatchObject({ topicArn: world.topicArn, subject: alarm.subject });
  });

  it('a raw-delivered alarm becomes one incident parent, stored under the SQS MessageId with the queue as its source', async () => {
    await start({ raw: true });
    const alarm = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: ALARM_REASON, at: world.sims.simulation.now() });

    world.sims.aws.sns.publish(world.topicArn, { subject: alarm.subject, message: alarm.message });
    const sqsMessageId = world.queue.peek()[0]?.messageId;
    await settled();

    expect(parents()).toHaveLength(1);
    expect(await new SnsInbox(bot.services.store).byMessageId(`sqs:${sqsMessageId}`)).toMatchObject({ topicArn: world.queue.arn, subject: null, message: alarm.message });
  });

  it('a duplicate delivery of the same SNS message is deleted from the queue and posts nothing new', async () => {
    await start();
    const envelope = world.envelope('5b0c8f2e-0000-4000-8000-000000000001');

    world.queue.send(envelope, world.sims.simulation.now());
    world.queue.send(envelope, world.sims.simulation.now());
    await settled();

    expect(parents()).toHaveLength(1);
    expect((await pending(bot.services.store)).stored).toBe(1);
    expect(world.logs.filter((l) => l.msg === 'sqs message accepted').map((l) => l.outcome).sort()).toEqual(['duplicate', 'stored']);
  });

  it('an envelope whose signature does not verify is not stored, not deleted, and reaches no one', async () => {
    await start();
    const forged = JSON.parse(world.envelope('5b0c8f2e-0000-4000-8000-000000000002')) as Record<string, string>;
    forged.Message = forged.Message!.replace('"ALARM"', '"OK"');

    world.queue.send(JSON.stringify(forged), world.sims.simulation.now());
    await eventually('the consumer refused it', () => world.logs.some((l) => l.msg === 'sqs message refused; left in the queue for its redrive policy'));

    const refusal = world.logs.find((l) => l.msg === 'sqs message refused; left in the queue for its redrive policy');
    expect(refusal).toMatchObject({ outcome: 'bad_signature', reason: 'signature does not verify', hideSeconds: 300 });
    expect(world.queue.peek()).toHaveLength(1);
    expect(world.queue.counts()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    expect((await pending(bot.services.store)).stored).toBe(0);
    expect(world.sims.slack.channel(CHANNEL).messages()).toEqual([]);
    expect(await bot.services.metrics.registry.getSingleMetricAsString('mlobs_sqs_messages_total')).toContain('outcome="bad_signature"} 1');
  });
});

describeEachStore('SQS consumer: a message leaves the queue only once stored', (target) => {
  let world: SqsWorld;
  let store: Store;
  let clients: AwsClients;
  let consumer: SqsConsumer;

  beforeEach(async () => {
    world = await openSqsWorld(target);
    store = await target.open();
    clients = new AwsClients(world.config, { credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' } });
  });

  afterEach(async () => {
    await consumer?.stop();
    clients.destroy();
    await store.close();
    await world.close();
  });

  it('a store failure leaves the message in the queue; it is received again and deleted once stored', async () => {
    const inbox = new SnsInbox(store);
    let failuresLeft = 1;
    const flaky = {
      async store(message: NewInboxMessage) {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('database unavailable (test)');
        }
        return inbox.store(message);
      },
    };
    consumer = new SqsConsumer({
      queue: new SqsAlarmQueue(clients, world.config.sqs!, 'us-east-1'),
      accept: snsMessageAcceptor({ inbox: flaky, config: world.config }),
      inbox: flaky,
      log: logTo(world.logs),
      timing: { retryVisibilitySeconds: 0 },
    });
    const messageId = '5b0c8f2e-0000-4000-8000-000000000003';
    world.queue.send(world.envelope(messageId), world.sims.simulation.now());

    consumer.start();
    await eventually('the message was deleted', () => world.queue.peek().length === 0);

    expect(world.logs.filter((l) => String(l.msg).startsWith('sqs message')).map((l) => [l.msg, l.outcome, l.receiveCount])).toEqual([
      ['sqs message not stored; it will be received again', 'storage_failed', 1],
      ['sqs message accepted', 'stored', 2],
    ]);
    expect(await inbox.byMessageId(messageId)).toMatchObject({ kind: 'notification', topicArn: world.topicArn });
  });

  it('a throttled ReceiveMessage is logged and backed off, and polling goes on', async () => {
    world.sims.aws.server.setFaults({ operations: { 'sqs.ReceiveMessage': { throttleRate: 1 } } });
    const impatient = new AwsClients(world.config, { credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' }, maxAttempts: 1 });
    const inbox = new SnsInbox(store);
    consumer = new SqsConsumer({
      queue: new SqsAlarmQueue(impatient, world.config.sqs!, 'us-east-1'),
      accept: snsMessageAcceptor({ inbox, config: world.config }),
      inbox,
      log: logTo(world.logs),
      timing: { receiveErrorBackoffMs: 10, maxReceiveErrorBackoffMs: 20 },
    });
    consumer.start();
    await eventually('two failed receives in a row', () => world.logs.some((l) => l.msg === 'sqs receive failed; backing off' && l.failuresInARow === 2));

    world.sims.aws.server.setFaults(undefined);
    const messageId = '5b0c8f2e-0000-4000-8000-000000000005';
    world.queue.send(world.envelope(messageId), world.sims.simulation.now());
    await eventually('the message was stored and deleted', () => world.queue.peek().length === 0);
    await consumer.stop();
    impatient.destroy();

    expect(world.logs.find((l) => l.msg === 'sqs receive failed; backing off')).toMatchObject({ level: 40, failuresInARow: 1, pauseMs: 10, err: expect.objectContaining({ type: 'RequestThrottled' }) });
    expect(await inbox.byMessageId(messageId)).toBeDefined();
  });

  it('stop ends the long poll at once and leaves later messages in the queue', async () => {
    consumer = new SqsConsumer({
      queue: new SqsAlarmQueue(clients, world.config.sqs!, 'us-east-1'),
      accept: snsMessageAcceptor({ inbox: new SnsInbox(store), config: world.config }),
      inbox: new SnsInbox(store),
      log: logTo(world.logs),
    });
    consumer.start();
    await eventually('the consumer started', () => world.logs.some((l) => l.msg === 'sqs consumer started'));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const stopped = consumer.stop().then(() => 'stopped' as const);
    const outcome = await Promise.race([stopped, new Promise<'still polling'>((resolve) => setTimeout(() => resolve('still polling'), 10_000))]);
    // The simulator learns of the hang-up when the socket closes, a moment after the abort.
    await new Promise((resolve) => setTimeout(resolve, 100));
    world.queue.send(world.envelope('5b0c8f2e-0000-4000-8000-000000000004'), world.sims.simulation.now());
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(outcome).toBe('stopped');
    expect(consumer.running).toBe(false);
    expect(world.queue.counts()).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
  });
});

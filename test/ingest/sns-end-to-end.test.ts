/**
 * The real path: the AWS simulator's SNS subscribes an HTTP server serving the /sns route,
 * signs and delivers over HTTP like SNS, and the route confirms and stores. Nothing is stubbed:
 * the certificate and the SubscribeURL are fetched from the simulator (a trusted prefix).
 */
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { serveRoutes } from '../support/serve-routes.js';
import { snsRoute } from '../../src/ingest/sns-route.js';
import { startAwsSimulator, type AwsSimulator } from '../../src/sim/aws/server/start-aws-simulator.js';
import { alarmNotification, type MetricAlarmDefinition } from '../../src/sim/aws/sns/alarm-notification.js';
import type { SnsSignatureVersion } from '../../src/sim/aws/sns/sns-message.js';
import type { Store } from '../../src/store/database.js';
import { SnsInbox } from '../../src/store/sns-inbox.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { storeTargets } from '../support/database.js';

const p99Alarm: MetricAlarmDefinition = {
  kind: 'metric',
  name: 'fraud-detector-p99-latency',
  description: 'p99 above SLA',
  accountId: '123456789012',
  region: 'us-east-1',
  configurationUpdatedAt: new Date('2026-11-01T10:00:00.000Z'),
  alarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
  namespace: 'AWS/SageMaker',
  metricName: 'ModelLatency',
  dimensions: { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' },
  extendedStatistic: 'p99',
  period: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  comparisonOperator: 'GreaterThanThreshold',
  threshold: 500_000,
};

interface World {
  sim: AwsSimulator;
  store: Store;
  inbox: SnsInbox;
  endpoint: string;
  logs: Array<Record<string, unknown>>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(options: { signatureVersion?: SnsSignatureVersion; trustSimulator?: boolean } = {}): Promise<World> {
  const sim = await startAwsSimulator({ snsSignatureVersion: options.signatureVersion ?? '2', snsDelivery: { retries: 0 } });
  cleanups.push(() => sim.close());
  const store = await storeTargets().find((t) => t.name === 'sqlite')!.open();
  cleanups.push(() => store.close());
  const inbox = new SnsInbox(store);
  const logs: Array<Record<string, unknown>> = [];
  const route = snsRoute({
    inbox,
    config: {
      sns: { allowedTopicArns: [sim.sns.defaultTopicArn], maxAgeMs: 3_600_000, trustedUrlPrefixes: options.trustSimulator === false ? [] : [sim.url] },
      aws: { defaultRegion: 'us-east-1', endpointUrl: sim.url, accounts: [] },
    },
    log: createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } }),
  });
  const { server, port } = await serveRoutes([route], { port: 0, host: '127.0.0.1' });
  cleanups.push(() => closeServer(server));
  return { sim, store, inbox, endpoint: `http://127.0.0.1:${port}/sns`, logs };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('SNS → /sns → inbox, with the simulator', () => {
  it.each(['1', '2'] as const)('subscribing confirms by itself, and a published alarm lands in the inbox with 200 (SignatureVersion %s)', async (version) => {
    const { sim, inbox, endpoint } = await world({ signatureVersion: version });
    const topicArn = sim.sns.defaultTopicArn;

    const subscription = sim.sns.subscribe(topicArn, { protocol: 'http', endpoint });
    await sim.sns.whenIdle();

    expect(sim.sns.subscriptions(topicArn)).toEqual([expect.objectContaining({ arn: subscription.arn, confirmed: true })]);
    expect(sim.sns.deliveries).toEqual([expect.objectContaining({ type: 'SubscriptionConfirmation', status: 200, outcome: 'delivered' })]);

    const alarm = alarmNotification(p99Alarm, { oldState: 'OK', newState: 'ALARM', reason: 'Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (500000.0).', at: new Date() });
    const published = sim.sns.publish(topicArn, { subject: alarm.subject, message: alarm.message });
    const attempts = await published.delivered;

    expect(attempts).toEqual([expect.objectContaining({ type: 'Notification', status: 200, outcome: 'delivered', attempt: 1 })]);
    expect(await inbox.byMessageId(published.messageId)).toMatchObject({
      kind: 'notification',
      topicArn,
      subject: 'ALARM: "fraud-detector-p99-latency" in US East (N. Virginia)',
      message: alarm.message,
      processedAt: null,
    });
    const confirmation = sim.sns.deliveries.find((d) => d.type === 'SubscriptionConfirmation')!;
    expect(await inbox.byMessageId(confirmation.messageId)).toMatchObject({ kind: 'subscription-confirmation', topicArn });
  });

  it('unsubscribing delivers an UnsubscribeConfirmation that is recorded, not acted on', async () => {
    const { sim, inbox, endpoint, logs } = await world();
    const subscription = sim.sns.subscribe(sim.sns.defaultTopicArn, { protocol: 'http', endpoint });
    await sim.sns.whenIdle();

    sim.sns.unsubscribe(subscription.arn);
    await sim.sns.whenIdle();

    const goodbye = sim.sns.deliveries.find((d) => d.type === 'UnsubscribeConfirmation')!;
    expect(goodbye).toMatchObject({ status: 200 });
    expect(await inbox.byMessageId(goodbye.messageId)).toMatchObject({ kind: 'unsubscribe-confirmation' });
    expect(sim.sns.subscriptions()).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ msg: expect.stringContaining('sns subscription removed') }));
  });

  it('without the simulator as a trusted prefix, its confirmation is refused with 403 and the subscription stays pending', async () => {
    const { sim, inbox, endpoint, logs } = await world({ trustSimulator: false });
    const topicArn = sim.sns.defaultTopicArn;

    sim.sns.subscribe(topicArn, { protocol: 'http', endpoint });
    await sim.sns.whenIdle();

    expect(sim.sns.deliveries).toEqual([expect.objectContaining({ type: 'SubscriptionConfirmation', status: 403 })]);
    expect(sim.sns.subscriptions(topicArn)).toEqual([expect.objectContaining({ confirmed: false })]);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'sns message rejected', reason: 'certificate URL not trusted: http is not https (SNS serves only https)' }));
    expect(await inbox.claimUnprocessed(10)).toEqual([]);
  });
});

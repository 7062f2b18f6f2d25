/**
 * The metric points follow-up on both stores, fetching from the AWS simulator through the real
 * SDK client: asked once per alarm per episode in the pipeline's transaction, fetched for many
 * incidents in one GetMetricData, stored on the incident with a parent update, retried and
 * given up on AWS errors without touching the incident.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { AwsClients } from '../../../src/aws/aws-clients.js';
import { CloudWatchAlarmMetrics } from '../../../src/aws/cloudwatch-alarm-metrics.js';
import { fetchMetricData } from '../../../src/aws/cloudwatch-metric-data.js';
import type { IncidentsConfig } from '../../../src/config/config.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { AlarmTransition } from '../../../src/incidents/alarm-notification/index.js';
import { compactPoints } from '../../../src/incidents/alarm-metric-points.js';
import { applyTransition } from '../../../src/incidents/incident-state.js';
import type { IncidentThreads, ThreadChange } from '../../../src/incidents/pipeline/incident-threads.js';
import { MetricPointsJob, type FetchAlarmSeries } from '../../../src/incidents/pipeline/metric-points-job.js';
import { MetricPointsThreads } from '../../../src/incidents/pipeline/metric-points-threads.js';
import { StoredIncidents } from '../../../src/incidents/pipeline/stored-incidents.js';
import { startSimulators, type Simulators } from '../../../src/sim/start-simulators.js';
import type { Store } from '../../../src/store/database.js';
import { IncidentFollowups } from '../../../src/store/incident-followups.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { describeEachStore } from '../../support/database.js';
import { alarmFixture } from '../alarm-notification/sns-fixtures.js';

const MINUTE = 60_000;
/** The fixtures' alarms fire at 14:07; the job runs at 14:30, the simulator's fleet is live then. */
const NOW = new Date('2026-11-23T14:30:00Z');
const POLICY: IncidentsConfig = {
  reopenWindowMs: 30 * MINUTE,
  reminderAfterMs: 30 * MINUTE,
  reminderBackoff: 2,
  flapping: { transitions: 5, withinMs: 10 * MINUTE },
  buttons: ['ack', 'resolve'],
};
const log = createLogger({ level: 'silent' });

let sims: Simulators;
let aws: AwsClients;

beforeAll(async () => {
  sims = await startSimulators({ scenario: 'preprocess-memory', speed: 0, start: NOW, alarms: false });
  const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
  if (!loaded.ok) throw new Error('config');
  aws = new AwsClients(loaded.config, { credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' } });
});
afterAll(async () => {
  aws.destroy();
  await sims.close();
});

/** The p99 latency alarm of the fixture on `endpoint`. */
function latencyAlarm(endpoint: string): AlarmTransition {
  const fixture = alarmFixture('alarm-metric-p99-latency.json');
  return {
    ...fixture,
    alarmName: `${endpoint}-p99-latency`,
    alarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${endpoint}-p99-latency`,
    metric: { ...fixture.metric!, dimensions: { EndpointName: endpoint, VariantName: 'AllTraffic' } },
    resource: { kind: 'sagemaker-endpoint', key: `sagemaker:${endpoint}/AllTraffic`, name: endpoint, variant: 'AllTraffic' },
  };
}

/** Records the parent updates the job asks for. */
class RecordingThreads implements IncidentThreads {
  readonly changes: ThreadChange[] = [];
  async apply(_trx: unknown, change: ThreadChange): Promise<void> {
    this.changes.push(change);
  }
  async notice(): Promise<void> {}
}

describeEachStore('the metric points job', (target) => {
  let store: Store;
  let followups: IncidentFollowups;
  let incidents: StoredIncidents;
  let parents: RecordingThreads;
  let getMetricDataCalls: () => number;

  beforeEach(async () => {
    store = await target.open();
    followups = new IncidentFollowups(store);
    incidents = StoredIncidents.over(store, POLICY);
    parents = new RecordingThreads();
    aws.calls.clear();
    getMetricDataCalls = () => aws.calls.count({ service: 'cloudwatch', operation: 'GetMetricData' });
  });
  afterEach(() => store.close());

  /** Opens an incident for `transition` the way the pipeline does: stored, then the threads asked, in one transaction. */
  async function open(transition: AlarmTransition): Promise<number> {
    const threads = new MetricPointsThreads(new RecordingThreads(), followups);
    return incidents.transaction(async (stored, trx) => {
      const result = applyTransition(undefined, transition, { routing: { channel: '#ml-incidents', severity: 'critical', groupBy: 'resource', diagnose: false }, policy: POLICY, now: NOW });
      const created = await stored.create(result.incident!, NOW);
      await threads.apply(trx, { incident: created.incident, effects: result.effects, now: NOW });
      // A redelivery in the same episode asks nothing more.
      await threads.apply(trx, { incident: created.incident, effects: [{ kind: 'update-parent' }], now: NOW });
      return created.incident.number;
    });
  }

  function job(fetch?: FetchAlarmSeries, extra: { batchSize?: number } = {}): MetricPointsJob {
    const cloudwatch = new CloudWatchAlarmMetrics(aws);
    return new MetricPointsJob({
      followups,
      incidents,
      fetch: fetch ?? ((region, requests, window) => cloudwatch.series(region, requests, window)),
      threads: parents,
      log,
      clock: () => NOW,
      ...extra,
    });
  }

  it('fetches several pending incidents in one GetMetricData and stores the simulator own values on each', async () => {
    const numbers = [await open(latencyAlarm('fraud-detector')), await open(latencyAlarm('recsys-ranker'))];
    await job().runDue();
    expect(getMetricDataCalls()).toBe(1);

    // The fixture's breach (StateChangeTime 14:07:12.345), from an hour before it to the job's now.
    const breachMs = Date.parse('2026-11-23T14:07:12.345Z');
    const window = { start: new Date(breachMs - 3_600_000), end: NOW };
    for (const [number, endpoint] of [[numbers[0]!, 'fraud-detector'], [numbers[1]!, 'recsys-ranker']] as const) {
      const incident = (await incidents.findByNumber(number))!.incident;
      const points = incident.metricPoints?.[0];
      expect(points?.alarmArn).toBe(`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${endpoint}-p99-latency`);
      const direct = await fetchMetricData(
        aws.client('cloudwatch', { region: 'us-east-1' }),
        [{ Id: 'p99', MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [{ Name: 'EndpointName', Value: endpoint }, { Name: 'VariantName', Value: 'AllTraffic' }] }, Period: 60, Stat: 'p99' } }],
        window,
      );
      const series = direct.get('p99')!;
      const kept = series.timestamps.flatMap((at, i) => (at >= window.start.getTime() ? [[at, series.values[i]!] as const] : []));
      const expected = compactPoints(kept.map(([at]) => at), kept.map(([, value]) => value));
      expect(expected.values.length).toBeGreaterThan(10);
      expect(points?.values).toEqual(expected.values);
      expect(points?.timestamps).toEqual(expected.timestamps);
      expect(points!.values.length).toBeLessThanOrEqual(60);
    }
    expect(parents.changes.map((change) => [change.incident.number, change.effects])).toEqual(numbers.map((number) => [number, [{ kind: 'update-parent' }]]));
    expect(parents.changes[0]!.incident.metricPoints).toHaveLength(1);
    // Done once: nothing due any more, and asking again for the same episode records nothing.
    const before = getMetricDataCalls();
    await job().runDue();
    expect(getMetricDataCalls()).toBe(before);
  });

  it('a storm of 300 incidents costs one GetMetricData per batch, not one per incident', async () => {
    for (let i = 0; i < 300; i++) await open(latencyAlarm(`storm-endpoint-${i}`));
    await job(undefined, { batchSize: 120 }).runDue();
    // 120 + 120 + 60 follow-ups: three requests. Endpoints the fleet does not have return no datapoints, and are skipped.
    expect(getMetricDataCalls()).toBe(3);
    expect(await followups.listDue(Date.parse('2030-01-01T00:00:00Z'), 1000, 'metric-points')).toEqual([]);
    expect(parents.changes).toEqual([]);
  });

  it('an AWS error leaves the incident as it was, retried twice, then given up', async () => {
    const number = await open(latencyAlarm('fraud-detector'));
    let now = NOW.getTime();
    let calls = 0;
    const failing = new MetricPointsJob({
      followups,
      incidents,
      fetch: async () => {
        calls += 1;
        throw new Error('ThrottlingException: Rate exceeded');
      },
      threads: parents,
      log,
      clock: () => new Date(now),
    });
    await failing.runDue();
    const key = (await followups.listDue(Number.MAX_SAFE_INTEGER, 10, 'metric-points'))[0]!;
    expect(key).toMatchObject({ attempts: 1, detail: 'ThrottlingException: Rate exceeded', dueAt: now + 30_000 });
    now += 30_000;
    await failing.runDue();
    now += 120_000;
    await failing.runDue();
    now += 600_000;
    await failing.runDue();
    expect(calls).toBe(3);
    expect(await followups.find(key.key)).toMatchObject({ outcome: 'failed', attempts: 3 });
    expect((await incidents.findByNumber(number))!.incident.metricPoints).toBeUndefined();
    expect(parents.changes).toEqual([]);
  });

  it('the cost burn job does not take metric points follow-ups', async () => {
    await open(latencyAlarm('fraud-detector'));
    expect(await followups.listDue(NOW.getTime(), 20, 'cost-burn')).toEqual([]);
    expect(await followups.nextDueAt('cost-burn')).toBeUndefined();
    expect(await followups.nextDueAt('metric-points')).toBe(0);
  });
});

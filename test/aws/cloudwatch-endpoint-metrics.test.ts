import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/aws-clients.js';
import { CloudWatchEndpointMetrics } from '../../src/aws/cloudwatch-endpoint-metrics.js';
import { periodTimeline } from '../../src/aws/cloudwatch-metric-data.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';

const NOW = new Date('2026-11-23T15:05:00Z');
const SCOPE = { region: 'us-east-1' };
const LAST_3H = { start: new Date(NOW.getTime() - 3 * 3_600_000), end: NOW };

describe('CloudWatchEndpointMetrics against the simulator', () => {
  let sims: Simulators;
  let clients: AwsClients;
  let metrics: CloudWatchEndpointMetrics;
  beforeAll(async () => {
    sims = await startSimulators({ scenario: 'preprocess-memory', speed: 0, start: NOW, incidentLeadMs: -5 * 60_000, alarms: false });
    const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
    if (!loaded.ok) throw new Error('config');
    clients = new AwsClients(loaded.config);
    metrics = new CloudWatchEndpointMetrics(clients);
  });
  afterAll(async () => {
    clients.destroy();
    await sims.close();
  });

  it('reads every series of a variant in one GetMetricData, in milliseconds, one value per minute', async () => {
    clients.calls.clear();
    const [series] = await metrics.latencySeries('fraud-detector', ['AllTraffic'], LAST_3H, SCOPE, NOW);
    expect(clients.calls.records.map((c) => c.operation)).toEqual(['GetMetricData']);
    expect(series!.periodS).toBe(60);
    expect(series!.timestamps).toHaveLength(180);
    expect(series!.timestamps[0]).toEqual(LAST_3H.start);
    // Healthy fraud-detector: ModelLatency p99 ≈ 90 ms (90,000 µs in CloudWatch).
    expect(series!.model.p99Ms[0]).toBeGreaterThan(50);
    expect(series!.model.p99Ms[0]).toBeLessThan(150);
    expect(series!.invocations[0]).toBeGreaterThan(100);
  });

  it('keeps minutes without requests as gaps on the timeline (churn-model serves a few requests an hour)', async () => {
    const [series] = await metrics.latencySeries('churn-model', ['AllTraffic'], LAST_3H, SCOPE, NOW);
    expect(series!.timestamps).toHaveLength(180);
    const served = series!.invocations.filter((v) => v !== undefined).length;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(180);
    series!.invocations.forEach((v, i) => expect(series!.model.p99Ms[i] === undefined).toBe(v === undefined));
  });

  it('describes an endpoint, and answers undefined for one that does not exist', async () => {
    expect(await metrics.describeEndpoint('fraud-detector', SCOPE)).toEqual({ name: 'fraud-detector', status: 'InService', variants: ['AllTraffic'] });
    expect(await metrics.describeEndpoint('fraud-detecter', SCOPE)).toBeUndefined();
    expect(await metrics.knownEndpoints(SCOPE)).toEqual(['churn-model', 'fraud-detector', 'recsys-ranker']);
  });
});

describe('periodTimeline', () => {
  const window = { start: new Date('2026-11-23T12:00:30Z'), end: new Date('2026-11-23T12:30:00Z') };
  it('spans the window on the grid CloudWatch answered on, whatever the datapoints present', () => {
    const seen = [{ timestamps: [Date.parse('2026-11-23T12:10:00Z'), Date.parse('2026-11-23T12:25:00Z')], values: [1, 2] }];
    const timeline = periodTimeline(window, 300, seen);
    expect(timeline.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['12:00', '12:05', '12:10', '12:15', '12:20', '12:25']);
  });
  it('is empty without any datapoint', () => {
    expect(periodTimeline(window, 60, [{ timestamps: [], values: [] }])).toEqual([]);
  });
});

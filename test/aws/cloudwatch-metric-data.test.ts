import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/aws-clients.js';
import { fetchMetricData, MAX_QUERIES_PER_REQUEST } from '../../src/aws/cloudwatch-metric-data.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const SCOPE = { region: 'us-east-1' };
const LAST_4H = { start: new Date(NOW.getTime() - 4 * 3_600_000), end: NOW };

/** `count` queries of one per-minute series (fraud-detector invocations), Ids q0, q1, … */
function invocationQueries(count: number): MetricDataQuery[] {
  return Array.from({ length: count }, (_, i) => ({
    Id: `q${i}`,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/SageMaker',
        MetricName: 'Invocations',
        Dimensions: [
          { Name: 'EndpointName', Value: 'fraud-detector' },
          { Name: 'VariantName', Value: 'AllTraffic' },
        ],
      },
      Period: 60,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
}

describe('fetchMetricData against the simulator', () => {
  let sims: Simulators;
  let clients: AwsClients;
  beforeAll(async () => {
    sims = await startSimulators({ scenario: 'preprocess-memory', speed: 0, start: NOW, alarms: false });
    const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
    if (!loaded.ok) throw new Error('config');
    clients = new AwsClients(loaded.config);
  });
  afterAll(async () => {
    clients.destroy();
    await sims.close();
  });

  it('asks in batches of 500 queries, follows NextToken within each, and maps every series back to its Id', async () => {
    clients.calls.clear();
    // 1,100 queries × 240 minutes: batches of 500, 500 and 100; the 500-query batches hold
    // 120,000 datapoints, past the 100,800 of one page, so each takes two pages.
    const series = await fetchMetricData(clients.client('cloudwatch', SCOPE), invocationQueries(1_100), LAST_4H);
    expect(MAX_QUERIES_PER_REQUEST).toBe(500);
    expect(clients.calls.records.map((call) => `${call.operation} ${call.ok}`)).toEqual(Array(5).fill('GetMetricData true'));
    expect(series.size).toBe(1_100);
    const first = series.get('q0')!;
    expect(first.timestamps).toHaveLength(240);
    expect(first.timestamps[0]).toBe(LAST_4H.start.getTime());
    for (const id of ['q499', 'q500', 'q1099']) expect(series.get(id)).toEqual(first);
  });

  it('sends one request for a chart-sized set of queries', async () => {
    clients.calls.clear();
    const series = await fetchMetricData(clients.client('cloudwatch', SCOPE), invocationQueries(3), { start: new Date(NOW.getTime() - 3_600_000), end: NOW });
    expect(clients.calls.count({ operation: 'GetMetricData' })).toBe(1);
    expect([...series.keys()]).toEqual(['q0', 'q1', 'q2']);
  });

  it('refuses two queries with the same Id before calling CloudWatch', async () => {
    clients.calls.clear();
    const queries = [...invocationQueries(2), { ...invocationQueries(1)[0]!, Id: 'q1' }];
    await expect(fetchMetricData(clients.client('cloudwatch', SCOPE), queries, LAST_4H)).rejects.toThrow('two GetMetricData queries share the Id "q1"');
    expect(clients.calls.records).toHaveLength(0);
  });
});

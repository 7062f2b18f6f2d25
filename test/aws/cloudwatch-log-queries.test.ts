import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/aws-clients.js';
import { AwsClients as RealAwsClients } from '../../src/aws/aws-clients.js';
import { CloudWatchLogQueries } from '../../src/aws/cloudwatch-log-queries.js';
import { LogQueryRejected, type QueryProgress } from '../../src/aws/ports/log-queries.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';

const PEAK = new Date('2026-11-23T15:00:00Z');
const NOW = new Date(PEAK.getTime() + 5 * 60_000);
const WINDOW = { start: new Date(NOW.getTime() - 60 * 60_000), end: NOW };
const SCOPE = { region: 'us-east-1' };
const ENDPOINT_GROUP = '/aws/sagemaker/Endpoints/fraud-detector';
const LAMBDA_GROUP = '/aws/lambda/fraud-preprocess';

describe('CloudWatchLogQueries against the simulator', () => {
  let sims: Simulators;
  let clients: RealAwsClients;
  const sleeps: number[] = [];
  const adapter = (options: { onSleep?: () => void; queryTimeoutMs?: number } = {}) =>
    new CloudWatchLogQueries(clients, {
      sleep: async (ms) => {
        sleeps.push(ms);
        sims.simulation.clock.advance(ms);
        options.onSleep?.();
      },
      now: () => sims.simulation.now().getTime(),
      ...(options.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: options.queryTimeoutMs }),
    });

  beforeEach(async () => {
    sleeps.length = 0;
    sims = await startSimulators({ scenario: 'preprocess-memory', speed: 0, start: NOW, incidentLeadMs: -5 * 60_000, alarms: false });
    const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    clients = new RealAwsClients(loaded.config, { maxAttempts: 1 });
  });

  afterEach(async () => {
    clients.destroy();
    await sims.close();
  });

  it('runs a query to its end, polling 0.5 s, 1 s, 2 s apart, reporting progress, with rows as records and @ptr left out', async () => {
    const progress: QueryProgress[] = [];
    const result = await adapter().runInsightsQuery(SCOPE, [LAMBDA_GROUP], 'fields @timestamp, @message | filter @message like /Task timed out/ | limit 3', WINDOW, {
      onProgress: (p) => progress.push(p),
    });

    expect(result).toMatchObject({ status: 'Complete', columns: ['@timestamp', '@message'], rowsAreEvents: true, elapsedMs: 3_500 });
    expect(result.rows).toHaveLength(3);
    expect(result.rows[0]?.['@message']).toMatch(/Task timed out after 3\.00 seconds$/);
    expect(result.statistics.recordsMatched).toBeGreaterThan(300);
    expect(sleeps).toEqual([500, 1_000, 2_000]);
    expect(progress.map((p) => [p.status, p.elapsedMs])).toEqual([
      ['Scheduled', 500],
      ['Running', 1_500],
    ]);
    expect(progress[1]?.statistics.bytesScanned).toBeGreaterThan(0);
  });

  it('stops the query when the caller aborts, and says so', async () => {
    const abort = new AbortController();
    const result = await adapter({ onSleep: () => abort.abort() }).runInsightsQuery(SCOPE, [LAMBDA_GROUP], 'fields @message', WINDOW, { signal: abort.signal });

    expect(result).toMatchObject({ status: 'Cancelled', stoppedBy: 'abort', rows: [] });
    expect(clients.calls.records.map((r) => r.operation)).toEqual(['StartQuery', 'StopQuery']);
  });

  it('turns the service’s refusals into LogQueryRejected with its message', async () => {
    const logs = adapter();
    await expect(logs.runInsightsQuery(SCOPE, [LAMBDA_GROUP], 'fields @message | lookup x', WINDOW)).rejects.toMatchObject({
      name: 'LogQueryRejected',
      reason: 'malformed-query',
      message: expect.stringMatching(/lookup/),
    });
    await expect(logs.runInsightsQuery(SCOPE, ['/aws/lambda/nope'], 'fields @message', WINDOW)).rejects.toEqual(
      new LogQueryRejected('log-group-not-found', 'The specified log group does not exist.'),
    );
  });

  it('lists log groups by prefix', async () => {
    const groups = await adapter().logGroups(SCOPE, '/aws/sagemaker/Endpoints/');
    expect(groups.map((g) => g.name)).toEqual(['/aws/sagemaker/Endpoints/churn-model', ENDPOINT_GROUP, '/aws/sagemaker/Endpoints/recsys-ranker']);
  });

  it('samples events in slices of the window, one FilterLogEvents call per group and slice', async () => {
    const all = [...sims.simulation.fleet().logEvents(ENDPOINT_GROUP, WINDOW.start, WINDOW.end)];
    const complete = await adapter().sampleEvents(SCOPE, [ENDPOINT_GROUP], WINDOW, { maxEvents: 10_000, slices: 4 });
    expect(complete.complete).toBe(true);
    expect(complete.events.map((e) => e.message)).toEqual(all.map((e) => e.message));
    expect(clients.calls.count({ operation: 'FilterLogEvents' })).toBe(4);

    const capped = await adapter().sampleEvents(SCOPE, [ENDPOINT_GROUP, LAMBDA_GROUP], WINDOW, { maxEvents: 40, slices: 2 });
    expect(capped.complete).toBe(false);
    expect(capped.events).toHaveLength(40); // 10 from each group's half-hours
    expect(new Set(capped.events.map((e) => e.logGroup))).toEqual(new Set([ENDPOINT_GROUP, LAMBDA_GROUP]));
  });
});

describe('CloudWatchLogQueries polling', () => {
  /** A CloudWatch Logs that reports `Running` for `runningPolls` polls, then `Complete`. */
  const fakeClients = (runningPolls: number) => {
    const operations: string[] = [];
    let polls = 0;
    const client = {
      async send(command: object) {
        const operation = command.constructor.name.replace(/Command$/, '');
        operations.push(operation);
        if (operation === 'StartQuery') return { queryId: 'q-1' };
        if (operation === 'StopQuery') return { success: true };
        polls += 1;
        const done = polls > runningPolls;
        return { status: done ? 'Complete' : 'Running', results: [], statistics: { recordsMatched: 0, recordsScanned: polls, bytesScanned: polls * 1_000 } };
      },
    };
    return { clients: { client: () => client } as unknown as AwsClients, operations };
  };

  it('backs off to one poll every 2 s, and stops the query at the timeout', async () => {
    const { clients, operations } = fakeClients(100);
    let now = 0;
    const sleeps: number[] = [];
    const logs = new CloudWatchLogQueries(clients, { sleep: async (ms) => void (sleeps.push(ms), (now += ms)), now: () => now });

    const result = await logs.runInsightsQuery(SCOPE, [LAMBDA_GROUP], 'fields @message', WINDOW, { timeoutMs: 10_000 });

    expect(sleeps).toEqual([500, 1_000, 2_000, 2_000, 2_000, 2_000, 2_000]);
    expect(result).toMatchObject({ status: 'Cancelled', stoppedBy: 'timeout', elapsedMs: 11_500, statistics: { bytesScanned: 7_000 } });
    expect(operations.filter((o) => o === 'GetQueryResults')).toHaveLength(7);
    expect(operations.at(-1)).toBe('StopQuery');
  });

  it('defaults the timeout to 60 s', async () => {
    const { clients, operations } = fakeClients(1_000);
    let now = 0;
    const logs = new CloudWatchLogQueries(clients, { sleep: async (ms) => void (now += ms), now: () => now });

    const result = await logs.runInsightsQuery(SCOPE, [LAMBDA_GROUP], 'fields @message', WINDOW);

    expect(result.stoppedBy).toBe('timeout');
    expect(result.elapsedMs).toBeGreaterThanOrEqual(60_000);
    expect(result.elapsedMs).toBeLessThan(62_000);
    expect(operations.filter((o) => o === 'GetQueryResults')).toHaveLength(32);
  });
});

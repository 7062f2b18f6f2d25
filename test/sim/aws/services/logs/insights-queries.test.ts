import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { parseQuery, QuerySyntaxError } from '../../../../../src/sim/aws/logs-insights/index.js';
import { MAX_CONCURRENT_QUERIES } from '../../../../../src/sim/aws/services/logs/register-logs.js';
import { epochS, FRAUD_GROUP, insightsTime, LAMBDA_GROUP, logsWorld, MINUTE, pollUntilEnded } from './logs-test-world.js';

const TIMEOUTS_BY_MINUTE = 'filter @message like /Task timed out/ | stats count(*) as timeouts by bin(1m)';

describe('Logs Insights queries (StartQuery / GetQueryResults / StopQuery)', () => {
  it('the timeout query over the Lambda during the preprocess-memory peak counts the fleet’s timeout lines minute by minute', async () => {
    const world = await logsWorld('preprocess-memory');
    const start = world.atMinute(-10);
    const end = world.atMinute(10);
    const { queryId } = await world.client.send(
      new StartQueryCommand({ logGroupName: LAMBDA_GROUP, startTime: epochS(start), endTime: epochS(end) - 1, queryString: TIMEOUTS_BY_MINUTE }),
    );
    const { final } = await pollUntilEnded(world, queryId ?? '');

    const expected = new Map<string, number>();
    for (const event of world.fleet.logEvents(LAMBDA_GROUP, start, end)) {
      if (!event.message.includes('Task timed out')) continue;
      const bin = insightsTime(Math.floor(event.timestamp / MINUTE) * MINUTE);
      expected.set(bin, (expected.get(bin) ?? 0) + 1);
    }
    const actual = new Map((final.results ?? []).map((row) => [row.find((f) => f.field === 'bin(1m)')?.value, Number(row.find((f) => f.field === 'timeouts')?.value)]));
    expect(final.status).toBe('Complete');
    expect(expected.size).toBeGreaterThan(15); // timeouts in nearly every minute of the peak
    expect(actual).toEqual(expected);
    expect(final.statistics?.recordsMatched).toBe([...expected.values()].reduce((a, b) => a + b, 0));
  });

  it('a query shows Scheduled, then Running with bytesScanned growing, then Complete with the full statistics', async () => {
    const world = await logsWorld();
    const start = world.atMinute(-30);
    const end = world.atMinute(30);
    const { queryId } = await world.client.send(
      new StartQueryCommand({ logGroupName: LAMBDA_GROUP, startTime: epochS(start), endTime: epochS(end), queryString: 'filter @type = "REPORT" | stats max(@maxMemoryUsed) by bin(5m)' }),
    );
    const poll = () => world.client.send(new GetQueryResultsCommand({ queryId }));

    const first = await poll();
    expect(first.status).toBe('Scheduled');
    expect(first.results).toEqual([]);
    const second = await poll();
    expect(second.status).toBe('Running');
    world.sim.clock.advance(400);
    const third = await poll();
    expect(third.status).toBe('Running');
    world.sim.clock.advance(300);
    const fourth = await poll();
    expect(fourth.status).toBe('Running');
    expect(third.statistics?.bytesScanned).toBeGreaterThan(second.statistics?.bytesScanned ?? 0);
    expect(fourth.statistics?.bytesScanned).toBeGreaterThan(third.statistics?.bytesScanned ?? 0);
    world.sim.clock.advance(300); // the scan of < 100 MB takes the minimum 1 s
    const done = await poll();

    const events = [...world.fleet.logEvents(LAMBDA_GROUP, start, new Date(end.getTime() + 1))];
    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(e.message) + 26, 0);
    expect(done.status).toBe('Complete');
    expect(done.statistics).toMatchObject({ recordsScanned: events.length, bytesScanned: bytes, recordsMatched: events.filter((e) => e.message.startsWith('REPORT')).length });
    expect(fourth.statistics?.bytesScanned).toBeLessThan(bytes);
    expect(done.results).toHaveLength(12);
  });

  it('StopQuery cancels a running query; stopping it again, or stopping a finished one, is an InvalidParameterException', async () => {
    const world = await logsWorld();
    const window = { logGroupName: LAMBDA_GROUP, startTime: epochS(world.atMinute(-5)), endTime: epochS(world.atMinute(5)), queryString: 'fields @message | limit 5' };
    const { queryId } = await world.client.send(new StartQueryCommand(window));
    await world.client.send(new GetQueryResultsCommand({ queryId }));

    expect(await world.client.send(new StopQueryCommand({ queryId }))).toMatchObject({ success: true });
    expect(await world.client.send(new GetQueryResultsCommand({ queryId }))).toMatchObject({ status: 'Cancelled', results: [] });
    await expect(world.client.send(new StopQueryCommand({ queryId }))).rejects.toMatchObject({ name: 'InvalidParameterException' });

    const finished = await world.client.send(new StartQueryCommand(window));
    expect((await pollUntilEnded(world, finished.queryId ?? '')).final.status).toBe('Complete');
    await expect(world.client.send(new StopQueryCommand({ queryId: finished.queryId }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/not running/),
    });
  });

  it('an unknown query id is a ResourceNotFoundException for GetQueryResults and StopQuery', async () => {
    const world = await logsWorld();
    const queryId = '00000000-0000-4000-a000-000000000000';
    await expect(world.client.send(new GetQueryResultsCommand({ queryId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(world.client.send(new StopQueryCommand({ queryId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('a query the engine cannot run is a MalformedQueryException carrying the engine’s message', async () => {
    const world = await logsWorld();
    const queryString = 'fields @message\n| lookup merchants merchant_id';
    let engineMessage = '';
    try {
      parseQuery(queryString);
    } catch (error) {
      engineMessage = error instanceof QuerySyntaxError ? error.message : '';
    }
    expect(engineMessage).toMatch(/lookup/);
    await expect(
      world.client.send(new StartQueryCommand({ logGroupName: LAMBDA_GROUP, startTime: epochS(world.atMinute(-5)), endTime: epochS(world.atMinute(0)), queryString })),
    ).rejects.toMatchObject({ name: 'MalformedQueryException', message: engineMessage });
  });

  it(`refuses the ${MAX_CONCURRENT_QUERIES + 1}st concurrent query with LimitExceededException, and accepts one again once a slot frees`, async () => {
    const world = await logsWorld();
    const start = () =>
      world.client.send(new StartQueryCommand({ logGroupName: FRAUD_GROUP, startTime: epochS(world.atMinute(-2)), endTime: epochS(world.atMinute(0)), queryString: 'fields @message' }));
    const ids: string[] = [];
    for (let i = 0; i < MAX_CONCURRENT_QUERIES; i++) ids.push((await start()).queryId ?? '');
    expect(new Set(ids).size).toBe(MAX_CONCURRENT_QUERIES);

    await expect(start()).rejects.toMatchObject({ name: 'LimitExceededException', message: expect.stringMatching(/concurrency limit of \[30\]/) });
    await world.client.send(new StopQueryCommand({ queryId: ids[0] }));
    await expect(start()).resolves.toMatchObject({ queryId: expect.any(String) });
    await expect(start()).rejects.toMatchObject({ name: 'LimitExceededException' });

    world.sim.clock.advance(1_000); // every scan here takes the minimum 1 s: all have finished
    expect(world.logs.activeQueries(world.sim.now().getTime())).toHaveLength(0);
    await expect(start()).resolves.toMatchObject({ queryId: expect.any(String) });
  });

  it('validates the request like the service: log groups, time range and limit', async () => {
    const world = await logsWorld();
    const base = { startTime: epochS(world.atMinute(-5)), endTime: epochS(world.atMinute(0)), queryString: 'fields @message' };
    const refused = (input: Record<string, unknown>) => world.client.send(new StartQueryCommand({ ...base, ...input }));

    await expect(refused({ logGroupName: '/aws/lambda/fraud-preprocesss' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await expect(refused({ logGroupName: LAMBDA_GROUP, startTime: base.endTime, endTime: base.startTime })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(refused({ logGroupName: LAMBDA_GROUP, logGroupNames: [FRAUD_GROUP] })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(refused({})).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(refused({ logGroupNames: Array.from({ length: 51 }, (_, i) => `/g/${i}`) })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/less than or equal to 50/),
    });
    await expect(refused({ logGroupName: LAMBDA_GROUP, limit: 10_001 })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const otherRegion = await logsWorld('preprocess-memory', 'eu-west-1');
    await expect(otherRegion.client.send(new StartQueryCommand({ ...base, logGroupName: LAMBDA_GROUP }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('queries several groups named by ARN at once, and caps the rows at StartQuery’s limit', async () => {
    const world = await logsWorld();
    const arn = (group: string) => `arn:aws:logs:us-east-1:123456789012:log-group:${group}`;
    const window = { startTime: epochS(world.atMinute(-5)), endTime: epochS(world.atMinute(0)) };
    const byGroup = await world.client.send(
      new StartQueryCommand({ ...window, logGroupIdentifiers: [arn(LAMBDA_GROUP), `${arn(FRAUD_GROUP)}:*`], queryString: 'stats count(*) as n by @log | sort @log asc' }),
    );
    const grouped = (await pollUntilEnded(world, byGroup.queryId ?? '')).final;
    expect(grouped.results?.map((row) => row.find((f) => f.field === '@log')?.value)).toEqual([`123456789012:${LAMBDA_GROUP}`, `123456789012:${FRAUD_GROUP}`]);

    const capped = await world.client.send(new StartQueryCommand({ ...window, logGroupName: LAMBDA_GROUP, queryString: 'fields @timestamp, @message', limit: 7 }));
    const rows = (await pollUntilEnded(world, capped.queryId ?? '')).final.results ?? [];
    expect(rows).toHaveLength(7);
    expect(rows[0]?.map((f) => f.field)).toEqual(['@timestamp', '@message', '@ptr']);
  });

  it('a query armed to fail ends Failed or Timeout instead of Complete, with no results', async () => {
    const world = await logsWorld();
    const window = { logGroupName: LAMBDA_GROUP, startTime: epochS(world.atMinute(-5)), endTime: epochS(world.atMinute(0)), queryString: 'fields @message' };
    const failing = await world.client.send(new StartQueryCommand(window));
    world.logs.endQueryAs(failing.queryId ?? '', 'Failed');
    const failed = await pollUntilEnded(world, failing.queryId ?? '');
    expect(failed.statuses).toEqual(['Scheduled', 'Running', 'Failed']);
    expect(failed.final.results).toEqual([]);

    world.logs.endNextQueriesAs('Timeout');
    const timingOut = await world.client.send(new StartQueryCommand(window));
    expect((await pollUntilEnded(world, timingOut.queryId ?? '')).final.status).toBe('Timeout');
    const healthy = await world.client.send(new StartQueryCommand(window));
    expect((await pollUntilEnded(world, healthy.queryId ?? '')).final.status).toBe('Complete');
  });
});

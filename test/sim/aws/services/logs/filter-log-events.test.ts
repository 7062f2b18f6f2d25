import { FilterLogEventsCommand, type FilterLogEventsCommandInput, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { FRAUD_GROUP, LAMBDA_GROUP, logsWorld, type LogsWorld } from './logs-test-world.js';

async function allPages(world: LogsWorld, input: FilterLogEventsCommandInput): Promise<{ events: FilteredLogEvent[]; pages: number }> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await world.client.send(new FilterLogEventsCommand({ ...input, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
    pages += 1;
  } while (nextToken && pages < 100);
  return { events, pages };
}

describe('FilterLogEvents', () => {
  it('a quoted phrase finds exactly the fleet’s timeout lines of the peak, oldest first, with ingestion times and event ids', async () => {
    const world = await logsWorld();
    const start = world.atMinute(-10);
    const end = world.atMinute(10);
    const { events } = await world.client.send(
      new FilterLogEventsCommand({ logGroupName: LAMBDA_GROUP, startTime: start.getTime(), endTime: end.getTime() - 1, filterPattern: '"Task timed out"' }),
    );
    const expected = [...world.fleet.logEvents(LAMBDA_GROUP, start, end)].filter((e) => e.message.includes('Task timed out'));
    expect(expected.length).toBeGreaterThan(50);
    expect(events?.map((e) => [e.timestamp, e.message, e.logStreamName])).toEqual(expected.map((e) => [e.timestamp, e.message, e.logStream]));
    for (const event of events ?? []) {
      expect(event.eventId).toMatch(/^\d{56}$/);
      expect(event.ingestionTime).toBeGreaterThan(event.timestamp ?? Infinity);
    }
    expect(new Set(events?.map((e) => e.eventId)).size).toBe(events?.length);
  });

  it('plain terms must all appear, ?terms any of them, and -terms must not', async () => {
    const world = await logsWorld();
    const window = { logGroupName: LAMBDA_GROUP, startTime: world.atMinute(-10).getTime(), endTime: world.atMinute(10).getTime() };
    const messages = async (filterPattern: string) => ((await world.client.send(new FilterLogEventsCommand({ ...window, filterPattern }))).events ?? []).map((e) => e.message ?? '');

    const reportsWithTimeout = await messages('REPORT timeout');
    expect(reportsWithTimeout.length).toBeGreaterThan(0);
    expect(reportsWithTimeout.every((m) => m.includes('REPORT') && m.includes('timeout'))).toBe(true);

    const either = await messages('?WARNING ?"Task timed out"');
    expect(either.some((m) => m.includes('WARNING'))).toBe(true);
    expect(either.some((m) => m.includes('Task timed out'))).toBe(true);
    expect(either.every((m) => m.includes('WARNING') || m.includes('Task timed out'))).toBe(true);

    const healthyReports = await messages('REPORT -timeout');
    expect(healthyReports.length).toBeGreaterThan(0);
    expect(healthyReports.every((m) => m.startsWith('REPORT') && !m.includes('timeout'))).toBe(true);
  });

  it('accepts JSON patterns (the fleet’s plain-text logs match none) and refuses what it does not support, naming it', async () => {
    const world = await logsWorld();
    const window = { logGroupName: FRAUD_GROUP, startTime: world.atMinute(-5).getTime(), endTime: world.atMinute(0).getTime() };
    const send = (filterPattern: string) => world.client.send(new FilterLogEventsCommand({ ...window, filterPattern }));

    expect((await send('{ $.level = "ERROR" }')).events).toEqual([]);
    expect((await send('{ $.latency_ms > 1000 }')).events).toEqual([]);
    await expect(send('[ip, user, timestamp]')).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/space-delimited pattern \[ip, user, timestamp\]/) });
    await expect(send('%timed out%')).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/regular-expression pattern/) });
    await expect(send('{ $.level IS NULL }')).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/IS/) });
    await expect(send('status:503')).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringMatching(/term 'status:503'/) });
  });

  it('pages through matches with limit and nextToken, giving the same events as one large page', async () => {
    const world = await logsWorld();
    const input = { logGroupName: LAMBDA_GROUP, startTime: world.atMinute(-15).getTime(), endTime: world.atMinute(15).getTime(), filterPattern: 'START' };
    const whole = await world.client.send(new FilterLogEventsCommand(input));
    expect(whole.nextToken).toBeUndefined();
    const paged = await allPages(world, { ...input, limit: 37 });
    expect(paged.pages).toBeGreaterThan(3);
    expect(paged.events.map((e) => e.eventId)).toEqual(whole.events?.map((e) => e.eventId));
  });

  it('keeps to the named log streams, and reports the streams it searched', async () => {
    const world = await logsWorld();
    const window = { logGroupName: FRAUD_GROUP, startTime: world.atMinute(-5).getTime(), endTime: world.atMinute(0).getTime() };
    const everything = await world.client.send(new FilterLogEventsCommand(window));
    const streams = [...new Set(everything.events?.map((e) => e.logStreamName ?? ''))];
    expect(streams.length).toBeGreaterThan(1);
    expect(everything.searchedLogStreams?.map((s) => s.logStreamName)).toEqual([...streams].sort());

    const one = await world.client.send(new FilterLogEventsCommand({ ...window, logStreamNames: [streams[0] ?? ''] }));
    expect(one.events?.length).toBeGreaterThan(0);
    expect(one.events?.every((e) => e.logStreamName === streams[0])).toBe(true);
    const prefixed = await world.client.send(new FilterLogEventsCommand({ ...window, logStreamNamePrefix: 'AllTraffic/' }));
    expect(prefixed.events).toHaveLength(everything.events?.length ?? -1);
    await expect(world.client.send(new FilterLogEventsCommand({ ...window, logStreamNames: streams, logStreamNamePrefix: 'AllTraffic/' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('answers ResourceNotFoundException for an unknown group and InvalidParameterException for a bad range or limit', async () => {
    const world = await logsWorld();
    await expect(world.client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await expect(world.client.send(new FilterLogEventsCommand({ logGroupName: LAMBDA_GROUP, startTime: 2_000, endTime: 1_000 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(world.client.send(new FilterLogEventsCommand({ logGroupName: LAMBDA_GROUP, limit: 10_001 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(world.client.send(new FilterLogEventsCommand({}))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('FilterLogEvents over the whole retention', () => {
  it('searches a bounded number of events per call and hands back a nextToken until the search is done', async () => {
    const world = await logsWorld();
    const { events, pages } = await allPages(world, { logGroupName: LAMBDA_GROUP, filterPattern: '"no such line anywhere"' });
    expect(events).toEqual([]);
    expect(pages).toBeGreaterThan(1);
  });
});

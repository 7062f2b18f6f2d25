import { GetTraceSummariesCommand, paginateGetTraceSummaries } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import { allSummaries, anyDocument, FRAUD_API, HOUR, PREPROCESS, SAGEMAKER, xrayWorld } from './xray-test-world.js';

describe('GetTraceSummaries', () => {
  it('during the preprocess-memory peak the slowest traces name the Lambda as their response-time root cause', async () => {
    const world = await xrayWorld();
    const [start, end] = [world.atMinute(-10), world.atMinute(10)];
    const { summaries, processed } = await allSummaries(world, { StartTime: start, EndTime: end });
    const expected = world.fleetTraces(start, end);
    expect(summaries.map((s) => s.Id)).toEqual(expected.map((t) => t.id));
    expect(processed).toBe(expected.length);

    const slowest = [...summaries].sort((a, b) => (b.ResponseTime ?? 0) - (a.ResponseTime ?? 0)).slice(0, 10);
    expect(slowest[0]?.ResponseTime).toBeGreaterThan(2.5);
    for (const summary of slowest) {
      expect(summary.EntryPoint?.Name).toBe(FRAUD_API);
      expect(summary.ResponseTimeRootCauses?.[0]?.Services?.[0]).toMatchObject({ Name: PREPROCESS, Type: 'AWS::Lambda::Function' });
    }
    expect(slowest[0]?.StartTime).toBeInstanceOf(Date);
  });

  it('service("fraud-preprocess") { fault } keeps exactly the traces whose Lambda faulted', async () => {
    const world = await xrayWorld();
    const [start, end] = [world.atMinute(-10), world.atMinute(10)];
    const { summaries } = await allSummaries(world, { StartTime: start, EndTime: end, FilterExpression: 'service("fraud-preprocess") { fault }' });
    const expected = world.fleetTraces(start, end).filter((t) => t.segments.some((s) => s.name === PREPROCESS && s.fault === true));
    expect(expected.length).toBeGreaterThan(3);
    expect(summaries.map((s) => s.Id)).toEqual(expected.map((t) => t.id));
    expect(summaries.every((s) => s.HasFault)).toBe(true);
  });

  it('responsetime > 1 keeps the traces slower than a second', async () => {
    const world = await xrayWorld();
    const [start, end] = [world.atMinute(-10), world.atMinute(10)];
    const { summaries } = await allSummaries(world, { StartTime: start, EndTime: end, FilterExpression: 'responsetime > 1' });
    const expected = world.fleetTraces(start, end).filter((t) => t.summary.ResponseTime > 1);
    expect(expected.length).toBeGreaterThan(10);
    expect(summaries.map((s) => s.Id)).toEqual(expected.map((t) => t.id));
  });

  it('combines keywords, annotations, http and edges with AND, OR, NOT and parentheses', async () => {
    const world = await xrayWorld();
    const [start, end] = [world.atMinute(-10), world.atMinute(10)];
    const traces = world.fleetTraces(start, end);
    const ids = async (FilterExpression: string) => (await allSummaries(world, { StartTime: start, EndTime: end, FilterExpression })).summaries.map((s) => s.Id);
    const cases: [string, (t: (typeof traces)[number]) => boolean][] = [
      ['service("fraud-preprocess") AND NOT fault', (t) => t.summary.ServiceIds.some((s) => s.Name === PREPROCESS) && !t.summary.HasFault],
      ['http.status = 502 OR error', (t) => t.summary.Http.HttpStatus === 502 || t.summary.HasError],
      ['annotation.endpoint_name = "recsys-ranker" and duration < 0.05', (t) => t.summary.Annotations['endpoint_name']?.[0]?.AnnotationValue.StringValue === 'recsys-ranker' && t.summary.Duration < 0.05],
      ['edge("fraud-preprocess", "SageMaker Runtime") { responsetime >= 0.5 }', (t) => anyDocument(t, (d) => d.name === SAGEMAKER && d.end_time - d.start_time >= 0.5 && d.aws?.['endpoint_name'] === 'fraud-detector')],
      ['NOT (ok OR service("churn-scorer"))', (t) => (t.summary.HasFault || t.summary.HasError || t.summary.HasThrottle) && t.summary.EntryPoint.Name !== 'churn-scorer'],
    ];
    for (const [expression, keep] of cases) {
      const expected = traces.filter(keep).map((t) => t.id);
      expect(expected.length, expression).toBeGreaterThan(0);
      expect(await ids(expression), expression).toEqual(expected);
    }
  });

  it('refuses a window longer than 6 hours, an inverted window, and a filter it does not support, naming it', async () => {
    const world = await xrayWorld();
    const end = world.atMinute(60);
    const send = (input: Partial<ConstructorParameters<typeof GetTraceSummariesCommand>[0]>) =>
      world.client.send(new GetTraceSummariesCommand({ StartTime: new Date(end.getTime() - HOUR), EndTime: end, ...input }));

    await expect(send({ StartTime: new Date(end.getTime() - 7 * HOUR) })).rejects.toMatchObject({ name: 'InvalidRequestException', message: expect.stringMatching(/6 hours/) });
    await expect(send({ StartTime: new Date(end.getTime() - 6 * HOUR) })).resolves.toMatchObject({ TraceSummaries: expect.any(Array) });
    await expect(send({ StartTime: end, EndTime: new Date(end.getTime() - HOUR) })).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(send({ FilterExpression: 'user = "alice"' })).rejects.toMatchObject({ name: 'InvalidRequestException', message: expect.stringMatching(/"user"/) });
    await expect(send({ FilterExpression: 'service(id(name: "fraud-preprocess"))' })).rejects.toMatchObject({ message: expect.stringMatching(/id\(…\) is not supported/) });
    await expect(send({ FilterExpression: 'service("a") { http.status = 500 }' })).rejects.toMatchObject({ message: expect.stringMatching(/inside \{ \}/) });
    await expect(send({ FilterExpression: 'responsetime > "slow"' })).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(send({ NextToken: 'forged' })).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });

  it('pages 100 summaries at a time through the SDK paginator', async () => {
    const world = await xrayWorld();
    const [start, end] = [world.atMinute(-30), world.atMinute(0)];
    const pages: number[] = [];
    for await (const page of paginateGetTraceSummaries({ client: world.client }, { StartTime: start, EndTime: end })) pages.push(page.TraceSummaries?.length ?? 0);
    const total = world.fleetTraces(start, end).length;
    expect(pages.reduce((a, b) => a + b, 0)).toBe(total);
    expect(pages.slice(0, -1).every((n) => n === 100)).toBe(true);
    expect(pages.length).toBe(Math.ceil(total / 100));
  });

  it('TimeRangeType Event selects traces by when they ended; Sampling keeps a deterministic tenth', async () => {
    const world = await xrayWorld();
    const [start, end] = [world.atMinute(-10), world.atMinute(10)];
    const byEnd = await allSummaries(world, { StartTime: start, EndTime: end, TimeRangeType: 'Event' });
    const expected = world
      .fleetTraces(new Date(start.getTime() - 60_000), end)
      .filter((t) => (t.summary.StartTime + t.summary.Duration) * 1_000 >= start.getTime() && (t.summary.StartTime + t.summary.Duration) * 1_000 < end.getTime());
    expect(new Set(byEnd.summaries.map((s) => s.Id))).toEqual(new Set(expected.map((t) => t.id)));

    const all = (await allSummaries(world, { StartTime: start, EndTime: end })).summaries;
    const sampled = (await allSummaries(world, { StartTime: start, EndTime: end, Sampling: true })).summaries;
    const again = (await allSummaries(world, { StartTime: start, EndTime: end, Sampling: true })).summaries;
    expect(sampled.length).toBeGreaterThan(all.length * 0.05);
    expect(sampled.length).toBeLessThan(all.length * 0.15);
    expect(again.map((s) => s.Id)).toEqual(sampled.map((s) => s.Id));
  });

  it('returns nothing older than the 30-day retention', async () => {
    const world = await xrayWorld('steady');
    const start = new Date(world.fleet.now.getTime() - 31 * 24 * HOUR);
    const answer = await world.client.send(new GetTraceSummariesCommand({ StartTime: start, EndTime: new Date(start.getTime() + HOUR) }));
    expect(world.fleetTraces(start, new Date(start.getTime() + HOUR)).length).toBeGreaterThan(0);
    expect(answer).toMatchObject({ TraceSummaries: [], TracesProcessedCount: 0 });
  });
});

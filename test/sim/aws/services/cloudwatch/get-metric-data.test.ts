import { GetMetricDataCommand, type MetricDataQuery, paginateGetMetricData, ValidationException, InvalidNextToken } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { FRAUD_LATENCY_SLA_US, PREPROCESS_MEMORY } from '../../../../../src/sim/fleet/index.js';
import { cloudWatchQuery, cloudWatchWorld, DAY, failure, FRAUD_DIMENSIONS, MINUTE } from './cloudwatch-test-world.js';

const fraud = (id: string, metricName: string, stat: string, period = 60): MetricDataQuery => ({
  Id: id,
  MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: metricName, Dimensions: FRAUD_DIMENSIONS }, Period: period, Stat: stat },
});

/** Values by timestamp (ms) of one result. */
function byTime(result: { Timestamps?: Date[]; Values?: number[] } | undefined): Map<number, number> {
  return new Map((result?.Timestamps ?? []).map((t, i) => [t.getTime(), result?.Values?.[i] ?? Number.NaN]));
}

describe('GetMetricData', () => {
  it('p99 ModelLatency + OverheadLatency of fraud-detector breach the 500 ms SLA (in µs) at the preprocess-memory peak, with every series from one call', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'preprocess-memory' });
    const memory: MetricDataQuery = {
      Id: 'memory',
      MetricStat: { Metric: { Namespace: 'LambdaInsights', MetricName: 'memory_utilization', Dimensions: [{ Name: 'function_name', Value: 'fraud-preprocess' }] }, Period: 60, Stat: 'Maximum' },
    };

    const answer = await client.send(
      new GetMetricDataCommand({
        StartTime: at(-60),
        EndTime: at(60),
        MetricDataQueries: [fraud('model', 'ModelLatency', 'p99'), fraud('overhead', 'OverheadLatency', 'p99'), fraud('calls', 'Invocations', 'Sum'), memory],
      }),
    );

    const results = answer.MetricDataResults ?? [];
    expect(results.map((r) => [r.Id, r.Label, r.StatusCode, r.Values?.length])).toEqual([
      ['model', 'ModelLatency', 'Complete', 120],
      ['overhead', 'OverheadLatency', 'Complete', 120],
      ['calls', 'Invocations', 'Complete', 120],
      ['memory', 'memory_utilization', 'Complete', 120],
    ]);
    const [model, overhead, , lambdaMemory] = results.map(byTime);
    const latencyAt = (minutes: number) => (model?.get(at(minutes).getTime()) ?? 0) + (overhead?.get(at(minutes).getTime()) ?? 0);
    for (let minute = -PREPROCESS_MEMORY.fullFromMinutesBefore; minute <= PREPROCESS_MEMORY.fullUntilMinutesAfter; minute++) {
      expect(latencyAt(minute)).toBeGreaterThan(FRAUD_LATENCY_SLA_US);
    }
    expect(latencyAt(-55)).toBeLessThan(FRAUD_LATENCY_SLA_US);
    expect(lambdaMemory?.get(at(0).getTime())).toBeGreaterThan(90);
  });

  it('returns the newest datapoint first by default and the oldest first with ScanBy TimestampAscending', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'steady' });
    const ask = (ScanBy?: 'TimestampAscending') =>
      client.send(new GetMetricDataCommand({ StartTime: at(-10), EndTime: at(0), MetricDataQueries: [fraud('calls', 'Invocations', 'Sum')], ...(ScanBy && { ScanBy }) }));

    const [newestFirst, oldestFirst] = await Promise.all([ask(), ask('TimestampAscending')]);

    expect(newestFirst.MetricDataResults?.[0]?.Timestamps?.[0]).toEqual(at(-1));
    expect(oldestFirst.MetricDataResults?.[0]?.Timestamps?.[0]).toEqual(at(-10));
    expect(oldestFirst.MetricDataResults?.[0]?.Values).toEqual([...(newestFirst.MetricDataResults?.[0]?.Values ?? [])].reverse());
  });

  it('computes percentiles (p50, p90, p99, p99.9) and trimmed means (tm99) in order', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'preprocess-memory' });
    const stats = ['p50', 'p90', 'p99', 'p99.9', 'tm99', 'Average', 'Maximum', 'Minimum'];

    const answer = await client.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(5),
        MetricDataQueries: stats.map((stat, i) => fraud(`s${i}`, 'ModelLatency', stat, 300)),
      }),
    );

    const value = (stat: string) => answer.MetricDataResults?.[stats.indexOf(stat)]?.Values?.[0] ?? Number.NaN;
    expect(answer.MetricDataResults?.every((r) => r.Values?.length === 1)).toBe(true);
    expect(value('Minimum')).toBeLessThan(value('p50'));
    expect(value('p50')).toBeLessThan(value('p90'));
    expect(value('p90')).toBeLessThan(value('p99'));
    expect(value('p99')).toBeLessThan(value('p99.9'));
    expect(value('p99.9')).toBeLessThanOrEqual(value('Maximum'));
    expect(value('tm99')).toBeLessThan(value('p99'));
    expect(value('tm99')).toBeCloseTo(value('Average'), -4);
  });

  it('paginates at MaxDatapoints: PartialData then Complete, the pages adding up to the whole answer', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'steady' });
    const input = { StartTime: at(-120), EndTime: at(0), MetricDataQueries: [fraud('calls', 'Invocations', 'Sum'), fraud('errors', 'Invocation4XXErrors', 'Sum')] };
    const whole = await client.send(new GetMetricDataCommand(input));

    const pages = [];
    for await (const page of paginateGetMetricData({ client, pageSize: 50 }, { ...input })) pages.push(page);

    expect(pages.map((page) => page.MetricDataResults?.map((r) => `${r.Id}:${r.Values?.length}:${r.StatusCode}`))).toEqual([
      ['calls:50:PartialData'],
      ['calls:50:PartialData'],
      ['calls:20:Complete', 'errors:30:PartialData'],
      ['errors:50:PartialData'],
      ['errors:40:Complete'],
    ]);
    for (const id of ['calls', 'errors']) {
      const paged = pages.flatMap((page) => page.MetricDataResults?.filter((r) => r.Id === id).flatMap((r) => r.Values ?? []) ?? []);
      expect(paged).toEqual(whole.MetricDataResults?.find((r) => r.Id === id)?.Values);
    }
    expect(whole.NextToken).toBeUndefined();
  });

  it('refuses a NextToken replayed with other parameters (InvalidNextToken)', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'steady' });
    const first = await client.send(new GetMetricDataCommand({ StartTime: at(-60), EndTime: at(0), MaxDatapoints: 10, MetricDataQueries: [fraud('calls', 'Invocations', 'Sum')] }));

    const error = await failure(
      client.send(new GetMetricDataCommand({ StartTime: at(-30), EndTime: at(0), NextToken: first.NextToken, MetricDataQueries: [fraud('calls', 'Invocations', 'Sum')] })),
    );

    expect(error).toBeInstanceOf(InvalidNextToken);
  });

  it('returns nothing for a one-minute period older than 15 days, and 5-minute datapoints when asked', async () => {
    const { client, sim } = await cloudWatchWorld({ scenario: 'steady' });
    const start = new Date(sim.now().getTime() - 20 * DAY);
    const ask = (period: number) =>
      client.send(new GetMetricDataCommand({ StartTime: start, EndTime: new Date(start.getTime() + 60 * MINUTE), MetricDataQueries: [fraud('calls', 'Invocations', 'Sum', period)] }));

    const [oneMinute, fiveMinutes] = await Promise.all([ask(60), ask(300)]);

    expect(oneMinute.MetricDataResults?.[0]).toMatchObject({ Id: 'calls', StatusCode: 'Complete', Values: [] });
    expect(fiveMinutes.MetricDataResults?.[0]?.Values).toHaveLength(12);
    expect(fiveMinutes.MetricDataResults?.[0]?.Timestamps?.every((t) => t.getTime() % (5 * MINUTE) === 0)).toBe(true);
  });

  it('returns an empty, complete result for an unknown metric or a unit the metric is not published in', async () => {
    const { client, at } = await cloudWatchWorld({ scenario: 'steady' });
    const inMilliseconds: MetricDataQuery = { ...fraud('ms', 'ModelLatency', 'p99'), MetricStat: { ...fraud('x', 'ModelLatency', 'p99').MetricStat!, Unit: 'Milliseconds' } };
    const inMicroseconds: MetricDataQuery = { ...fraud('us', 'ModelLatency', 'p99'), MetricStat: { ...fraud('x', 'ModelLatency', 'p99').MetricStat!, Unit: 'Microseconds' } };

    const answer = await client.send(
      new GetMetricDataCommand({ StartTime: at(-5), EndTime: at(0), MetricDataQueries: [fraud('nothing', 'NoSuchMetric', 'Sum'), inMilliseconds, inMicroseconds] }),
    );

    expect(answer.MetricDataResults?.map((r) => [r.Id, r.StatusCode, r.Values?.length])).toEqual([
      ['nothing', 'Complete', 0],
      ['ms', 'Complete', 0],
      ['us', 'Complete', 5],
    ]);
  });

  it('serves an older client posting the awsQuery form, string values and all', async () => {
    const { aws, at } = await cloudWatchWorld({ scenario: 'steady' });

    const { status, xml } = await cloudWatchQuery(aws, 'GetMetricData', {
      StartTime: at(-3).toISOString(),
      EndTime: at(0).toISOString(),
      'MetricDataQueries.member.1.Id': 'calls',
      'MetricDataQueries.member.1.ReturnData': 'true',
      'MetricDataQueries.member.1.MetricStat.Metric.Namespace': 'AWS/SageMaker',
      'MetricDataQueries.member.1.MetricStat.Metric.MetricName': 'Invocations',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name': 'EndpointName',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value': 'fraud-detector',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name': 'VariantName',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value': 'AllTraffic',
      'MetricDataQueries.member.1.MetricStat.Period': '60',
      'MetricDataQueries.member.1.MetricStat.Stat': 'Sum',
    });

    expect(status).toBe(200);
    expect(xml).toContain('<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">');
    expect(xml.match(/<Timestamps>(<member>[^<]+<\/member>){3}<\/Timestamps>/)).not.toBeNull();
    expect(xml).toContain('<StatusCode>Complete</StatusCode>');
  });
});

describe('GetMetricData errors', () => {
  const window = async () => {
    const world = await cloudWatchWorld({ scenario: 'steady' });
    return { ...world, send: (MetricDataQueries: MetricDataQuery[]) => world.client.send(new GetMetricDataCommand({ StartTime: world.at(-5), EndTime: world.at(0), MetricDataQueries })) };
  };

  it('an Id not matching ^[a-z][a-zA-Z0-9_]*$ is a ValidationError naming the query', async () => {
    const { send } = await window();
    const error = await failure(send([fraud('5xx_errors', 'Invocation5XXErrors', 'Sum'), fraud('Calls', 'Invocations', 'Sum')]));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.Code).toBe('ValidationError');
    expect(error.message).toBe(
      'The value 5xx_errors for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.\n' +
        'The value Calls for parameter MetricDataQueries.member.2.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.',
    );
  });

  it('more than 500 queries is a ValidationError', async () => {
    const { send } = await window();
    const error = await failure(send(Array.from({ length: 501 }, (_, i) => fraud(`q${i}`, 'Invocations', 'Sum'))));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe('The collection MetricDataQueries must not have a size greater than 500.');
  });

  it('an unknown statistic is a ValidationError; a valid one the simulator cannot compute says so', async () => {
    const { send } = await window();
    const unknown = await failure(send([fraud('a', 'ModelLatency', 'Median')]));
    const winsorized = await failure(send([fraud('a', 'ModelLatency', 'wm99')]));
    expect(unknown).toBeInstanceOf(ValidationException);
    expect(unknown.message).toBe('The value Median for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.');
    expect(winsorized).toBeInstanceOf(ValidationException);
    expect(winsorized.message).toContain('the simulator does not compute');
  });

  it('duplicate ids, a bad period and StartTime after EndTime are ValidationErrors', async () => {
    const { send, client, at } = await window();
    const duplicate = await failure(send([fraud('a', 'Invocations', 'Sum'), fraud('a', 'Invocations', 'Sum')]));
    const period = await failure(send([fraud('a', 'Invocations', 'Sum', 45)]));
    const backwards = await failure(client.send(new GetMetricDataCommand({ StartTime: at(0), EndTime: at(-5), MetricDataQueries: [fraud('a', 'Invocations', 'Sum')] })));
    expect([duplicate, period, backwards].map((e) => e.name)).toEqual(['ValidationException', 'ValidationException', 'ValidationException']);
    expect(duplicate.message).toContain('not unique');
    expect(period.message).toContain('MetricDataQueries.member.1.MetricStat.Period');
  });

  it('metric math is refused with a message saying the simulator does not support it', async () => {
    const { send } = await window();
    const error = await failure(send([fraud('model', 'ModelLatency', 'p99'), fraud('overhead', 'OverheadLatency', 'p99'), { Id: 'total', Expression: 'model + overhead' }]));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toContain('MetricDataQueries.member.3.Expression ("model + overhead") is metric math');
    expect(error.message).toContain('simulator does not support');
  });
});

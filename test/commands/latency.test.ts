import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import latency from '../../commands/latency.js';
import { CloudWatchEndpointMetrics } from '../../src/aws/cloudwatch-endpoint-metrics.js';
import type { EndpointMetrics, VariantLatencySeries } from '../../src/aws/ports/endpoint-metrics.js';
import { MAX_CHART_URL_LENGTH } from '../../src/charts/quickchart-url.js';
import type { CommandResult } from '../../src/command/command-runner.js';
import type { Reply, ReplyPart, Table } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { startCommandWorld, type CommandWorld, type CommandWorldOptions } from './command-world.js';

/** fraud-detector: p99 ≤ 500 ms; recsys-ranker: p99 ≤ 250 ms and 1% errors; churn-model: no SLA. */
const SLA_CONFIG = fileURLToPath(new URL('../fixtures/config/endpoint-slas.yml', import.meta.url));
const QUICKCHART_URL = 'https://charts.example.test';
/** preprocess-memory peaks at T = 15:00 (pressure full from 14:50 to 15:10); 15:05 is right after the peak. */
const INCIDENT_AT = new Date('2026-11-23T15:00:00Z');
const JUST_AFTER_PEAK = new Date('2026-11-23T15:05:00Z');

let world: CommandWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function startWorld(options: Partial<CommandWorldOptions> = {}): Promise<CommandWorld> {
  world = await startCommandWorld({
    commands: [latency],
    ports: (clients) => ({ endpointMetrics: new CloudWatchEndpointMetrics(clients) }),
    now: JUST_AFTER_PEAK,
    incidentAt: INCIDENT_AT,
    env: { MLOBS_CONFIG: SLA_CONFIG, QUICKCHART_URL },
    ...options,
  });
  return world;
}

function partsOf<K extends ReplyPart['kind']>(reply: Reply, kind: K): Extract<ReplyPart, { kind: K }>[] {
  return reply.parts.filter((part): part is Extract<ReplyPart, { kind: K }> => part.kind === kind);
}
const verdictOf = (reply: Reply) => partsOf(reply, 'note')[0]!;
const field = (reply: Reply, label: string) => partsOf(reply, 'fields')[0]!.fields.find((f) => f.label === label)?.value;
const problemOf = (result: CommandResult) => partsOf(result.reply, 'note')[0]?.text;

/** "799 ms" / "2.1 s" → milliseconds. */
function ms(text: string): number {
  const match = /^([\d.,]+) (ms|s)$/.exec(text);
  if (!match) throw new Error(`not a latency: ${text}`);
  return Number(match[1]!.replace(/,/g, '')) * (match[2] === 's' ? 1_000 : 1);
}

function cell(table: Table, row: string, column: string): string {
  const c = table.columns.findIndex((col) => col.title === column);
  return table.rows.find((r) => r[0] === row)![c]!;
}

/** The chart's Chart.js config (a JavaScript object literal in the `c` parameter). */
function chartConfigOf(url: string): { data: { datasets: Array<{ label: string; data: unknown[] }> } } {
  return new Function(`return (${new URL(url).searchParams.get('c')!});`)();
}

describe('latency', () => {
  it('during the preprocess-memory incident: p99 over the 500 ms SLA, overhead dominant, one GetMetricData and one DescribeEndpoint', async () => {
    const w = await startWorld();
    const result = await w.run('latency fraud-detector');

    expect(result.outcome).toBe('ok');
    const reply = result.reply;
    expect(reply.heading).toBe('fraud-detector latency');
    expect(reply.context).toBe('us-east-1 · last 3h (12:05–15:05 UTC) · 1-min periods');
    expect(reply.tone).toBe('problem');
    expect(reply.visibility).toBe('channel');

    const verdict = verdictOf(reply);
    expect(verdict.tone).toBe('problem');
    expect(verdict.text).toMatch(/^p99 [\d.,]+ (ms|s) breaches the 500 ms SLA since 14:\d\d UTC \(\d+ min\); overhead is \d+% of it$/);
    const table = partsOf(reply, 'table')[0]!.table;
    expect(table.columns[0]!.title).toBe('latest (15:04 UTC)');
    expect(ms(cell(table, 'total', 'p99'))).toBeGreaterThan(500);
    expect(ms(cell(table, 'overhead', 'p99'))).toBeGreaterThan(ms(cell(table, 'model', 'p99')));
    expect(field(reply, 'SLA')).toBe('p99 ≤ 500 ms');
    expect(field(reply, 'Dominant part')).toMatch(/^overhead \((\d+)% of p99 at 15:04 UTC\)$/);
    expect(field(reply, 'Invocations')).toMatch(/^[\d,]+ \(1,\d{3}\/min\)$/);
    expect(reply.summary).toBe(`fraud-detector: ${verdict.text}`);

    const chart = partsOf(reply, 'chart')[0]!.chart;
    const url = new URL(chart.imageUrl);
    expect(url.origin).toBe(QUICKCHART_URL);
    expect(url.searchParams.get('v')).toBe('4');
    expect(chart.imageUrl.length).toBeLessThanOrEqual(MAX_CHART_URL_LENGTH);
    const datasets = chartConfigOf(chart.imageUrl).data.datasets.map((d) => d.label);
    expect(datasets).toEqual(['p99 total', 'p99 overhead', 'p50 total', 'SLA 500 ms']);
    expect(chart.altText).toContain('SLA 500 ms');
    expect(partsOf(reply, 'sparkline').map((s) => s.sparkline.label)).toEqual(['p99 total', 'invocations']);

    expect(w.clients.calls.count({ service: 'cloudwatch', operation: 'GetMetricData' })).toBe(1);
    expect(w.clients.calls.count({ service: 'sagemaker', operation: 'DescribeEndpoint' })).toBe(1);
    expect(w.clients.calls.records).toHaveLength(2);
    assertWithinSlackLimits(renderBlocks(reply).blocks);
  });

  it('after the incident: within the SLA again, saying when it breached', async () => {
    const w = await startWorld({ now: new Date('2026-11-23T15:50:00Z') });
    const result = await w.run('latency fraud-detector');

    const verdict = verdictOf(result.reply);
    expect(verdict.tone).toBe('warning');
    expect(verdict.text).toMatch(/^p99 [\d.]+ ms is within the 500 ms SLA again; it breached from 14:\d\d to 15:1\d UTC, peaking at [\d.]+ ms at 1[45]:\d\d UTC \(overhead \d+% of it\)$/);
  });

  it('steady: within the SLA, the model dominant', async () => {
    const w = await startWorld({ scenario: 'steady' });
    const result = await w.run('latency fraud-detector');

    const verdict = verdictOf(result.reply);
    expect(verdict.tone).toBe('ok');
    expect(verdict.text).toMatch(/^p99 1\d\d ms is within the 500 ms SLA \(peak 1\d\d ms at \d\d:\d\d UTC\); the model is \d+% of it$/);
    expect(field(result.reply, 'Dominant part')).toMatch(/^model /);
  });

  it('an endpoint without an SLA: the numbers, no judgement, no SLA line, and how to configure one', async () => {
    const w = await startWorld();
    const result = await w.run('latency churn-model');

    const verdict = verdictOf(result.reply);
    expect(verdict.tone).toBe('info');
    expect(verdict.text).toMatch(/; no SLA is configured for churn-model$/);
    expect(field(result.reply, 'SLA')).toBe('none configured');
    const chart = partsOf(result.reply, 'chart')[0]!.chart;
    expect(chartConfigOf(chart.imageUrl).data.datasets.map((d) => d.label)).not.toContain(expect.stringMatching(/^SLA/));
    expect(partsOf(result.reply, 'text').map((t) => t.text).join('\n')).toContain('endpoints.churn-model.sla.p99_latency_ms');
  });

  it('chooses the period from the range: 5 minutes for a day, an hour for 14 days, still one GetMetricData', async () => {
    const w = await startWorld();
    const day = await w.run('latency fraud-detector --since 1d');
    expect(day.reply.context).toMatch(/· 5-min periods$/);
    expect(verdictOf(day.reply).text).toMatch(/breaches the 500 ms SLA/);
    const fortnight = await w.run('latency fraud-detector --since 14d');
    expect(fortnight.reply.context).toMatch(/· 1-hour periods$/);
    expect(w.clients.calls.count({ operation: 'GetMetricData' })).toBe(2);
  });

  it('one variant with --variant; an unknown variant is refused with the endpoint’s variants', async () => {
    const w = await startWorld();
    const one = await w.run('latency fraud-detector --variant AllTraffic');
    expect(one.reply.heading).toBe('fraud-detector latency · AllTraffic');
    expect(verdictOf(one.reply).text).toMatch(/breaches the 500 ms SLA/);

    const unknown = await w.run('latency fraud-detector --variant Canary');
    expect(unknown.outcome).toBe('refused');
    expect(problemOf(unknown)).toBe('fraud-detector has no variant named "Canary" (variants: AllTraffic)');
  });

  it('an unknown endpoint: "no endpoint named …" with the known ones, and no metrics fetched', async () => {
    const w = await startWorld();
    const result = await w.run('latency fraud-detecter');

    expect(result.outcome).toBe('refused');
    expect(result.reply.visibility).toBe('private');
    expect(problemOf(result)).toBe('no endpoint named "fraud-detecter" in us-east-1 (known: churn-model, fraud-detector, recsys-ranker). Did you mean `fraud-detector`?');
    expect(w.clients.calls.records.map((c) => c.operation)).toEqual(['DescribeEndpoint', 'ListEndpoints']);
  });

  it('names the region it looked in', async () => {
    const w = await startWorld();
    const result = await w.run('latency fraud-detector --region eu-west-1');
    expect(problemOf(result)).toBe('no endpoint named "fraud-detector" in eu-west-1 (known: none)');
  });

  it.each([
    ['latency fraud_detector', '<endpoint> "fraud_detector": is not a SageMaker name'],
    ['latency -fraud', '<endpoint> "-fraud": is not a SageMaker name'],
    ['latency fraud-detector --variant "all traffic"', '--variant "all traffic": is not a SageMaker name'],
    ['latency', 'missing <endpoint>'],
    ['latency fraud-detector --since 3x', '--since "3x" is not a duration'],
    ['latency fraud-detector --since 30d', 'this command looks back at most 14d'],
    ['latency fraud-detector --from yesterday', '--from "yesterday" is not a time'],
  ])('bad input `%s` is answered privately with the usage line, before any AWS call', async (command, problem) => {
    const w = await startWorld();
    const result = await w.run(command);

    expect(result.outcome).toBe('usage_error');
    expect(result.reply.visibility).toBe('private');
    expect(problemOf(result)).toContain(problem);
    expect(partsOf(result.reply, 'text').map((t) => t.text)).toContainEqual(expect.stringMatching(/^Usage: `latency <endpoint> \[--variant V\] \[--since 3h/));
    expect(w.clients.calls.records).toHaveLength(0);
  });

  it('no invocations in the range: says so instead of drawing an empty chart', async () => {
    const w = await startWorld();
    const result = await w.run('latency fraud-detector --from 2026-08-01 --to 2026-08-02');

    expect(result.outcome).toBe('ok');
    expect(result.reply.parts).toEqual([{ kind: 'note', tone: 'info', text: 'No invocations of fraud-detector in the range 2026-08-01 00:00–2026-08-02 00:00 UTC' }]);
    expect(w.clients.calls.count({ operation: 'GetMetricData' })).toBe(1);
  });

  it('fits Slack’s limits with 10,000 periods and ten variants', async () => {
    const periods = 10_000;
    const start = Date.UTC(2026, 10, 20);
    const variants = Array.from({ length: 10 }, (_, v) => `variant-${'x'.repeat(50)}-${v}`);
    const values = (f: (i: number) => number) => Array.from({ length: periods }, (_, i) => f(i));
    const fake: EndpointMetrics = {
      describeEndpoint: async (name) => ({ name, status: 'Updating', variants }),
      knownEndpoints: async () => [],
      latencySeries: async (endpoint, names) =>
        names.map(
          (variant, v): VariantLatencySeries => ({
            endpoint,
            variant,
            periodS: 60,
            timestamps: values((i) => start + i * 60_000).map((t) => new Date(t)),
            model: { p50Ms: values(() => 30), p90Ms: values(() => 60), p99Ms: values((i) => 90 + ((i * 7 + v) % 1_000)) },
            overhead: { p50Ms: values(() => 4), p90Ms: values(() => 8), p99Ms: values((i) => (i % 97 === 0 ? 2_000 : 11)) },
            invocations: values(() => 1_000),
            errors4xx: values(() => 1),
            errors5xx: values((i) => i % 3),
          }),
        ),
    };
    const w = await startWorld({ ports: () => ({ endpointMetrics: fake }) });
    const result = await w.run('latency recsys-ranker --since 7d');

    expect(result.outcome).toBe('ok');
    expect(partsOf(result.reply, 'note').map((n) => n.text)).toContain('recsys-ranker is Updating.');
    expect(partsOf(result.reply, 'chart')[0]!.chart.imageUrl.length).toBeLessThanOrEqual(MAX_CHART_URL_LENGTH);
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });
});

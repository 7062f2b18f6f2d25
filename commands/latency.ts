import type { AwsScope } from '../src/aws/aws-clients.js';
import type { EndpointDescription, EndpointMetrics } from '../src/aws/ports/endpoint-metrics.js';
import { timeSeriesParts } from '../src/charts/time-series-chart.js';
import { endpointNameProblem } from '../src/command/aws-names.js';
import { defineCommand, type CommandContext } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { clockText } from '../src/incidents/duration-text.js';
import { combineVariants, trafficTotals, type EndpointLatency, type TrafficTotals } from '../src/latency/endpoint-latency.js';
import { countText, latencyText, percentText } from '../src/latency/latency-text.js';
import { errorRateVerdict, latencyObjectiveOf, latencyVerdict, type LatencyObjective, type LatencyVerdict } from '../src/latency/latency-verdict.js';
import { fields, note, sparkline, table, text, type Reply, type ReplyPart, type Tone } from '../src/reply/reply.js';

/** Names listed in a "no endpoint named …" answer before "… N more". */
const MAX_KNOWN_LISTED = 20;

export default defineCommand({
  name: 'latency',
  summary: 'p50/p90/p99 latency of a SageMaker endpoint against its SLA: model vs overhead, invocations, 4XX/5XX',
  positionals: [{ name: 'endpoint', description: 'SageMaker endpoint name', required: true, validate: endpointNameProblem }],
  options: {
    variant: { type: 'string', valueName: 'V', description: 'one production variant (default: all; the slowest variant per period)', validate: endpointNameProblem },
  },
  timeRange: { defaultSince: '3h', longest: '14d' },
  awsScoped: true,
  examples: ['latency fraud-detector', 'latency fraud-detector --since 1d', 'latency recsys-ranker --variant AllTraffic --from 2026-11-23T14:00Z --to 16:00'],

  async run(ctx, { endpoint, variant }): Promise<Reply> {
    const metrics = ctx.ports.endpointMetrics;
    if (!metrics) throw new UserFacingError('latency is not available: this bot has no CloudWatch connection configured');
    const scope: AwsScope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };

    // Fetch: one DescribeEndpoint (exists? which variants?), one GetMetricData for every series.
    const description = await metrics.describeEndpoint(endpoint, scope);
    if (!description) throw await unknownEndpoint(metrics, endpoint, scope);
    const variants = variantsToRead(description, variant);
    const series = await metrics.latencySeries(endpoint, variants, ctx.range, scope, ctx.now);

    // Compute.
    const latency = combineVariants(endpoint, series);
    const totals = trafficTotals(latency);
    const sla = ctx.config.endpoints[endpoint]?.sla;
    const objective = latencyObjectiveOf(sla);
    const verdict = latencyVerdict(latency, objective, ctx.now);

    // Answer.
    const heading = `${endpoint} latency${variant ? ` · ${variants[0]}` : ''}`;
    const context = `${ctx.region}${ctx.account ? ` · ${ctx.account}` : ''} · ${ctx.range.description} · ${periodText(latency.periodS)} periods`;
    if (!verdict) {
      const what = totals.invocations > 0 ? `${countText(totals.invocations)} invocations of ${endpoint} but no latency datapoints` : `no invocations of ${endpoint}`;
      const line = `${what}${variant ? ` (variant ${variant})` : ''} in ${rangeWords(ctx.range.description)}`;
      return { heading, context: `${ctx.region} · ${ctx.range.description}`, parts: [note('info', capitalised(line))], visibility: 'channel', tone: 'info', summary: capitalised(line) };
    }
    const parts: ReplyPart[] = [note(verdict.tone, verdict.line)];
    const errorRate = errorRateVerdict(totals, sla);
    if (errorRate?.tone === 'problem') parts.push(note(errorRate.tone, errorRate.line));
    if (description.status !== 'InService') parts.push(note('warning', `${endpoint} is ${description.status}.`));
    parts.push(latencyTable(verdict, ctx.now), fields(summaryFields(verdict, objective, totals, errorRate?.tone, ctx.now)));
    parts.push(...latencyChart(latency, verdict, objective, ctx), invocationsSparkline(latency));
    if (!objective) parts.push(text(`_Set \`endpoints.${endpoint}.sla.p99_latency_ms\` in the config file to judge ${endpoint} against a target._`));
    if (latency.variants.length > 1) {
      parts.push(text(`_Variants ${latency.variants.join(', ')}: each period shows the slowest variant's latency; counts are summed. Use --variant for one._`));
    }
    const tone = errorRate?.tone === 'problem' ? 'problem' : verdict.tone;
    return { heading, context, parts, visibility: 'channel', tone, summary: `${endpoint}: ${verdict.line}` };
  },
});


async function unknownEndpoint(metrics: EndpointMetrics, endpoint: string, scope: AwsScope): Promise<UserFacingError> {
  const known = await metrics.knownEndpoints(scope);
  const hint = didYouMean(endpoint, known);
  const listed = known.length === 0 ? 'none' : known.slice(0, MAX_KNOWN_LISTED).join(', ') + (known.length > MAX_KNOWN_LISTED ? `, … ${known.length - MAX_KNOWN_LISTED} more` : '');
  return new UserFacingError(`no endpoint named "${endpoint}" in ${scope.region} (known: ${listed})${hint ? `. Did you mean \`${hint}\`?` : ''}`);
}

function variantsToRead(description: EndpointDescription, variant: string | undefined): string[] {
  if (variant === undefined) return description.variants;
  const match = description.variants.find((v) => v === variant) ?? description.variants.find((v) => v.toLowerCase() === variant.toLowerCase());
  if (match) return [match];
  throw new UserFacingError(`${description.name} has no variant named "${variant}" (variants: ${description.variants.join(', ') || 'none'})`);
}

/** Model, overhead and total at each percentile, in the period the verdict talks about. */
function latencyTable(verdict: LatencyVerdict, now: Date): ReplyPart {
  const at = verdict.latest;
  const cell = (value: number | undefined) => (value === undefined ? '—' : latencyText(value));
  const row = (label: string, part: 'model' | 'overhead' | 'total') => [label, cell(at.ms[part].p50), cell(at.ms[part].p90), cell(at.ms[part].p99)];
  return table({
    columns: [{ title: `latest (${clockText(at.at, now)})` }, { title: 'p50', align: 'right' }, { title: 'p90', align: 'right' }, { title: 'p99', align: 'right' }],
    rows: [row('model', 'model'), row('overhead', 'overhead'), row('total', 'total')],
  });
}

function summaryFields(verdict: LatencyVerdict, objective: LatencyObjective | undefined, totals: TrafficTotals, errorRateTone: Tone | undefined, now: Date) {
  const p = verdict.percentile;
  const rate = (errors: number) => `${percentText(totals.invocations > 0 ? errors / totals.invocations : 0)} (${countText(errors)})`;
  return [
    { label: 'SLA', value: objective ? `${p} ≤ ${latencyText(objective.limitMs)}` : 'none configured' },
    { label: `Peak ${p}`, value: `${latencyText(verdict.peak.ms.total[p]!)} at ${clockText(verdict.peak.at, now)}` },
    { label: 'Dominant part', value: verdict.dominant ? `${verdict.dominant.part} (${Math.round(verdict.dominant.share * 100)}% of ${p} at ${clockText(verdict.dominant.at, now)})` : '—' },
    { label: 'Invocations', value: `${countText(totals.invocations)} (${countText(Math.round(totals.perMinute))}/min)` },
    { label: '4XX errors', value: rate(totals.errors4xx) },
    { label: '5XX errors', value: `${rate(totals.errors5xx)}${errorRateTone === undefined ? '' : errorRateTone === 'problem' ? ' · over SLA' : ' · within SLA'}` },
  ];
}

/** Total at the judged percentile with the SLA line, overhead at that percentile, and p50. */
function latencyChart(latency: EndpointLatency, verdict: LatencyVerdict, objective: LatencyObjective | undefined, ctx: CommandContext): ReplyPart[] {
  const p = verdict.percentile;
  const peakMs = verdict.peak.ms.total[p]!;
  // Seconds once the peak passes 10 s, so the axis reads 12 rather than 12,000.
  const [unit, divisor] = peakMs >= 10_000 ? ['s', 1_000] : ['ms', 1];
  const scaled = (values: readonly (number | undefined)[]) => values.map((v) => (v === undefined ? undefined : v / divisor));
  const first = latency.latencyMs.total[p].find((v) => v !== undefined);
  const altText =
    `${p} latency of ${latency.endpoint} (model + overhead), ${ctx.range.description}: ${first === undefined ? '' : `${latencyText(first)} at the start, `}` +
    `peak ${latencyText(peakMs)} at ${clockText(verdict.peak.at, ctx.now)}` +
    (verdict.latest.index === verdict.peak.index ? '' : `, ${latencyText(verdict.latest.ms.total[p]!)} at ${clockText(verdict.latest.at, ctx.now)}`) +
    (objective ? `; SLA ${latencyText(objective.limitMs)}` : '; no SLA configured');
  return timeSeriesParts(
    {
      title: `${latency.endpoint} ${p} latency`,
      timestamps: latency.timestamps,
      yAxis: { title: 'latency', unit },
      lines: [
        { label: `${p} total`, values: scaled(latency.latencyMs.total[p]) },
        { label: `${p} overhead`, values: scaled(latency.latencyMs.overhead[p]), emphasis: 'secondary' },
        { label: 'p50 total', values: scaled(latency.latencyMs.total.p50), emphasis: 'secondary' },
      ],
      thresholds: objective ? [{ label: `SLA ${latencyText(objective.limitMs)}`, value: objective.limitMs / divisor }] : [],
      altText,
    },
    ctx.config.charts,
    `${p} total`,
  );
}

function invocationsSparkline(latency: EndpointLatency): ReplyPart {
  const perMinute = latency.periodS / 60;
  return sparkline({ label: 'invocations', values: latency.invocations.map((v) => (v === undefined ? 0 : v / perMinute)), unit: '/min' });
}

/** "last 3h (12:05–15:05 UTC)" → "the last 3h (…)"; "2026-08-01 00:00–… UTC" → "the range 2026-08-01 00:00–… UTC". */
function rangeWords(description: string): string {
  return description.startsWith('last ') ? `the ${description}` : `the range ${description}`;
}

/** 60 → "1-min", 300 → "5-min", 3600 → "1-hour". */
function periodText(periodS: number): string {
  return periodS % 3_600 === 0 ? `${periodS / 3_600}-hour` : periodS % 60 === 0 ? `${periodS / 60}-min` : `${periodS}-s`;
}

function capitalised(line: string): string {
  return line.charAt(0).toUpperCase() + line.slice(1);
}

import type { ServiceEdge, TraceDetail, TraceSummary } from '../src/aws/ports/traces.js';
import { defineCommand, type CommandContext } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { clockText } from '../src/incidents/duration-text.js';
import { count, milliseconds, rate } from '../src/reply/quantity-text.js';
import { fields, note, sparkline, table, text, type Reply, type ReplyPart, type Tone } from '../src/reply/reply.js';
import { nodeLabel, pathEdges } from '../src/traces/service-path.js';
import { responseTimeTrend, rootCauseLabel, segmentBreakdown, slowestTraces, traceStatistics, type CauseCount, type TraceStatistics } from '../src/traces/trace-statistics.js';

/** Beyond this many traces the statistics are of the first ones of the range, and say so. */
const MAX_TRACES = 5_000;
const CAUSE_LINES = 5;
const MAP_ROWS = 20;
const TREND_BUCKETS = 60;

export default defineCommand({
  name: 'traces',
  summary: 'X-Ray traces of an endpoint or service: failures, response times, the root cause, the slowest traces and the service map',
  positionals: [
    { name: 'target', description: 'a SageMaker endpoint (traces annotated with it) or an X-Ray service name', required: true, validate: targetProblem },
  ],
  options: { slow: { type: 'integer', valueName: 'N', description: 'how many of the slowest traces to break down (default 5)', min: 1, max: 20 } },
  timeRange: { defaultSince: '1h', longest: '1d' },
  awsScoped: true,
  examples: ['traces fraud-detector', 'traces fraud-preprocess --slow 10 --since 3h', 'traces "SageMaker Runtime"'],

  async run(ctx, { target, slow }): Promise<Reply> {
    const port = ctx.ports.traces;
    if (!port) throw new UserFacingError('traces are not available: this bot has no X-Ray connection configured');
    const scope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };

    const [search, edges] = await Promise.all([port.search(target, ctx.range, scope, { maxTraces: MAX_TRACES }), port.serviceEdges(ctx.range, scope)]);
    const heading = `Traces: ${target}`;
    const context = `${ctx.region} · ${ctx.range.description}`;
    if (search.summaries.length === 0) {
      const detail = await nothingFound(ctx, target, edges, () => port.knownEndpoints(scope));
      return { heading, context, parts: [note('info', detail)], visibility: 'channel', tone: 'info', summary: detail };
    }

    const stats = traceStatistics(search.summaries);
    const slowest = slowestTraces(search.summaries, slow ?? 5);
    const details = await port.details(slowest.map((trace) => trace.id), scope);
    const path = pathEdges(edges, search.summaries);

    const verdict = verdictOf(stats);
    const parts: ReplyPart[] = [
      note(verdict.tone, verdict.text),
      fields(summaryFields(stats, search.truncated)),
      sparkline({ label: 'p99 response time', values: responseTimeTrend(search.summaries, ctx.range, TREND_BUCKETS), unit: 'ms' }),
    ];
    if (stats.responseTimeCauses.length > 0) parts.push(causeLines('Response-time root causes', stats.responseTimeCauses, stats));
    if (stats.faultCauses.length > 0) parts.push(causeLines('Fault root causes', stats.faultCauses, stats));
    parts.push(text(slowestText(slowest, details, ctx.now)));
    if (path.length > 0) parts.push(text('*Service map of the path*'), pathTable(path));
    return { heading, context, parts, visibility: 'channel', tone: verdict.tone, summary: `${heading}: ${verdict.text}` };
  },
});

function targetProblem(value: string): string | undefined {
  // The name goes into an X-Ray filter expression inside double quotes.
  if (/["\\]/.test(value)) return 'cannot contain quotes or backslashes';
  if (value.length > 200) return 'is longer than an X-Ray service name can be (200 characters)';
  return undefined;
}

/** No trace matched: say so for a known name; for an unknown one, name what does exist. */
async function nothingFound(ctx: CommandContext, target: string, edges: readonly ServiceEdge[], knownEndpoints: () => Promise<string[]>): Promise<string> {
  const when = ctx.range.description.startsWith('last') ? `the ${ctx.range.description}` : ctx.range.description;
  const services = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]).filter((node) => node.type !== 'client').map((node) => node.name))].sort((a, b) => a.localeCompare(b));
  if (services.includes(target)) return `No traces through ${target} in ${when}.`;
  const endpoints = await knownEndpoints();
  if (endpoints.includes(target)) return `No traces of ${target} in ${when}: is X-Ray tracing on in front of it, with the endpoint_name annotation?`;
  const hint = didYouMean(target, [...endpoints, ...services]);
  throw new UserFacingError(
    `no endpoint or X-Ray service named "${target}" in ${ctx.region}${hint ? ` — did you mean \`${hint}\`?` : ''} ` +
      `(endpoints: ${endpoints.join(', ') || 'none'}; services with traces in ${when}: ${services.join(', ') || 'none'})`,
  );
}

function verdictOf(stats: TraceStatistics): { tone: Tone; text: string } {
  const sentences: string[] = [];
  const blamed = stats.responseTimeCauses[0];
  if (blamed) {
    sentences.push(
      `Response time goes mostly to ${blamed.label}: the root cause of ${rate(blamed.slowTraces, stats.slowTraces)} of the slowest traces ` +
        `(≥ p90 ${milliseconds(stats.p90Ms)}) and ${rate(blamed.traces, stats.traces)} of all.`,
    );
  }
  const faultShare = stats.faults / stats.traces;
  const faulted = stats.faultCauses[0];
  if (stats.faults > 0) sentences.push(`${rate(stats.faults, stats.traces)} of traces faulted${faulted ? `, most often at ${faulted.label}` : ''}.`);
  return { tone: faultShare >= 0.01 ? 'problem' : faultShare > 0 || stats.errors > 0 ? 'warning' : 'ok', text: sentences.join(' ') || 'X-Ray names no root cause for these traces.' };
}

function summaryFields(stats: TraceStatistics, truncated: boolean) {
  return [
    { label: 'Traces', value: truncated ? `${count(stats.traces)} (the first of the range; narrow it for all)` : count(stats.traces) },
    { label: 'Response time', value: `p50 ${milliseconds(stats.p50Ms)} · p99 ${milliseconds(stats.p99Ms)} · max ${milliseconds(stats.maxMs)}` },
    { label: 'Faults (5xx)', value: `${count(stats.faults)} (${rate(stats.faults, stats.traces)})` },
    { label: 'Errors (4xx)', value: `${count(stats.errors)} (${rate(stats.errors, stats.traces)})` },
    { label: 'Throttles (429)', value: `${count(stats.throttles)} (${rate(stats.throttles, stats.traces)})` },
  ];
}

/** Causes as lines, not a table: their paths are longer than a table cell may be in Slack. */
function causeLines(title: string, causes: readonly CauseCount[], stats: TraceStatistics): ReplyPart {
  const lines = causes.slice(0, CAUSE_LINES).map((cause) => `• ${cause.label}: ${count(cause.traces)} traces (${rate(cause.traces, stats.traces)}), ${count(cause.slowTraces)} of the ${count(stats.slowTraces)} slowest`);
  if (causes.length > CAUSE_LINES) lines.push(`… and ${count(causes.length - CAUSE_LINES)} more`);
  return text(`*${title}*\n${lines.join('\n')}`);
}

function slowestText(slowest: readonly TraceSummary[], details: readonly TraceDetail[], now: Date): string {
  const lines = slowest.map((trace) => {
    const detail = details.find((d) => d.id === trace.id);
    const outcome = trace.fault ? 'fault' : trace.error ? 'error' : trace.throttle ? 'throttled' : 'ok';
    const status = trace.httpStatus === undefined ? outcome : `HTTP ${trace.httpStatus} ${outcome}`;
    const cause = trace.faultRootCause ?? trace.errorRootCause;
    const breakdown = detail ? segmentBreakdown(detail).map((s) => `${s.label} ${milliseconds(s.exclusiveMs)} (${s.share < 0.01 ? '<1' : Math.round(s.share * 100)}%)`).join(', ') : 'segments not available';
    return `• \`${trace.id}\` ${clockText(trace.startedAt, now)} · ${milliseconds(trace.responseTimeMs)} · ${status}${cause ? ` at ${rootCauseLabel(cause)}` : ''}\n    time spent in: ${breakdown}`;
  });
  return `*The ${slowest.length} slowest ${slowest.length === 1 ? 'trace' : 'traces'}*\n${lines.join('\n')}`;
}

function pathTable(edges: readonly ServiceEdge[]): ReplyPart {
  return table({
    columns: [{ title: 'from' }, { title: 'to' }, { title: 'calls', align: 'right' }, { title: 'avg', align: 'right' }, { title: 'errors', align: 'right' }, { title: 'faults', align: 'right' }],
    rows: edges.slice(0, MAP_ROWS).map((edge) => [
      nodeLabel(edge.from, edges),
      nodeLabel(edge.to, edges),
      count(edge.calls),
      milliseconds(edge.averageMs),
      rate(edge.errors, edge.calls),
      rate(edge.faults, edge.calls),
    ]),
    totalRows: edges.length,
  });
}

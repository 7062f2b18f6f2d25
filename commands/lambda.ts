import type { FunctionMetricSeries, FunctionSettings } from '../src/aws/ports/function-metrics.js';
import { timeSeriesParts } from '../src/charts/time-series-chart.js';
import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { clockText } from '../src/incidents/duration-text.js';
import { functionHealth, functionVerdict, timeoutText, type FunctionHealth } from '../src/lambda/function-health.js';
import { count, megabytes, milliseconds, percent, rate } from '../src/reply/quantity-text.js';
import { fields, note, sparkline, type Field, type Reply, type ReplyPart } from '../src/reply/reply.js';

/** Lambda's rule for a function name (the bare name; Lambda Insights' dimension is the name). */
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export default defineCommand({
  name: 'lambda',
  summary: 'A Lambda function against its limits: memory (Lambda Insights) vs its size, duration vs its timeout, errors, throttles, cold starts',
  positionals: [{ name: 'function', description: 'Lambda function name, e.g. fraud-preprocess', required: true, validate: functionNameProblem }],
  options: {},
  timeRange: { defaultSince: '3h', longest: '14d' },
  awsScoped: true,
  examples: ['lambda fraud-preprocess', 'lambda fraud-preprocess --since 1d'],

  async run(ctx, { function: name }): Promise<Reply> {
    const port = ctx.ports.functionMetrics;
    if (!port) throw new UserFacingError('Lambda metrics are not available: this bot has no CloudWatch connection configured');
    const scope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };

    const settings = await port.settings(name, scope);
    if (!settings) {
      const known = await port.knownFunctions(scope);
      const hint = didYouMean(name, known);
      throw new UserFacingError(
        `no Lambda function named "${name}" in ${ctx.region}${hint ? ` — did you mean \`${hint}\`?` : ''} (known: ${known.length > 0 ? listed(known) : 'none'})`,
      );
    }
    const series = await port.series(settings.name, ctx.range, scope, ctx.now);

    const heading = `Lambda ${settings.name}`;
    const context = `${ctx.region} · ${ctx.range.description} · ${megabytes(settings.memoryMb)}, ${timeoutText(settings.timeoutMs)} timeout${settings.runtime ? `, ${settings.runtime}` : ''}`;
    const health = functionHealth(series);
    if (health.invocations === 0 && health.throttles === 0) {
      const when = ctx.range.description.startsWith('last') ? `the ${ctx.range.description}` : ctx.range.description;
      const detail = `No invocations of ${settings.name} in ${when}.`;
      return { heading, context, parts: [note('info', detail)], visibility: 'channel', tone: 'info', summary: detail };
    }

    const verdict = functionVerdict(health, settings, (at) => clockText(at, ctx.now));
    const parts: ReplyPart[] = [note(verdict.tone, verdict.text), fields(healthFields(health, settings, ctx.now))];
    if (!health.hasInsights) {
      parts.push(note('warning', `No Lambda Insights data for ${settings.name}${settings.insightsLayer ? '' : ' (the LambdaInsightsExtension layer is not attached)'}: memory and cold starts cannot be shown.`));
    }
    parts.push(...limitsChart(series, settings, health, ctx.config.charts));
    return { heading, context, parts, visibility: 'channel', tone: verdict.tone, summary: `${settings.name}: ${verdict.text}` };
  },
});

function functionNameProblem(value: string): string | undefined {
  return FUNCTION_NAME.test(value) ? undefined : 'is not a Lambda function name (letters, digits, - and _, at most 64 characters)';
}

function listed(names: readonly string[]): string {
  return names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
}

function healthFields(health: FunctionHealth, settings: FunctionSettings, now: Date): Field[] {
  const at = (date: Date): string => clockText(date, now);
  const items: Field[] = [
    { label: 'Invocations', value: count(health.invocations) },
    { label: 'Errors', value: `${count(health.errors)} (${rate(health.errors, health.invocations)})` },
    { label: 'Throttles', value: count(health.throttles) },
    {
      label: 'Duration p99 (highest)',
      value: health.durationP99 ? `${milliseconds(health.durationP99.value)} at ${at(health.durationP99.at)} · timeout ${timeoutText(settings.timeoutMs)}` : 'no data',
    },
  ];
  if (health.hasInsights) {
    const used = health.usedMemoryMaxMb ? ` · ${megabytes(health.usedMemoryMaxMb.value)} used` : '';
    items.push({
      label: 'Memory (highest)',
      value: `max ${percent(health.memoryMax?.value ?? 0)}${health.memoryP99 ? ` · p99 ${percent(health.memoryP99.value)}` : ''} of ${megabytes(settings.memoryMb)}${used}`,
    });
    items.push({
      label: 'Cold starts',
      value: `${count(health.coldStarts)}${health.initDurationMaxMs ? ` (init up to ${milliseconds(health.initDurationMaxMs.value)})` : ''}`,
    });
  }
  return items;
}

/** Memory and duration as shares of their limits, on one chart: whichever meets 100% first is the problem. */
function limitsChart(series: FunctionMetricSeries, settings: FunctionSettings, health: FunctionHealth, charts: { quickchartUrl: string }): ReplyPart[] {
  const share = (values: readonly (number | undefined)[], limit: number) => values.map((value) => (value === undefined ? undefined : (value / limit) * 100));
  const durationLine = { label: `duration p99 (% of ${timeoutText(settings.timeoutMs)} timeout)`, values: share(series.durationP99Ms, settings.timeoutMs) };
  const memoryLine = { label: `memory max (% of ${megabytes(settings.memoryMb)})`, values: series.memoryUtilizationMaxPercent };
  const lines = health.hasInsights ? [memoryLine, durationLine] : [durationLine];
  const memoryWords = health.memoryMax ? `memory peaks at ${percent(health.memoryMax.value)} of ${megabytes(settings.memoryMb)}` : 'no memory data';
  const durationWords = health.durationP99 ? `duration p99 peaks at ${milliseconds(health.durationP99.value)} of the ${timeoutText(settings.timeoutMs)} timeout` : 'no duration data';
  const parts = timeSeriesParts(
    {
      title: `${settings.name} against its limits`,
      timestamps: series.timestamps,
      lines,
      yAxis: { title: 'share of the limit', unit: '%' },
      thresholds: [{ label: 'limit', value: 100 }],
      altText: `${settings.name}: ${memoryWords}; ${durationWords}.`,
    },
    charts,
    health.hasInsights ? 'memory max' : 'duration p99 (% of timeout)',
  );
  if (health.hasInsights) parts.push(sparkline({ label: 'duration p99', values: series.durationP99Ms.map((value) => value ?? Number.NaN), unit: 'ms' }));
  return parts;
}

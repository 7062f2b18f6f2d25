import { timeSeriesChart } from '../src/charts/time-series-chart.js';
import { endpointNameProblem } from '../src/command/aws-names.js';
import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { crossedInWindow, driftThresholds, isOver, readFeatureDrift, type FeatureDriftReading } from '../src/drift/feature-drift.js';
import { readMonitoringRuns, runsNeedingALook, runsVerdict, type MonitoringRunsReading } from '../src/drift/monitoring-runs.js';
import { clockText } from '../src/incidents/duration-text.js';
import { chart, note, sparkline, table, type Reply, type ReplyPart, type Tone } from '../src/reply/reply.js';

/** Lines on the chart: the features that drifted first, then the highest. */
const CHART_FEATURES = 5;
const TABLE_ROWS = 25;

export default defineCommand({
  name: 'drift',
  summary:
    'Model Monitor data drift of an endpoint: which features crossed their threshold (endpoints.<name>.drift), which first, and when; which monitoring runs completed with violations',
  positionals: [{ name: 'endpoint', description: 'SageMaker endpoint name, e.g. fraud-detector', required: true, validate: endpointNameProblem }],
  options: {},
  timeRange: { defaultSince: '1d', longest: '14d' },
  awsScoped: true,
  examples: ['drift fraud-detector', 'drift fraud-detector --since 7d'],

  async run(ctx, { endpoint }): Promise<Reply> {
    const port = ctx.ports.modelQuality;
    if (!port) throw new UserFacingError('drift is not available: this bot has no CloudWatch connection configured');
    const scope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };
    const thresholds = driftThresholds(ctx.config.endpoints[endpoint]?.drift);

    const [features, monitored] = await Promise.all([port.featureDrift(endpoint, ctx.range, scope, ctx.now), port.monitoringRuns(endpoint, ctx.range, scope)]);
    const runs = readMonitoringRuns(monitored);
    const heading = `Drift: ${endpoint}`;
    const when = ctx.range.description.startsWith('last') ? `the ${ctx.range.description}` : ctx.range.description;
    const at = (date: Date): string => clockText(date, ctx.now);
    const scheduleWords = (monitored.schedules ?? []).map((s) => `${s.name} (${s.status})`).join(', ');
    if (features.length === 0) {
      const context = `${ctx.region} · ${ctx.range.description}`;
      if (runs.runs.length > 0) {
        const verdict = runsVerdict(runs, at);
        const parts = [note(verdict.tone, verdict.text), note('info', `No drift metrics for ${endpoint} in CloudWatch, so no per-feature values to show: the schedule may not publish them (its publish_cloudwatch_metrics setting).`), ...runsNeedingALook(runs, at)];
        return { heading, context, parts, visibility: 'channel', tone: verdict.tone, summary: `${heading}: ${verdict.text}` };
      }
      if (monitored.schedules?.length) {
        return plainAnswer(heading, context, `No Model Monitor results for ${endpoint} in ${when}: its data-quality schedule ${scheduleWords} did not run in the range, and publishes no drift metrics to CloudWatch.`);
      }
      const known = await port.knownEndpoints(scope);
      if (!known.includes(endpoint)) {
        const hint = didYouMean(endpoint, known);
        throw new UserFacingError(`no endpoint named "${endpoint}" in ${ctx.region}${hint ? ` — did you mean \`${hint}\`?` : ''} (known: ${known.join(', ') || 'none'})`);
      }
      return plainAnswer(heading, context, `Model Monitor does not watch ${endpoint} in ${ctx.region}: it has no data-quality monitoring schedule, so there is no drift to show.`);
    }

    const readings = readFeatureDrift(features, thresholds);
    const threshold = sharedThreshold(readings);
    const schedules = [...new Set(readings.flatMap((r) => (r.schedule ? [r.schedule] : [])))];
    const context = `${ctx.region} · ${ctx.range.description} · ${thresholdWords(readings)}${schedules.length > 0 ? ` · ${schedules.join(', ')}` : ''}`;
    if (readings.every((r) => r.points.length === 0) && runs.runs.length === 0) {
      const schedule = scheduleWords ? `its schedule ${scheduleWords} did not run` : 'the monitoring schedule did not run';
      return plainAnswer(heading, context, `No Model Monitor results for ${endpoint} in ${when}: ${schedule}, or has not published yet.`);
    }

    const verdict = verdictOf(readings, threshold, at);
    const monitorVerdict = runs.runs.length > 0 ? runsVerdict(runs, at) : undefined;
    // The features are read against the team's thresholds; the runs against the baseline's
    // constraints. Violations the team's thresholds do not share call for a look, not an alarm.
    const tone = worstTone(verdict.tone, monitorVerdict?.tone === 'problem' ? 'warning' : (monitorVerdict?.tone ?? 'ok'));
    const parts: ReplyPart[] = [
      note(verdict.tone, verdict.text),
      driftTable(readings, threshold, at),
      ...(monitorVerdict ? [note(monitorVerdict.tone, monitorVerdict.text), ...runsNeedingALook(runs, at)] : []),
      ...driftChart(endpoint, readings, runs, ctx.config.charts, at),
    ];
    return { heading, context, parts, visibility: 'channel', tone, summary: `${heading}: ${verdict.text}${monitorVerdict ? ` ${monitorVerdict.text}` : ''}` };
  },
});

const TONE_ORDER: readonly Tone[] = ['info', 'ok', 'warning', 'problem'];

function worstTone(a: Tone, b: Tone): Tone {
  return TONE_ORDER.indexOf(a) >= TONE_ORDER.indexOf(b) ? a : b;
}

/** One dashed line per distinct threshold of the charted features, named after them when they differ. */
function thresholdLines(shown: readonly FeatureDriftReading[]): { label: string; value: number }[] {
  const byValue = new Map<number, string[]>();
  for (const r of shown) byValue.set(r.threshold, [...(byValue.get(r.threshold) ?? []), r.feature]);
  if (byValue.size <= 1) return [...byValue.keys()].map((threshold) => ({ label: `threshold ${value(threshold)}`, value: threshold }));
  return [...byValue].map(([threshold, features]) => ({ label: `threshold ${value(threshold)} (${features.join(', ')})`, value: threshold }));
}


function plainAnswer(heading: string, context: string, detail: string): Reply {
  return { heading, context, parts: [note('info', detail)], visibility: 'channel', tone: 'info', summary: detail };
}

function value(drift: number): string {
  return drift.toFixed(2);
}

/** The one threshold every feature is read against, or undefined when some have their own. */
function sharedThreshold(readings: readonly FeatureDriftReading[]): number | undefined {
  const distinct = new Set(readings.map((r) => r.threshold));
  return distinct.size === 1 ? readings[0]!.threshold : undefined;
}

/** "threshold 0.10", or "thresholds 0.10–0.30 per feature" when features have their own. */
function thresholdWords(readings: readonly FeatureDriftReading[]): string {
  const shared = sharedThreshold(readings);
  if (shared !== undefined) return `threshold ${value(shared)}`;
  const values = readings.map((r) => r.threshold);
  return `thresholds ${value(Math.min(...values))}–${value(Math.max(...values))} per feature`;
}

function verdictOf(readings: readonly FeatureDriftReading[], threshold: number | undefined, at: (date: Date) => string): { tone: Tone; text: string } {
  const crossed = readings.filter(crossedInWindow);
  const over = crossed.filter(isOver);
  const limit = threshold === undefined ? 'its threshold' : value(threshold);
  if (crossed.length === 0) {
    const top = readings.find((r) => r.highest);
    const topWords = top?.highest ? `: the highest is ${top.feature} at ${value(top.highest.value)} (${at(top.highest.at)})${threshold === undefined ? ` against ${value(top.threshold)}` : ''}` : '';
    return { tone: 'ok', text: `No feature drifted past ${limit}${topWords}.` };
  }
  const first = crossed[0]!;
  const firstWords = isOver(first)
    ? `${first.feature} drifted first: over ${value(first.threshold)} ${sinceWords(first, at)}, now ${value(first.latest?.value ?? 0)}`
    : `${first.feature} drifted first (over ${value(first.threshold)} at ${at(first.firstOver!)}) and is back to ${value(first.latest?.value ?? 0)}`;
  const others = crossed.slice(1).map((r) => `${r.feature} (${at(r.firstOver!)})`);
  const overWhat = threshold === undefined ? 'their thresholds' : value(threshold);
  const count = over.length === 1 ? `1 feature is over ${limit}` : `${over.length} features are over ${overWhat}`;
  const text = `${count}. ${firstWords}${others.length > 0 ? `; then ${others.join(', ')}` : ''}.`;
  return { tone: over.length > 0 ? 'problem' : 'warning', text };
}

function sinceWords(reading: FeatureDriftReading, at: (date: Date) => string): string {
  if (!reading.overSince) return '';
  return reading.overBeforeWindow ? `since at least ${at(reading.overSince)} (the first run in the range)` : `since ${at(reading.overSince)}`;
}

function driftTable(readings: readonly FeatureDriftReading[], threshold: number | undefined, at: (date: Date) => string): ReplyPart {
  const status = (r: FeatureDriftReading): string => {
    if (isOver(r)) return r.overBeforeWindow ? `over since ${at(r.overSince!)} or before` : `over since ${at(r.overSince!)}`;
    if (r.firstOver) return `crossed ${at(r.firstOver)}, back under`;
    return r.points.length === 0 ? 'no runs' : 'under';
  };
  const shown = readings.slice(0, TABLE_ROWS);
  const cells = (r: FeatureDriftReading): string[] => [r.feature, r.latest ? value(r.latest.value) : '–', r.highest ? `${value(r.highest.value)} (${at(r.highest.at)})` : '–'];
  if (threshold !== undefined) {
    return table({
      columns: [{ title: 'feature' }, { title: 'now', align: 'right' }, { title: 'highest', align: 'right' }, { title: `vs ${value(threshold)}` }],
      rows: shown.map((r) => [...cells(r), status(r)]),
      totalRows: readings.length,
    });
  }
  return table({
    columns: [{ title: 'feature' }, { title: 'now', align: 'right' }, { title: 'highest', align: 'right' }, { title: 'threshold', align: 'right' }, { title: 'vs threshold' }],
    rows: shown.map((r) => [...cells(r), value(r.threshold), status(r)]),
    totalRows: readings.length,
  });
}

function driftChart(endpoint: string, readings: readonly FeatureDriftReading[], runs: MonitoringRunsReading, charts: { quickchartUrl: string }, at: (date: Date) => string): ReplyPart[] {
  const shown = readings.filter((r) => r.points.length > 0).slice(0, CHART_FEATURES);
  const timestamps = [...new Set(shown.flatMap((r) => r.points.map((p) => p.at.getTime())))].sort((a, b) => a - b);
  const lines = shown.map((r, i) => {
    const byTime = new Map(r.points.map((p) => [p.at.getTime(), p.value]));
    return { label: r.feature, values: timestamps.map((t) => byTime.get(t)), emphasis: i === 0 ? ('primary' as const) : ('secondary' as const) };
  });
  const first = shown[0];
  const flagged = runs.withViolations;
  const flaggedWords =
    flagged.length === 0 ? '' : ` Model Monitor flagged ${flagged.length} ${flagged.length === 1 ? 'run' : 'runs'} with violations (${at(flagged[0]!.scheduledAt)}${flagged.length > 1 ? ` to ${at(flagged.at(-1)!.scheduledAt)}` : ''}).`;
  const altText = first?.highest
    ? `${endpoint} feature drift: ${first.feature} reaches ${value(first.highest.value)} against the ${value(first.threshold)} threshold${shown.length > 1 ? `; ${shown.length - 1} other features shown` : ''}.${flaggedWords}`
    : `${endpoint} feature drift.${flaggedWords}`;
  const image = timeSeriesChart(
    {
      title: `${endpoint} feature drift from baseline${flagged.length > 0 ? ` · ${flagged.length} ${flagged.length === 1 ? 'run' : 'runs'} with violations` : ''}`,
      timestamps: timestamps.map((t) => new Date(t)),
      lines,
      yAxis: { title: 'baseline drift', unit: 'distance' },
      thresholds: thresholdLines(shown),
      altText,
    },
    charts,
  );
  // Drift is a unitless distance: the sparkline shows the bare number.
  return [chart(image), ...(first ? [sparkline({ label: `${first.feature} drift`, values: lines[0]!.values.map((v) => v ?? Number.NaN) })] : [])];
}

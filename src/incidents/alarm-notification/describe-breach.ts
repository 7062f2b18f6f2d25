/**
 * The state reason in plain words, for the incident's parent message:
 *   "p99 ModelLatency 2.1 s > 500 ms for 3 of 3 datapoints"
 *   "sum Errors 0 ≤ 5 for 3 of 3 datapoints"              (back to OK: the comparison flips)
 *   "avg Count 537 outside the expected band 193–531 for 1 of 4 datapoints"
 *   "fraud-detector-p99-latency, fraud-detector-5xx in ALARM (rule: ALARM(…) AND ALARM(…))"
 */
import type { AlarmTransition, MetricQuery } from './alarm-transition.js';
import { parseAlarmArn } from './aws-identifiers.js';
import { type ValueUnit, formatValue, unitOf } from './metric-units.js';
import { cut } from './untrusted-json.js';

const STAT_LABELS: Record<string, string> = {
  Average: 'avg',
  Sum: 'sum',
  Maximum: 'max',
  Minimum: 'min',
  SampleCount: 'count',
};

const OPERATORS: Record<string, { breach: string; ok: string }> = {
  GreaterThanThreshold: { breach: '>', ok: '≤' },
  GreaterThanOrEqualToThreshold: { breach: '≥', ok: '<' },
  LessThanThreshold: { breach: '<', ok: '≥' },
  LessThanOrEqualToThreshold: { breach: '≤', ok: '>' },
};

const BANDS: Record<string, string> = {
  LessThanLowerOrGreaterThanUpperThreshold: 'outside',
  GreaterThanUpperThreshold: 'above',
  LessThanLowerThreshold: 'below',
};

function clip(value: string, max: number): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${cut(oneLine, max - 1)}…` : oneLine;
}

function statLabel(statistic: string): string {
  return Object.hasOwn(STAT_LABELS, statistic) ? (STAT_LABELS[statistic] ?? statistic) : statistic;
}

/** What is measured: "p99 ModelLatency", a math expression's label, or the alarm's name. */
function subject(transition: AlarmTransition): string {
  const metric = transition.metric;
  if (metric !== undefined) return clip(`${statLabel(metric.statistic)} ${metric.metricName}`, 120);
  const queries = transition.metrics ?? [];
  const returned: MetricQuery | undefined =
    queries.find((query) => query.returnData && query.expression !== undefined) ??
    queries.find((query) => query.expression !== undefined);
  if (returned !== undefined) return clip(returned.label ?? returned.expression ?? returned.id, 80);
  return clip(transition.alarmName, 120);
}

function ofDatapoints(breaching: number, evaluated: number): string {
  return ` for ${breaching} of ${evaluated} datapoint${evaluated === 1 ? '' : 's'}`;
}

function datapoints(transition: AlarmTransition): string {
  const observed = transition.observed;
  if (observed?.breachingDatapoints !== undefined && observed.evaluatedDatapoints !== undefined) {
    return ofDatapoints(observed.breachingDatapoints, observed.evaluatedDatapoints);
  }
  const threshold = transition.threshold;
  if (transition.newState === 'ALARM' && threshold !== undefined) {
    return ofDatapoints(threshold.datapointsToAlarm ?? threshold.evaluationPeriods, threshold.evaluationPeriods);
  }
  return '';
}

function describeBand(transition: AlarmTransition, what: string, unit: ValueUnit, side: string): string {
  const band = transition.observed?.band;
  const value = transition.observed?.values[0];
  const shown = value === undefined ? what : `${what} ${formatValue(value, unit)}`;
  const edges =
    band?.lower !== undefined && band.upper !== undefined
      ? ` ${formatValue(band.lower, unit)}–${formatValue(band.upper, unit)}`
      : band?.upper !== undefined
        ? ` (upper ${formatValue(band.upper, unit)})`
        : band?.lower !== undefined
          ? ` (lower ${formatValue(band.lower, unit)})`
          : '';
  const position = transition.newState === 'OK' ? 'within' : side;
  return `${shown} ${position} the expected band${edges}${datapoints(transition)}`;
}

function describeMetric(transition: AlarmTransition): string {
  const what = subject(transition);
  const unit = transition.kind === 'metric-math' ? unitOf(undefined) : unitOf(transition.metric);
  const comparison = transition.threshold?.comparison ?? '';
  const missing = /no datapoints were received for (\d{1,6}) periods?/.exec(transition.reason.slice(0, 4096));
  const treatedAs = /treated as \[(\w+)\]/.exec(transition.reason.slice(0, 4096))?.[1];

  if (transition.newState === 'INSUFFICIENT_DATA') {
    const unknown = /(\d{1,6}) datapoints? (?:was|were) unknown/.exec(transition.reason.slice(0, 4096));
    return unknown ? `${what}: insufficient data (${unknown[1]} datapoints unknown)` : `${what}: insufficient data`;
  }
  if (missing && (transition.observed?.values.length ?? 0) === 0) {
    const treatment = treatedAs === undefined ? '' : `, treated as ${treatedAs.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
    return `${what}: no data for ${missing[1]} periods${treatment}`;
  }
  if (Object.hasOwn(BANDS, comparison) || transition.kind === 'anomaly-band') {
    return describeBand(transition, what, unit, BANDS[comparison] ?? 'outside');
  }

  const value = transition.observed?.values[0];
  const limit = transition.threshold?.value ?? transition.observed?.threshold;
  const operator = Object.hasOwn(OPERATORS, comparison) ? OPERATORS[comparison] : undefined;
  const symbol = operator === undefined ? undefined : transition.newState === 'OK' ? operator.ok : operator.breach;
  if (symbol === undefined || limit === undefined) {
    if (value !== undefined) return `${what} ${formatValue(value, unit)}${datapoints(transition)}`;
    return transition.reason.trim() !== '' ? clip(transition.reason, 200) : `${what} is ${transition.newState}`;
  }
  const shown = value === undefined ? what : `${what} ${formatValue(value, unit)}`;
  return `${shown} ${symbol} ${formatValue(limit, unit)}${datapoints(transition)}`;
}

function childName(arn: string): string {
  return parseAlarmArn(arn)?.alarmName ?? arn;
}

function describeComposite(transition: AlarmTransition): string {
  const composite = transition.composite;
  const rule = composite === undefined || composite.rule === '' ? undefined : clip(composite.rule, 120);
  const names = (composite?.triggeringChildren ?? []).map((child) => clip(childName(child.arn), 80));
  const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const ruleNote = rule === undefined ? '' : ` (rule: ${rule})`;
  switch (transition.newState) {
    case 'ALARM':
      if (listed !== '') return `${listed} in ALARM${ruleNote}`;
      return rule === undefined ? `${clip(transition.alarmName, 120)} is in ALARM` : `rule met: ${rule}`;
    case 'OK':
      return rule === undefined ? `${clip(transition.alarmName, 120)} is OK` : `rule no longer met: ${rule}`;
    case 'INSUFFICIENT_DATA':
      return rule === undefined ? `${clip(transition.alarmName, 120)}: insufficient data` : `rule not evaluated yet: ${rule}`;
  }
}

/** Plain words for why the alarm is in its new state; never empty. */
export function describeBreach(transition: AlarmTransition): string {
  return transition.kind === 'composite' ? describeComposite(transition) : describeMetric(transition);
}

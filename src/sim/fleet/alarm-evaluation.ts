/**
 * Evaluating the scenario's alarms against the fleet's metrics, as CloudWatch does: the last
 * `evaluationPeriods` periods, `datapointsToAlarm` of them breaching, missing data treated as
 * configured; metric math with `+ - * /` over the queries' ids; composite rules with
 * ALARM/OK/INSUFFICIENT_DATA, AND/OR/NOT, TRUE/FALSE. The AWS simulator drives SNS with this.
 */
import type { AlarmMetricQuery, SimMetricAlarm, SimMetricMathAlarm } from './alarm-definitions.js';
import type { MetricDataResult } from './metric-data.js';
import type { MetricIdentity } from './metrics-catalog.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export type MetricDataSource = (metric: MetricIdentity, start: Date, end: Date, periodS: number, stat: string) => MetricDataResult;

export interface AlarmEvaluation {
  /** undefined: `treatMissingData: ignore` with no data — keep the current state. */
  readonly state: AlarmState | undefined;
  /** The evaluated periods, oldest first; `undefined` for a period without data. */
  readonly datapoints: readonly { readonly timestamp: Date; readonly value: number | undefined }[];
  /** In the style of CloudWatch's StateReason. */
  readonly reason: string;
}

type ThresholdAlarm = SimMetricAlarm | SimMetricMathAlarm;

export function periodOf(alarm: ThresholdAlarm): number {
  if (alarm.kind === 'metric') return alarm.periodS;
  return alarm.metrics.find((query) => query.metricStat)?.metricStat?.periodS ?? 60;
}

/** The series the alarm compares to its threshold (the returned expression for metric math). */
export function alarmSeries(source: MetricDataSource, alarm: ThresholdAlarm, start: Date, end: Date): MetricDataResult {
  if (alarm.kind === 'metric') {
    return source(alarm.metric, start, end, alarm.periodS, alarm.statistic ?? alarm.extendedStatistic ?? 'Average');
  }
  const series = new Map<string, Map<number, number>>();
  for (const query of alarm.metrics) {
    if (!query.metricStat) continue;
    const data = source(query.metricStat.metric, start, end, query.metricStat.periodS, query.metricStat.stat);
    series.set(query.id, new Map(data.timestamps.map((t, i) => [t.getTime(), data.values[i] ?? Number.NaN])));
  }
  const output = alarm.metrics.find((query) => query.returnData);
  if (!output) return { timestamps: [], values: [] };
  return evaluateQuery(output, series);
}

function evaluateQuery(query: AlarmMetricQuery, series: Map<string, Map<number, number>>): MetricDataResult {
  const own = series.get(query.id);
  if (own) return toResult([...own.keys()], (t) => own.get(t));
  const expression = parseExpression(query.expression ?? '');
  const times = new Set<number>();
  for (const values of series.values()) for (const t of values.keys()) times.add(t);
  return toResult([...times], (t) => expression((id) => series.get(id)?.get(t)));
}

function toResult(times: number[], valueAt: (t: number) => number | undefined): MetricDataResult {
  const result: MetricDataResult = { timestamps: [], values: [] };
  for (const t of times.sort((a, b) => a - b)) {
    const value = valueAt(t);
    if (value === undefined || !Number.isFinite(value)) continue;
    result.timestamps.push(new Date(t));
    result.values.push(value);
  }
  return result;
}

export function isBreaching(alarm: Pick<ThresholdAlarm, 'comparisonOperator' | 'threshold'>, value: number): boolean {
  switch (alarm.comparisonOperator) {
    case 'GreaterThanThreshold':
      return value > alarm.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= alarm.threshold;
    case 'LessThanThreshold':
      return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= alarm.threshold;
  }
}

/** The alarm's state at `at`, from the last `evaluationPeriods` complete periods. */
export function evaluateAlarm(source: MetricDataSource, alarm: ThresholdAlarm, at: Date): AlarmEvaluation {
  const periodMs = periodOf(alarm) * 1_000;
  const endMs = Math.floor(at.getTime() / periodMs) * periodMs;
  const startMs = endMs - alarm.evaluationPeriods * periodMs;
  const data = alarmSeries(source, alarm, new Date(startMs), new Date(endMs));
  const byTime = new Map(data.timestamps.map((t, i) => [t.getTime(), data.values[i]]));
  const datapoints = Array.from({ length: alarm.evaluationPeriods }, (_, i) => {
    const timestamp = new Date(startMs + i * periodMs);
    return { timestamp, value: byTime.get(timestamp.getTime()) };
  });
  const present = datapoints.filter((point): point is { timestamp: Date; value: number } => point.value !== undefined);
  const missing = datapoints.length - present.length;
  const breaching = present.filter((point) => isBreaching(alarm, point.value));
  const breachCount = breaching.length + (alarm.treatMissingData === 'breaching' ? missing : 0);
  let state: AlarmState | undefined;
  if (present.length === 0 && alarm.treatMissingData === 'missing') state = 'INSUFFICIENT_DATA';
  else if (present.length === 0 && alarm.treatMissingData === 'ignore') state = undefined;
  else state = breachCount >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
  return { state, datapoints, reason: reasonText(alarm, state, breaching, breachCount) };
}

const COMPARISON_WORDS = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
} as const;

function reasonText(alarm: ThresholdAlarm, state: AlarmState | undefined, breaching: { timestamp: Date; value: number }[], breachCount: number): string {
  const words = COMPARISON_WORDS[alarm.comparisonOperator];
  const threshold = alarm.threshold.toFixed(1);
  if (state === 'INSUFFICIENT_DATA' || state === undefined) return `Insufficient Data: ${alarm.evaluationPeriods} datapoints were unknown.`;
  const list = breaching
    .slice()
    .reverse()
    .map((point) => `${point.value.toFixed(1)} (${cloudWatchTime(point.timestamp)})`)
    .join(', ');
  if (state === 'ALARM') {
    return `Threshold Crossed: ${breachCount} out of the last ${alarm.evaluationPeriods} datapoints [${list}] were ${words} the threshold (${threshold}) (minimum ${alarm.datapointsToAlarm} datapoints for OK -> ALARM transition).`;
  }
  return `Threshold Crossed: ${alarm.evaluationPeriods - breachCount} out of the last ${alarm.evaluationPeriods} datapoints were not ${words} the threshold (${threshold}) (minimum ${alarm.evaluationPeriods - alarm.datapointsToAlarm + 1} datapoint for ALARM -> OK transition).`;
}

/** `dd/MM/yy HH:mm:ss`, as alarm reasons print times. */
function cloudWatchTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}

/** A metric-math expression over query ids: numbers, ids, `+ - * /`, parentheses. */
export function parseExpression(text: string): (valueOf: (id: string) => number | undefined) => number | undefined {
  const tokens = text.match(/\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[-+*/()])/g)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== text.replace(/\s+/g, '')) throw new SyntaxError(`unsupported metric math expression "${text}" (ids, numbers, + - * / and parentheses)`);
  type Node = (valueOf: (id: string) => number | undefined) => number | undefined;
  let position = 0;
  const peek = () => tokens[position];
  const primary = (): Node => {
    const token = tokens[position++];
    if (token === undefined) throw new SyntaxError(`metric math expression "${text}" ends early`);
    if (token === '(') {
      const inner = sum();
      if (tokens[position++] !== ')') throw new SyntaxError(`missing ")" in "${text}"`);
      return inner;
    }
    if (token === '-') {
      const operand = primary();
      return (v) => { const x = operand(v); return x === undefined ? undefined : -x; };
    }
    if (/^\d/.test(token)) return () => Number(token);
    if (/^[A-Za-z_]/.test(token)) return (v) => v(token);
    throw new SyntaxError(`unexpected "${token}" in "${text}"`);
  };
  const binary = (next: () => Node, operators: string[]) => (): Node => {
    let left = next();
    while (operators.includes(peek() ?? '')) {
      const operator = tokens[position++];
      const right = next();
      const l = left;
      left = (v) => {
        const a = l(v);
        const b = right(v);
        if (a === undefined || b === undefined) return undefined;
        return operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a / b;
      };
    }
    return left;
  };
  const product = binary(primary, ['*', '/']);
  const sum = binary(product, ['+', '-']);
  const root = sum();
  if (position !== tokens.length) throw new SyntaxError(`unexpected "${tokens[position]}" in "${text}"`);
  return root;
}

/** Whether a composite alarm's rule holds, given its children's states. */
export function evaluateAlarmRule(rule: string, stateOf: (alarmNameOrArn: string) => AlarmState | undefined): boolean {
  const tokens = rule.match(/\s*(ALARM|OK|INSUFFICIENT_DATA|TRUE|FALSE|AND|OR|NOT|\(|\)|"[^"]*"|[^\s()"]+)/g)?.map((t) => t.trim()) ?? [];
  let position = 0;
  const expect = (token: string) => {
    if (tokens[position++] !== token) throw new SyntaxError(`expected "${token}" in alarm rule ${rule}`);
  };
  const term = (): boolean => {
    const token = tokens[position++];
    if (token === 'NOT') return !term();
    if (token === 'TRUE') return true;
    if (token === 'FALSE') return false;
    if (token === '(') {
      const value = or();
      expect(')');
      return value;
    }
    if (token === 'ALARM' || token === 'OK' || token === 'INSUFFICIENT_DATA') {
      expect('(');
      const name = (tokens[position++] ?? '').replace(/^"|"$/g, '');
      expect(')');
      return stateOf(name) === token;
    }
    throw new SyntaxError(`unexpected "${token ?? 'end'}" in alarm rule ${rule}`);
  };
  const and = (): boolean => {
    let value = term();
    while (tokens[position] === 'AND') {
      position++;
      value = term() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (tokens[position] === 'OR') {
      position++;
      value = and() || value;
    }
    return value;
  };
  const result = or();
  if (position !== tokens.length) throw new SyntaxError(`unexpected "${tokens[position]}" in alarm rule ${rule}`);
  return result;
}

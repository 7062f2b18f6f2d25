import { type AlarmEvaluation, type AlarmState, evaluateAlarmRule, type Fleet, type SimAlarmDefinition, type SimMetricAlarm, type SimMetricMathAlarm } from '../../../fleet/index.js';
import { offsetTimestamp } from '../../protocol/aws-timestamps.js';
import type { AlarmEntry, AlarmStatus } from './cloudwatch-state.js';

/**
 * Every alarm's state at one instant: threshold alarms by the fleet's `evaluateAlarm` (period,
 * evaluation periods, datapoints to alarm, threshold, comparison, missing data), composite
 * alarms from their children's states of the same instant, as CloudWatch evaluates them.
 */
export interface EvaluatedAlarmState {
  readonly state: AlarmState;
  readonly reason: string;
  /** StateReasonData (JSON); may be computed when read. */
  readonly reasonData?: string;
}

type ThresholdAlarm = SimMetricAlarm | SimMetricMathAlarm;

export function evaluateAlarmSet(fleet: Fleet, entries: readonly AlarmEntry[], at: Date, previous: (name: string) => AlarmStatus | undefined): Map<string, EvaluatedAlarmState> {
  const results = new Map<string, EvaluatedAlarmState>();
  const byNameOrArn = new Map<string, SimAlarmDefinition>();
  for (const { definition } of entries) {
    byNameOrArn.set(definition.alarmName, definition);
    byNameOrArn.set(definition.alarmArn, definition);
  }
  for (const { definition } of entries) {
    if (definition.kind !== 'composite') results.set(definition.alarmName, evaluateThresholdAlarm(fleet, definition, at, previous(definition.alarmName)));
  }
  const resolving = new Set<string>();
  const stateOf = (nameOrArn: string): AlarmState | undefined => {
    const definition = byNameOrArn.get(nameOrArn.trim());
    if (!definition) return undefined;
    const known = results.get(definition.alarmName);
    if (known) return known.state;
    if (definition.kind !== 'composite' || resolving.has(definition.alarmName)) return undefined;
    resolving.add(definition.alarmName);
    const evaluated = evaluateComposite(definition.alarmRule, stateOf);
    results.set(definition.alarmName, evaluated);
    return evaluated.state;
  };
  for (const { definition } of entries) stateOf(definition.alarmName);
  return results;
}

function evaluateComposite(rule: string, stateOf: (nameOrArn: string) => AlarmState | undefined): EvaluatedAlarmState {
  try {
    const firing = evaluateAlarmRule(rule, stateOf);
    return { state: firing ? 'ALARM' : 'OK', reason: `The alarm rule ${rule} evaluated to ${firing ? 'TRUE' : 'FALSE'}.` };
  } catch (error) {
    return { state: 'INSUFFICIENT_DATA', reason: `The alarm rule could not be evaluated: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function evaluateThresholdAlarm(fleet: Fleet, alarm: ThresholdAlarm, at: Date, previous: AlarmStatus | undefined): EvaluatedAlarmState {
  let evaluation: AlarmEvaluation;
  try {
    evaluation = fleet.evaluateAlarm(alarm, at);
  } catch {
    // A high-resolution period (10 or 30 s) over the fleet's one-minute metrics: never any data.
    evaluation = withoutData(alarm);
  }
  if (evaluation.state === undefined) {
    // treatMissingData: ignore, and no data: the alarm stays as it is.
    return previous ? { state: previous.value, reason: previous.reason, ...(previous.reasonData && { reasonData: previous.reasonData }) } : { state: 'INSUFFICIENT_DATA', reason: evaluation.reason };
  }
  // StateReasonData is only read for the alarms that changed (or are described): build it on demand.
  const { state, reason } = evaluation;
  return {
    state,
    reason,
    get reasonData() {
      return stateReasonData(alarm, evaluation, at);
    },
  };
}

function withoutData(alarm: ThresholdAlarm): AlarmEvaluation {
  const reason = `Insufficient Data: ${alarm.evaluationPeriods} datapoints were unknown.`;
  const state: AlarmState | undefined =
    alarm.treatMissingData === 'missing' ? 'INSUFFICIENT_DATA' : alarm.treatMissingData === 'ignore' ? undefined : alarm.treatMissingData === 'breaching' ? 'ALARM' : 'OK';
  return { state, datapoints: [], reason };
}

/** StateReasonData as CloudWatch writes it for a threshold alarm. */
function stateReasonData(alarm: ThresholdAlarm, evaluation: AlarmEvaluation, at: Date): string {
  const present = evaluation.datapoints.filter((point): point is { timestamp: Date; value: number } => point.value !== undefined);
  const first = evaluation.datapoints[0];
  return JSON.stringify({
    version: '1.0',
    queryDate: offsetTimestamp(at),
    ...(first && { startDate: offsetTimestamp(first.timestamp) }),
    ...(alarm.kind === 'metric' && { statistic: alarm.statistic ?? alarm.extendedStatistic, ...(alarm.unit && { unit: alarm.unit }) }),
    period: (alarm.kind === 'metric' ? alarm.periodS : (alarm.metrics.find((query) => query.metricStat)?.metricStat?.periodS ?? 60)),
    recentDatapoints: present.map((point) => point.value),
    threshold: alarm.threshold,
    evaluatedDatapoints: present
      .slice()
      .reverse()
      .map((point) => ({ timestamp: offsetTimestamp(point.timestamp), value: point.value })),
  });
}

/** `Monday 23 November, 2026 14:07:12 UTC`, as composite alarm reasons write instants. */
export function longUtcTime(date: Date): string {
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const iso = date.toISOString();
  return `${days[date.getUTCDay()]} ${iso.slice(8, 10)} ${months[date.getUTCMonth()]}, ${date.getUTCFullYear()} ${iso.slice(11, 19)} UTC`;
}

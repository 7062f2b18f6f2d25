import type { AlarmState, SimAlarmDefinition } from '../../../fleet/index.js';
import { describeQuery } from './alarm-descriptions.js';
import { dimensionList } from './cloudwatch-input.js';
import { alarmTypeOf, type AlarmHistoryRecord } from './cloudwatch-state.js';

/**
 * DescribeAlarmHistory items in CloudWatch's wording: `HistorySummary` ("Alarm updated from OK to
 * ALARM", "Successfully executed action arn:…", `Alarm "x" created`) and `HistoryData`, a JSON
 * document whose shape depends on the item type.
 */
export type HistoryRecordInput = Omit<AlarmHistoryRecord, 'seq'>;

export interface StateSnapshot {
  value: AlarmState;
  reason: string;
  reasonData?: string;
}

export function stateUpdateRecord(definition: SimAlarmDefinition, before: StateSnapshot, after: StateSnapshot, at: Date): HistoryRecordInput {
  return {
    alarmName: definition.alarmName,
    alarmType: alarmTypeOf(definition),
    timestamp: at,
    type: 'StateUpdate',
    summary: `Alarm updated from ${before.value} to ${after.value}`,
    data: stateUpdateData(before, after),
  };
}

export function stateUpdateData(before: StateSnapshot, after: StateSnapshot): string {
  const state = (snapshot: StateSnapshot) => ({
    stateValue: snapshot.value,
    stateReason: snapshot.reason,
    ...(snapshot.reasonData && { stateReasonData: JSON.parse(snapshot.reasonData) as unknown }),
  });
  return JSON.stringify({ version: '1.0', oldState: state(before), newState: state(after) });
}

export type ActionOutcome = { ok: true; publishedMessage?: string } | { ok: false; error: string };

export function actionRecord(definition: SimAlarmDefinition, arn: string, at: Date, outcome: ActionOutcome): HistoryRecordInput {
  return {
    alarmName: definition.alarmName,
    alarmType: alarmTypeOf(definition),
    timestamp: at,
    type: 'Action',
    summary: outcome.ok ? `Successfully executed action ${arn}` : `Failed to execute action ${arn}. Received error: "${outcome.error}"`,
    data: actionData(arn, at, outcome),
  };
}

export function actionData(arn: string, at: Date, outcome: ActionOutcome): string {
  return JSON.stringify({
    actionState: outcome.ok ? 'Succeeded' : 'Failed',
    stateUpdateTimestamp: at.getTime(),
    notificationResource: arn,
    ...(outcome.ok ? outcome.publishedMessage !== undefined && { publishedMessage: outcome.publishedMessage } : { error: outcome.error }),
  });
}

export function configurationRecord(kind: 'Create' | 'Update' | 'Delete', definition: SimAlarmDefinition, at: Date, original?: SimAlarmDefinition): HistoryRecordInput {
  const verb = kind === 'Create' ? 'created' : kind === 'Update' ? 'updated' : 'deleted';
  const body =
    kind === 'Create'
      ? { createdAlarm: alarmConfiguration(definition) }
      : kind === 'Update'
        ? { updatedAlarm: alarmConfiguration(definition), ...(original && { originalAlarm: alarmConfiguration(original) }) }
        : { deletedAlarm: alarmConfiguration(definition) };
  return {
    alarmName: definition.alarmName,
    alarmType: alarmTypeOf(definition),
    timestamp: at,
    type: 'ConfigurationUpdate',
    summary: `Alarm "${definition.alarmName}" ${verb}`,
    data: JSON.stringify({ version: '1.0', type: kind, ...body }),
  };
}

/** The alarm's configuration in the camelCase form history documents use. */
function alarmConfiguration(definition: SimAlarmDefinition): Record<string, unknown> {
  const base = {
    alarmName: definition.alarmName,
    alarmArn: definition.alarmArn,
    ...(definition.alarmDescription !== '' && { alarmDescription: definition.alarmDescription }),
    actionsEnabled: definition.actionsEnabled,
    okactions: definition.okActions,
    alarmActions: definition.alarmActions,
    insufficientDataActions: definition.insufficientDataActions,
  };
  if (definition.kind === 'composite') return { ...base, alarmRule: definition.alarmRule };
  const rule = {
    evaluationPeriods: definition.evaluationPeriods,
    datapointsToAlarm: definition.datapointsToAlarm,
    threshold: definition.threshold,
    comparisonOperator: definition.comparisonOperator,
    treatMissingData: definition.treatMissingData,
  };
  if (definition.kind === 'metric-math') return { ...base, ...rule, metrics: definition.metrics.map(describeQuery) };
  return {
    ...base,
    namespace: definition.metric.namespace,
    metricName: definition.metric.metricName,
    dimensions: dimensionList(definition.metric.dimensions).map(({ Name, Value }) => ({ name: Name, value: Value })),
    ...(definition.statistic ? { statistic: definition.statistic.toUpperCase() } : { extendedStatistic: definition.extendedStatistic }),
    period: definition.periodS,
    ...(definition.unit && { unit: definition.unit }),
    ...rule,
  };
}

import type { AlarmMetricQuery, SimCompositeAlarm, SimMetricAlarm, SimMetricMathAlarm } from '../../../fleet/index.js';
import type { ShownAlarmStatus } from './alarm-status-reader.js';
import { dimensionList } from './cloudwatch-input.js';
import type { AlarmEntry } from './cloudwatch-state.js';

/** DescribeAlarms' `MetricAlarms` and `CompositeAlarms` members, from an alarm and its state. */

function common(entry: AlarmEntry, status: ShownAlarmStatus) {
  const { definition } = entry;
  return {
    AlarmName: definition.alarmName,
    AlarmArn: definition.alarmArn,
    ...(definition.alarmDescription !== '' && { AlarmDescription: definition.alarmDescription }),
    AlarmConfigurationUpdatedTimestamp: entry.configuredAt,
    ActionsEnabled: definition.actionsEnabled,
    OKActions: [...definition.okActions],
    AlarmActions: [...definition.alarmActions],
    InsufficientDataActions: [...definition.insufficientDataActions],
    StateValue: status.value,
    StateReason: status.reason,
    ...(status.reasonData && { StateReasonData: status.reasonData }),
    StateUpdatedTimestamp: status.updatedAt,
    StateTransitionedTimestamp: status.updatedAt,
  };
}

export function describeMetricAlarm(entry: AlarmEntry & { definition: SimMetricAlarm | SimMetricMathAlarm }, status: ShownAlarmStatus): Record<string, unknown> {
  const { definition } = entry;
  const rule = {
    EvaluationPeriods: definition.evaluationPeriods,
    DatapointsToAlarm: definition.datapointsToAlarm,
    Threshold: definition.threshold,
    ComparisonOperator: definition.comparisonOperator,
    TreatMissingData: definition.treatMissingData,
  };
  if (definition.kind === 'metric-math') {
    return { ...common(entry, status), Dimensions: [], ...rule, Metrics: definition.metrics.map(describeQuery) };
  }
  return {
    ...common(entry, status),
    MetricName: definition.metric.metricName,
    Namespace: definition.metric.namespace,
    ...(definition.statistic ? { Statistic: definition.statistic } : { ExtendedStatistic: definition.extendedStatistic }),
    Dimensions: dimensionList(definition.metric.dimensions),
    Period: definition.periodS,
    ...(definition.unit && { Unit: definition.unit }),
    ...rule,
  };
}

export function describeCompositeAlarm(entry: AlarmEntry & { definition: SimCompositeAlarm }, status: ShownAlarmStatus): Record<string, unknown> {
  return { ...common(entry, status), AlarmRule: entry.definition.alarmRule };
}

/** A metric-math query as the API writes it (`MetricDataQuery`). */
export function describeQuery(query: AlarmMetricQuery): Record<string, unknown> {
  return {
    Id: query.id,
    ...(query.expression !== undefined && { Expression: query.expression }),
    ...(query.label !== undefined && { Label: query.label }),
    ...(query.metricStat && {
      MetricStat: {
        Metric: { Namespace: query.metricStat.metric.namespace, MetricName: query.metricStat.metric.metricName, Dimensions: dimensionList(query.metricStat.metric.dimensions) },
        Period: query.metricStat.periodS,
        Stat: query.metricStat.stat,
        ...(query.metricStat.unit && { Unit: query.metricStat.unit }),
      },
    }),
    ReturnData: query.returnData,
  };
}

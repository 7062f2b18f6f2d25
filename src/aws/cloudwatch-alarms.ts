import { DescribeAlarmsCommand, type CompositeAlarm, type MetricAlarm, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { MetricQuery, WatchedMetric } from '../incidents/alarm-notification/index.js';
import type { AwsClients, AwsScope } from './aws-clients.js';
import type { AlarmFilter, AlarmStatus, Alarms } from './ports/alarms.js';

/** DescribeAlarms' largest page. */
const PAGE_SIZE = 100;
/** 10,000 alarms: far past any real account's, and a stop for a NextToken that never ends. */
const MAX_PAGES = 100;

/** The `Alarms` port over CloudWatch DescribeAlarms: metric and composite alarms, every page. */
export class CloudWatchAlarms implements Alarms {
  constructor(private readonly clients: AwsClients) {}

  async list(filter: AlarmFilter, scope: AwsScope): Promise<AlarmStatus[]> {
    const cloudwatch = this.clients.client('cloudwatch', scope);
    const alarms: AlarmStatus[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await cloudwatch.send(
        new DescribeAlarmsCommand({
          // Without AlarmTypes, DescribeAlarms leaves composite alarms out.
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          MaxRecords: PAGE_SIZE,
          ...(filter.state ? { StateValue: filter.state } : {}),
          ...(filter.namePrefix ? { AlarmNamePrefix: filter.namePrefix } : {}),
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const alarm of answer.MetricAlarms ?? []) alarms.push(metricAlarmStatus(alarm));
      for (const alarm of answer.CompositeAlarms ?? []) alarms.push(compositeAlarmStatus(alarm));
      nextToken = answer.NextToken;
      if (!nextToken) break;
    }
    return alarms;
  }
}

type AlarmCommon = Pick<MetricAlarm, 'AlarmName' | 'AlarmArn' | 'AlarmDescription' | 'StateValue' | 'StateReason' | 'StateReasonData' | 'StateTransitionedTimestamp' | 'StateUpdatedTimestamp' | 'ActionsEnabled'>;

function common(alarm: AlarmCommon): Omit<AlarmStatus, 'kind'> {
  const reasonData = parseJson(alarm.StateReasonData);
  return {
    name: alarm.AlarmName ?? '(unnamed)',
    arn: alarm.AlarmArn ?? '',
    ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
    state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
    reason: alarm.StateReason ?? '',
    ...(reasonData === undefined ? {} : { reasonData }),
    since: alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp ?? new Date(0),
    actionsEnabled: alarm.ActionsEnabled ?? true,
  };
}

function metricAlarmStatus(alarm: MetricAlarm): AlarmStatus {
  const threshold = {
    comparison: alarm.ComparisonOperator ?? '',
    ...(alarm.Threshold === undefined ? {} : { value: alarm.Threshold }),
    ...(alarm.ThresholdMetricId ? { thresholdMetricId: alarm.ThresholdMetricId } : {}),
    evaluationPeriods: alarm.EvaluationPeriods ?? 1,
    ...(alarm.DatapointsToAlarm === undefined ? {} : { datapointsToAlarm: alarm.DatapointsToAlarm }),
    ...(alarm.TreatMissingData ? { treatMissingData: alarm.TreatMissingData } : {}),
  };
  const base = { ...common(alarm), threshold };
  if (alarm.Metrics && alarm.Metrics.length > 0) {
    return { ...base, kind: alarm.ThresholdMetricId ? 'anomaly-band' : 'metric-math', metrics: alarm.Metrics.map(metricQuery) };
  }
  const metric: WatchedMetric = {
    namespace: alarm.Namespace ?? '',
    metricName: alarm.MetricName ?? '',
    dimensions: Object.fromEntries((alarm.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
    statistic: alarm.Statistic ?? alarm.ExtendedStatistic ?? '',
    ...(alarm.Unit ? { unit: alarm.Unit } : {}),
    periodS: alarm.Period ?? 60,
  };
  return { ...base, kind: 'metric', metric };
}

function compositeAlarmStatus(alarm: CompositeAlarm): AlarmStatus {
  return { ...common(alarm), kind: 'composite', ...(alarm.AlarmRule ? { rule: alarm.AlarmRule } : {}) };
}

function metricQuery(query: MetricDataQuery): MetricQuery {
  const stat = query.MetricStat;
  return {
    id: query.Id ?? '',
    ...(query.Expression ? { expression: query.Expression } : {}),
    ...(query.Label ? { label: query.Label } : {}),
    returnData: query.ReturnData ?? true,
    ...(stat?.Metric
      ? {
          metric: {
            namespace: stat.Metric.Namespace ?? '',
            metricName: stat.Metric.MetricName ?? '',
            dimensions: Object.fromEntries((stat.Metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
            statistic: stat.Stat ?? '',
            ...(stat.Unit ? { unit: stat.Unit } : {}),
            periodS: stat.Period ?? 60,
          },
        }
      : {}),
  };
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

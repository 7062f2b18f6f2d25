import type { AlarmEntry } from '../services/cloudwatch/cloudwatch-state.js';
import type { AlarmDefinition } from '../sns/alarm-notification.js';

/** The fleet's alarm definition in the shape the SNS notification builder (`alarmNotification`) takes. */
export function notificationDefinition(entry: AlarmEntry): AlarmDefinition {
  const { definition } = entry;
  // arn:aws:cloudwatch:<region>:<account>:alarm:<name>
  const [, , , region = 'us-east-1', accountId = '123456789012'] = definition.alarmArn.split(':');
  const base = {
    name: definition.alarmName,
    description: definition.alarmDescription === '' ? null : definition.alarmDescription,
    accountId,
    region,
    configurationUpdatedAt: entry.configuredAt,
    okActions: [...definition.okActions],
    alarmActions: [...definition.alarmActions],
    insufficientDataActions: [...definition.insufficientDataActions],
  };
  if (definition.kind === 'composite') return { kind: 'composite', ...base, alarmRule: definition.alarmRule };
  const rule = {
    evaluationPeriods: definition.evaluationPeriods,
    datapointsToAlarm: definition.datapointsToAlarm,
    comparisonOperator: definition.comparisonOperator,
    treatMissingData: definition.treatMissingData,
    threshold: definition.threshold,
  };
  if (definition.kind === 'metric-math') {
    return {
      kind: 'metric-math',
      ...base,
      ...rule,
      metrics: definition.metrics.map((query) => ({
        id: query.id,
        returnData: query.returnData,
        ...(query.expression !== undefined && { expression: query.expression }),
        ...(query.label !== undefined && { label: query.label }),
        ...(query.metricStat && {
          metricStat: {
            namespace: query.metricStat.metric.namespace,
            metricName: query.metricStat.metric.metricName,
            dimensions: { ...query.metricStat.metric.dimensions },
            period: query.metricStat.periodS,
            stat: query.metricStat.stat,
            ...(query.metricStat.unit !== undefined && { unit: query.metricStat.unit }),
          },
        }),
      })),
    };
  }
  return {
    kind: 'metric',
    ...base,
    ...rule,
    namespace: definition.metric.namespace,
    metricName: definition.metric.metricName,
    dimensions: { ...definition.metric.dimensions },
    ...(definition.statistic ? { statistic: definition.statistic } : { extendedStatistic: definition.extendedStatistic }),
    unit: definition.unit ?? null,
    period: definition.periodS,
  };
}

/**
 * The one shape every alarm notification becomes, whatever form it arrived in (the classic SNS
 * alarm message or an EventBridge "CloudWatch Alarm State Change" event forwarded to SNS).
 */

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export type AlarmKind = 'metric' | 'metric-math' | 'anomaly-band' | 'composite';

export type NotificationSource = 'sns-cloudwatch' | 'eventbridge';

/** One metric as CloudWatch names it; `statistic` is normalised (`AVERAGE` → `Average`, `p99` kept). */
export interface WatchedMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: string;
  unit?: string;
  periodS: number;
}

/** One entry of a metric-math or anomaly-detection alarm: an expression, or a metric (`MetricStat`). */
export interface MetricQuery {
  id: string;
  expression?: string;
  label?: string;
  returnData: boolean;
  metric?: WatchedMetric;
}

export interface AlarmThreshold {
  /** `GreaterThanThreshold`, `LessThanLowerOrGreaterThanUpperThreshold`… as CloudWatch spells it. */
  comparison: string;
  value?: number;
  /** Anomaly-detection alarms compare against a band expression instead of a number. */
  thresholdMetricId?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  treatMissingData?: string;
}

export interface CompositeChild {
  arn: string;
  state?: AlarmState;
  timestamp?: Date;
}

export type ResourceKind = 'sagemaker-endpoint' | 'lambda-function' | 'other';

/** What the alarm watches, for grouping alarms into incidents. */
export interface AlarmResource {
  kind: ResourceKind;
  /** `sagemaker:fraud-detector/AllTraffic`, `lambda:preprocess`, `sqs:orders`, or the alarm ARN. */
  key: string;
  name: string;
  variant?: string;
}

/** Numbers read from the state reason (or EventBridge `reasonData`), newest datapoint first. */
export interface ObservedValues {
  values: number[];
  threshold?: number;
  /** Anomaly bands: the band's edges at the newest evaluated datapoint. */
  band?: { lower?: number; upper?: number };
  /** The reason's own words: "3 out of the last 3", "1". */
  datapoints?: string;
  breachingDatapoints?: number;
  evaluatedDatapoints?: number;
}

export interface AlarmTransition {
  kind: AlarmKind;
  source: NotificationSource;
  alarmName: string;
  /** Always a well-formed CloudWatch alarm ARN: the one sent, or built from account, region and name. */
  alarmArn: string;
  accountId: string;
  /** Region code (`us-east-1`), from the ARN or EventBridge `region`. */
  region: string;
  /** The long name (`US East (N. Virginia)`) when the message gives one. */
  regionName?: string;
  description?: string;
  /** The first http(s) URL in the description. */
  runbookUrl?: string;
  newState: AlarmState;
  oldState?: AlarmState;
  reason: string;
  reasonData?: unknown;
  changedAt: Date;
  /** The single metric watched: metric alarms, and for anomaly bands the metric inside the band. */
  metric?: WatchedMetric;
  /** Metric-math and anomaly-band alarms: every query, in the order the alarm lists them. */
  metrics?: MetricQuery[];
  threshold?: AlarmThreshold;
  composite?: { rule: string; triggeringChildren: CompositeChild[] };
  resource: AlarmResource;
  observed?: ObservedValues;
}

export type ParsedNotification =
  | { kind: 'alarm'; transition: AlarmTransition }
  | {
      kind: 'other';
      subject?: string;
      /** Shown as a plain notification, not dropped (cut to a readable length). */
      text: string;
      /** Why it is not an alarm: 'not JSON', 'JSON but not a CloudWatch alarm', … */
      reason: string;
    };

export interface SnsEnvelopeFields {
  subject?: string;
  topicArn?: string;
  timestamp?: string;
}

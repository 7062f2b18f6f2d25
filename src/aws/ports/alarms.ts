import type { AlarmKind, AlarmState, AlarmThreshold, MetricQuery, WatchedMetric } from '../../incidents/alarm-notification/index.js';
import type { AwsScope } from '../aws-clients.js';

/**
 * CloudWatch alarms as they stand now: what `/mlobs alarms` lists. The shapes reuse the alarm
 * notification model (`WatchedMetric`, `AlarmThreshold`…), so an alarm reads the same in an
 * incident thread and in a listing.
 */

export interface AlarmFilter {
  state?: AlarmState;
  /** Alarm names starting with this. */
  namePrefix?: string;
}

export interface AlarmStatus {
  kind: AlarmKind;
  name: string;
  arn: string;
  description?: string;
  state: AlarmState;
  /** CloudWatch's own words (`Threshold Crossed: 3 out of the last 3 datapoints […]`). */
  reason: string;
  /** `StateReasonData`, parsed: recent datapoints and the threshold. */
  reasonData?: unknown;
  /** When the state last changed (not merely re-evaluated). */
  since: Date;
  actionsEnabled: boolean;
  metric?: WatchedMetric;
  metrics?: MetricQuery[];
  threshold?: AlarmThreshold;
  /** Composite alarms: the rule over other alarms. */
  rule?: string;
}

export interface Alarms {
  /** Every metric and composite alarm matching the filter, all pages. */
  list(filter: AlarmFilter, scope: AwsScope): Promise<AlarmStatus[]>;
}

/**
 * Alarm notifications: what arrives on an alarm topic, read into one `AlarmTransition` (or a
 * plain notification), and the breach in plain words. Pure functions over strings — no I/O,
 * no store, no Slack; ingestion calls `parseAlarmMessage` with the SNS `Message` and the
 * envelope's `Subject`/`TopicArn`/`Timestamp`, and the incident pipeline takes it from there.
 *
 * Reads: CloudWatch metric alarms (one metric, metric math, anomaly-detection bands), composite
 * alarms, and EventBridge "CloudWatch Alarm State Change" events forwarded to SNS.
 */
export type {
  AlarmKind,
  AlarmResource,
  AlarmState,
  AlarmThreshold,
  AlarmTransition,
  CompositeChild,
  MetricQuery,
  NotificationSource,
  ObservedValues,
  ParsedNotification,
  ResourceKind,
  SnsEnvelopeFields,
  WatchedMetric,
} from './alarm-transition.js';
export { parseAlarmMessage } from './parse-alarm-message.js';
export { describeBreach } from './describe-breach.js';
export { resourceOfAlarm, resourceOfMetric } from './alarm-resource.js';
export { formatValue, unitOf } from './metric-units.js';

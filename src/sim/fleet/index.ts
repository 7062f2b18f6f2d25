/**
 * The scenario engine's public API. See README.md for the model and each scenario's story.
 */
export { createFleet, DEFAULT_SEED, type Fleet, type FleetOptions } from './fleet.js';
export { type ScenarioName, SCENARIO_NAMES, type TimelineMark, PREPROCESS_MEMORY, DAILY_SPIKE, DRIFT, COST_ANOMALY, STORM } from './scenarios.js';
export type { MetricIdentity, MetricUnit } from './metrics-catalog.js';
export { metricKey } from './metrics-catalog.js';
export type { MetricDataResult } from './metric-data.js';
export { parseStatistic, type Statistic } from './statistics.js';
export type { SimEndpoint, SimLambda, SimLogGroup, SimVariant } from './resources.js';
export type { SimLogEvent } from './log-lines.js';
export type { SimTrace, XRaySegmentDocument, XRayTraceSummary } from './trace-shapes.js';
export { type DailyCost, COST_SERVICES } from './costs.js';
export type { SimAlarmDefinition, SimMetricAlarm, SimMetricMathAlarm, SimCompositeAlarm, AlarmMetricQuery, ComparisonOperator, TreatMissingData } from './alarm-definitions.js';
export { type AlarmEvaluation, type AlarmState, evaluateAlarmRule, isBreaching } from './alarm-evaluation.js';
export { ALARM_NAMES, FRAUD_LATENCY_SLA_US } from './alarms.js';
export type { SimCloudTrailEvent } from './cloudtrail.js';
export { ACCOUNT_ID, REGION, ALARM_TOPIC_ARN } from './topology.js';
export { DEFAULT_NOW, HISTORY_DAYS } from './clock.js';

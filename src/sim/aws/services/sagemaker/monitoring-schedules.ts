import { createHash } from 'node:crypto';
import { DRIFT, type Fleet, type MetricIdentity, type SimEndpoint } from '../../../fleet/index.js';

/**
 * Model Monitor's data-quality schedules and their executions, read off the fleet: a schedule for
 * each endpoint that names one (`SimEndpoint.monitoringSchedules`), one execution per hourly
 * drift datapoint the schedule published to CloudWatch, `CompletedWithViolations` when any
 * feature's drift is over the baseline constraint's threshold at that run. So ListMetrics,
 * GetMetricData and ListMonitoringExecutions always tell the same story.
 */

const HOUR_MS = 3_600_000;
const DRIFT_PREFIX = 'feature_baseline_drift_';
/** Model Monitor's `comparison_threshold` of the baseline's constraints: the sim's drift threshold. */
const COMPARISON_THRESHOLD = DRIFT.threshold;
/** A run's metrics appear a minute after it is scheduled: it is over by then. */
const RUN_DURATION_MS = 60_000;

export type MonitoringExecutionStatus = 'Completed' | 'CompletedWithViolations';

export interface MonitoringSchedule {
  name: string;
  arn: string;
  endpoint: SimEndpoint;
  creationTime: Date;
  /** Where each run writes statistics.json and constraint_violations.json (under <endpoint>/<schedule>/<yyyy>/<mm>/<dd>/<hh>/). */
  reportsUri: string;
  constraintsUri: string;
  statisticsUri: string;
}

export interface MonitoringExecution {
  schedule: MonitoringSchedule;
  scheduledTime: Date;
  creationTime: Date;
  lastModifiedTime: Date;
  status: MonitoringExecutionStatus;
  processingJobArn: string;
}

/** The fleet's data-quality schedules in `region` (the fleet's region only). */
export function monitoringSchedules(fleet: Fleet, region: string): MonitoringSchedule[] {
  if (region !== fleet.region) return [];
  return fleet.endpoints().flatMap((endpoint) => endpoint.monitoringSchedules.map((name) => scheduleOf(fleet, endpoint, name)));
}

/** The schedule's executions scheduled in [start, end), oldest first; only runs that are over by the fleet's now. */
export function monitoringExecutions(fleet: Fleet, schedule: MonitoringSchedule, start: Date, end: Date): MonitoringExecution[] {
  const from = new Date(Math.max(start.getTime(), schedule.creationTime.getTime()));
  const to = new Date(Math.min(end.getTime(), fleet.now.getTime()));
  if (to <= from) return [];
  const overAt = new Map<number, boolean>();
  for (const metric of driftMetrics(fleet, schedule.name)) {
    const data = fleet.metricData(metric, from, to, 60, 'Maximum');
    data.timestamps.forEach((at, i) => {
      const t = at.getTime();
      overAt.set(t, (overAt.get(t) ?? false) || (data.values[i] ?? 0) > COMPARISON_THRESHOLD);
    });
  }
  return [...overAt]
    .filter(([t]) => t + RUN_DURATION_MS <= fleet.now.getTime())
    .sort(([a], [b]) => a - b)
    .map(([t, over]) => ({
      schedule,
      scheduledTime: new Date(t),
      creationTime: new Date(t),
      lastModifiedTime: new Date(t + RUN_DURATION_MS),
      status: over ? 'CompletedWithViolations' : 'Completed',
      processingJobArn: processingJobArn(fleet, schedule.name, t),
    }));
}

function scheduleOf(fleet: Fleet, endpoint: SimEndpoint, name: string): MonitoringSchedule {
  const bucket = `s3://sagemaker-${fleet.region}-${fleet.accountId}`;
  return {
    name,
    arn: `arn:aws:sagemaker:${fleet.region}:${fleet.accountId}:monitoring-schedule/${name.toLowerCase()}`,
    endpoint,
    // Set up the day after the endpoint went live.
    creationTime: new Date(endpoint.creationTime.getTime() + 24 * HOUR_MS),
    reportsUri: `${bucket}/model-monitor/reports`,
    constraintsUri: `${bucket}/model-monitor/baseline/${endpoint.name}/constraints.json`,
    statisticsUri: `${bucket}/model-monitor/baseline/${endpoint.name}/statistics.json`,
  };
}

function driftMetrics(fleet: Fleet, schedule: string): MetricIdentity[] {
  return fleet.listMetrics().filter((m) => m.metricName.startsWith(DRIFT_PREFIX) && Object.values(m.dimensions).includes(schedule));
}

/** Model Monitor names its processing jobs `model-monitoring-<yyyymmddhhmm>-<24 hex>`. */
function processingJobArn(fleet: Fleet, schedule: string, scheduledMs: number): string {
  const stamp = new Date(scheduledMs).toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const suffix = createHash('sha256').update(`${schedule}@${scheduledMs}`).digest('hex').slice(0, 24);
  return `arn:aws:sagemaker:${fleet.region}:${fleet.accountId}:processing-job/model-monitoring-${stamp}-${suffix}`;
}

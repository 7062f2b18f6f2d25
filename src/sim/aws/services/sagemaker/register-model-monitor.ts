import { readTimestamp } from '../../protocol/aws-timestamps.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { OperationContext } from '../../server/operation-registry.js';
import type { Simulation } from '../../simulation.js';
import { constraintViolation, requireSageMakerName, SAGEMAKER_NAME_PATTERN } from './constraint-violation.js';
import { type MonitoringExecution, type MonitoringSchedule, monitoringExecutions, monitoringSchedules } from './monitoring-schedules.js';

/**
 * Simulated Model Monitor (SageMaker JSON 1.1): ListMonitoringSchedules,
 * DescribeMonitoringSchedule and ListMonitoringExecutions over the fleet's data-quality schedules.
 * Read-only: schedules are created by the scenario, not by the bot.
 */

const MONITORING_TYPES = ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'];
const SCHEDULE_STATUSES = ['Pending', 'Failed', 'Scheduled', 'Stopped'];
const EXECUTION_STATUSES = ['Pending', 'Completed', 'CompletedWithViolations', 'InProgress', 'Failed', 'Stopping', 'Stopped'];
const SORT_ORDERS = ['Ascending', 'Descending'];
const DEFAULT_PAGE = 10;
const MAX_PAGE = 100;

export function registerModelMonitor(server: AwsSimulatorServer, sim: Simulation): void {
  server.register('sagemaker', 'ListMonitoringSchedules', (input: Record<string, unknown>, ctx: OperationContext) => {
    const filter = readCommonFilters(input);
    const sortBy = oneOf(input['SortBy'], 'sortBy', ['Name', 'CreationTime', 'Status'], 'CreationTime');
    const status = input['StatusEquals'] === undefined ? undefined : oneOf(input['StatusEquals'], 'statusEquals', SCHEDULE_STATUSES, '');
    const nameContains = optionalString(input['NameContains'], 'nameContains', /^[a-zA-Z0-9-]+$/);
    const created = (s: MonitoringSchedule) => s.creationTime.getTime();
    const selected = monitoringSchedules(sim.fleet(), ctx.region)
      .filter((s) => filter.endpoint === undefined || s.endpoint.name === filter.endpoint)
      .filter((s) => nameContains === undefined || s.name.toLowerCase().includes(nameContains.toLowerCase()))
      .filter((s) => status === undefined || status === 'Scheduled')
      .filter((s) => filter.type === undefined || filter.type === 'DataQuality')
      .filter((s) => filter.jobDefinition === undefined)
      .filter((s) => inRange(created(s), filter.createdAfter, filter.createdBefore) && inRange(created(s), filter.modifiedAfter, filter.modifiedBefore))
      .sort((a, b) => ordered(filter.sortOrder, sortBy === 'Name' ? a.name.localeCompare(b.name) : created(a) - created(b)));
    const { page, nextToken } = paged(selected, input, 'ListMonitoringSchedules');
    return { MonitoringScheduleSummaries: page.map(scheduleSummary), ...(nextToken && { NextToken: nextToken }) };
  });

  server.register('sagemaker', 'DescribeMonitoringSchedule', (input: Record<string, unknown>, ctx: OperationContext) => {
    const name = requireSageMakerName(input['MonitoringScheduleName'], 'monitoringScheduleName');
    const fleet = sim.fleet();
    const schedule = monitoringSchedules(fleet, ctx.region).find((s) => s.name === name);
    if (!schedule) {
      throw new SimulatedAwsError('ResourceNotFound', `Monitoring Schedule arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:monitoring-schedule/${name.toLowerCase()} does not exist.`, 400);
    }
    // The last run is at most an hour old: no need to read the whole history for it.
    const last = monitoringExecutions(fleet, schedule, new Date(fleet.now.getTime() - 2 * 3_600_000), fleet.now).at(-1);
    return { ...describeSchedule(schedule), ...(last && { LastMonitoringExecutionSummary: executionSummary(last) }) };
  });

  server.register('sagemaker', 'ListMonitoringExecutions', (input: Record<string, unknown>, ctx: OperationContext) => {
    const filter = readCommonFilters(input);
    const sortBy = oneOf(input['SortBy'], 'sortBy', ['CreationTime', 'ScheduledTime', 'Status'], 'CreationTime');
    const status = input['StatusEquals'] === undefined ? undefined : oneOf(input['StatusEquals'], 'statusEquals', EXECUTION_STATUSES, '');
    const scheduleName = input['MonitoringScheduleName'] === undefined ? undefined : requireSageMakerName(input['MonitoringScheduleName'], 'monitoringScheduleName');
    const [scheduledBefore, scheduledAfter] = ['ScheduledTimeBefore', 'ScheduledTimeAfter'].map((member) => readTime(input, member));
    const fleet = sim.fleet();
    const schedules = monitoringSchedules(fleet, ctx.region)
      .filter((s) => filter.endpoint === undefined || s.endpoint.name === filter.endpoint)
      .filter((s) => scheduleName === undefined || s.name === scheduleName)
      .filter((s) => (filter.type === undefined || filter.type === 'DataQuality') && filter.jobDefinition === undefined);
    // Creation and scheduled time coincide here, so either bound narrows the history read.
    const lower = Math.max(...[scheduledAfter, filter.createdAfter, filter.modifiedAfter].map((t) => t ?? 0));
    const upper = Math.min(...[scheduledBefore, filter.createdBefore, filter.modifiedBefore].map((t) => t ?? Number.MAX_SAFE_INTEGER));
    const runs = schedules
      .flatMap((s) => monitoringExecutions(fleet, s, new Date(lower), new Date(Math.min(upper + 1, fleet.now.getTime() + 1))))
      .filter((r) => status === undefined || r.status === status)
      .filter((r) => inRange(r.scheduledTime.getTime(), scheduledAfter, scheduledBefore))
      .filter((r) => inRange(r.creationTime.getTime(), filter.createdAfter, filter.createdBefore))
      .filter((r) => inRange(r.lastModifiedTime.getTime(), filter.modifiedAfter, filter.modifiedBefore))
      .sort((a, b) =>
        ordered(filter.sortOrder, sortBy === 'Status' ? a.status.localeCompare(b.status) || a.creationTime.getTime() - b.creationTime.getTime() : a.scheduledTime.getTime() - b.scheduledTime.getTime()),
      );
    const { page, nextToken } = paged(runs, input, 'ListMonitoringExecutions');
    return { MonitoringExecutionSummaries: page.map(executionSummary), ...(nextToken && { NextToken: nextToken }) };
  });
}

interface CommonFilters {
  endpoint: string | undefined;
  type: string | undefined;
  jobDefinition: string | undefined;
  sortOrder: string;
  createdAfter: number | undefined;
  createdBefore: number | undefined;
  modifiedAfter: number | undefined;
  modifiedBefore: number | undefined;
}

/** The members ListMonitoringSchedules and ListMonitoringExecutions share. */
function readCommonFilters(input: Record<string, unknown>): CommonFilters {
  return {
    endpoint: optionalString(input['EndpointName'], 'endpointName', SAGEMAKER_NAME_PATTERN),
    type: input['MonitoringTypeEquals'] === undefined ? undefined : oneOf(input['MonitoringTypeEquals'], 'monitoringTypeEquals', MONITORING_TYPES, ''),
    jobDefinition: optionalString(input['MonitoringJobDefinitionName'], 'monitoringJobDefinitionName', SAGEMAKER_NAME_PATTERN),
    sortOrder: oneOf(input['SortOrder'], 'sortOrder', SORT_ORDERS, 'Descending'),
    createdAfter: readTime(input, 'CreationTimeAfter'),
    createdBefore: readTime(input, 'CreationTimeBefore'),
    modifiedAfter: readTime(input, 'LastModifiedTimeAfter'),
    modifiedBefore: readTime(input, 'LastModifiedTimeBefore'),
  };
}

function scheduleSummary(schedule: MonitoringSchedule) {
  return {
    MonitoringScheduleName: schedule.name,
    MonitoringScheduleArn: schedule.arn,
    CreationTime: schedule.creationTime,
    LastModifiedTime: schedule.creationTime,
    MonitoringScheduleStatus: 'Scheduled',
    EndpointName: schedule.endpoint.name,
    MonitoringType: 'DataQuality',
  };
}

function describeSchedule(schedule: MonitoringSchedule) {
  const accountId = schedule.arn.split(':')[4] ?? '';
  const region = schedule.arn.split(':')[3] ?? '';
  return {
    MonitoringScheduleArn: schedule.arn,
    MonitoringScheduleName: schedule.name,
    MonitoringScheduleStatus: 'Scheduled',
    MonitoringType: 'DataQuality',
    CreationTime: schedule.creationTime,
    LastModifiedTime: schedule.creationTime,
    MonitoringScheduleConfig: {
      ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
      MonitoringJobDefinition: {
        BaselineConfig: { ConstraintsResource: { S3Uri: schedule.constraintsUri }, StatisticsResource: { S3Uri: schedule.statisticsUri } },
        MonitoringInputs: [{ EndpointInput: { EndpointName: schedule.endpoint.name, LocalPath: '/opt/ml/processing/input/endpoint', S3InputMode: 'File', S3DataDistributionType: 'FullyReplicated' } }],
        MonitoringOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: schedule.reportsUri, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }] },
        MonitoringResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
        MonitoringAppSpecification: { ImageUri: `156813124566.dkr.ecr.${region}.amazonaws.com/sagemaker-model-monitor-analyzer` },
        StoppingCondition: { MaxRuntimeInSeconds: 3_600 },
        Environment: { dataset_format: '{"sagemakerCaptureJson":{"captureIndexNames":["endpointInput","endpointOutput"]}}', publish_cloudwatch_metrics: 'Enabled' },
        RoleArn: `arn:aws:iam::${accountId}:role/mlobs-model-monitor`,
      },
      MonitoringType: 'DataQuality',
    },
    EndpointName: schedule.endpoint.name,
  };
}

function executionSummary(run: MonitoringExecution) {
  return {
    MonitoringScheduleName: run.schedule.name,
    ScheduledTime: run.scheduledTime,
    CreationTime: run.creationTime,
    LastModifiedTime: run.lastModifiedTime,
    MonitoringExecutionStatus: run.status,
    ProcessingJobArn: run.processingJobArn,
    EndpointName: run.schedule.endpoint.name,
    MonitoringType: 'DataQuality',
  };
}

function oneOf(value: unknown, member: string, allowed: readonly string[], fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) throw constraintViolation(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return value;
}

function optionalString(value: unknown, member: string, pattern: RegExp): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw constraintViolation(value, member, `Member must satisfy regular expression pattern: ${pattern.source.replace(/^\^|\$$/g, '')}`);
  return value;
}

function readTime(input: Record<string, unknown>, member: string): number | undefined {
  if (input[member] === undefined) return undefined;
  const at = readTimestamp(input[member]);
  if (!at) throw constraintViolation(input[member], member.charAt(0).toLowerCase() + member.slice(1), 'Member must be a timestamp');
  return at.getTime();
}

/** Strictly after `after` and before `before`, as SageMaker's list filters read. */
function inRange(ms: number, after: number | undefined, before: number | undefined): boolean {
  return (after === undefined || ms > after) && (before === undefined || ms < before);
}

function ordered(sortOrder: string, ascending: number): number {
  return sortOrder === 'Ascending' ? ascending : -ascending;
}

function paged<T>(items: readonly T[], input: Record<string, unknown>, operation: string): { page: T[]; nextToken?: string } {
  const maxResults = input['MaxResults'] ?? DEFAULT_PAGE;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_PAGE) {
    throw constraintViolation(maxResults, 'maxResults', `Member must have value less than or equal to ${MAX_PAGE}`);
  }
  const offset = readOffset(input['NextToken'], operation);
  const page = items.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return { page, ...(next < items.length && { nextToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64url') }) };
}

function readOffset(token: unknown, operation: string): number {
  if (token === undefined) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to SageMaker's answer
  }
  throw new SimulatedAwsError('ValidationException', `Invalid pagination token: pass the NextToken of the previous ${operation} answer unchanged.`, 400);
}

import type { SimEndpoint } from '../../../fleet/index.js';
import { readTimestamp } from '../../protocol/aws-timestamps.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { OperationContext } from '../../server/operation-registry.js';
import type { Simulation } from '../../simulation.js';
import { callerOf, DEFAULT_CALLERS } from '../cloudtrail/trail-caller.js';
import { constraintViolation, requireSageMakerName } from './constraint-violation.js';
import { describeEndpoint, describeEndpointConfig, endpointSummary } from './endpoint-descriptions.js';
import { registerModelMonitor } from './register-model-monitor.js';
import { type CapacityChange, SimulatedEndpoints, type SimulatedEndpointsOptions } from './simulated-endpoints.js';

/**
 * Simulated SageMaker (JSON 1.1, `SageMaker.<Op>`): ListEndpoints, DescribeEndpoint,
 * DescribeEndpointConfig and UpdateEndpointWeightsAndCapacities over the fleet's endpoints;
 * Model Monitor's schedules and executions (`register-model-monitor.ts`).
 */

export type SageMakerState = SimulatedEndpoints;

export interface SageMakerOptions extends SimulatedEndpointsOptions {
  /** Access key → IAM user name for CloudTrail (default: AKIDSIMULATOR → mlobs-bot). */
  callers?: Readonly<Record<string, string>>;
}

const ENDPOINT_STATUSES = ['OutOfService', 'Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'InService', 'Deleting', 'Failed', 'UpdateRollbackFailed'];
const SORT_KEYS = ['Name', 'CreationTime', 'Status'];
const SORT_ORDERS = ['Ascending', 'Descending'];
const MAX_VARIANTS_PER_UPDATE = 10;

export function registerSageMaker(server: AwsSimulatorServer, sim: Simulation, options: SageMakerOptions = {}): SageMakerState {
  const endpoints = new SimulatedEndpoints(sim, options);
  const callers = options.callers ?? DEFAULT_CALLERS;

  server.register('sagemaker', 'ListEndpoints', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    return listEndpoints(endpoints.list(ctx.region).map((e) => endpoints.state(e, ctx.now)), input);
  });

  server.register('sagemaker', 'DescribeEndpoint', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    const name = requireSageMakerName(input['EndpointName'], 'endpointName');
    return describeEndpoint(endpoints.state(endpoints.require(name, ctx.region, ctx.accountId), ctx.now));
  });

  server.register('sagemaker', 'DescribeEndpointConfig', (input: Record<string, unknown>, ctx: OperationContext) => {
    const name = requireSageMakerName(input['EndpointConfigName'], 'endpointConfigName');
    const endpoint = endpoints.list(ctx.region).find((e) => e.endpointConfigName === name);
    if (!endpoint) {
      throw new SimulatedAwsError('ValidationException', `Could not find endpoint configuration "arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:endpoint-config/${name.toLowerCase()}".`, 400);
    }
    return describeEndpointConfig(endpoint, sim.fleet());
  });

  server.register('sagemaker', 'UpdateEndpointWeightsAndCapacities', (input: Record<string, unknown>, ctx: OperationContext) => {
    endpoints.settle(ctx.now);
    const name = requireSageMakerName(input['EndpointName'], 'endpointName');
    const changes = readDesiredCapacities(input['DesiredWeightsAndCapacities']);
    const endpoint = endpoints.require(name, ctx.region, ctx.accountId);
    endpoints.update(endpoint, changes, ctx.now, { caller: callerOf(ctx, callers), requestId: ctx.requestId });
    return { EndpointArn: endpoint.arn };
  });

  registerModelMonitor(server, sim);
  return endpoints;
}

function readDesiredCapacities(value: unknown): CapacityChange[] {
  const member = 'desiredWeightsAndCapacities';
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_VARIANTS_PER_UPDATE) {
    throw constraintViolation(value, member, `Member must have length between 1 and ${MAX_VARIANTS_PER_UPDATE}`);
  }
  const seen = new Set<string>();
  return value.map((entry: Record<string, unknown>, i): CapacityChange => {
    const at = `${member}.${i + 1}.member`;
    const variantName = requireSageMakerName(entry['VariantName'], `${at}.variantName`);
    if (seen.has(variantName)) throw new SimulatedAwsError('ValidationException', `Variant "${variantName}" appears more than once in DesiredWeightsAndCapacities.`, 400);
    seen.add(variantName);
    const weight = entry['DesiredWeight'];
    const count = entry['DesiredInstanceCount'];
    if (weight === undefined && count === undefined) {
      throw new SimulatedAwsError('ValidationException', `Specify DesiredWeight, DesiredInstanceCount or both for variant "${variantName}".`, 400);
    }
    if (weight !== undefined && (typeof weight !== 'number' || !(weight >= 0))) throw constraintViolation(weight, `${at}.desiredWeight`, 'Member must have value greater than or equal to 0');
    if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 0)) {
      throw constraintViolation(count, `${at}.desiredInstanceCount`, 'Member must have value greater than or equal to 0');
    }
    if (count === 0) throw new SimulatedAwsError('ValidationException', `DesiredInstanceCount of variant "${variantName}" must be at least 1: an instance-based variant cannot scale to zero.`, 400);
    return { variantName, ...(typeof count === 'number' && { instanceCount: count }), ...(typeof weight === 'number' && { weight }) };
  });
}

function listEndpoints(states: ReturnType<SimulatedEndpoints['state']>[], input: Record<string, unknown>) {
  const oneOf = (value: unknown, member: string, allowed: string[], fallback: string): string => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !allowed.includes(value)) throw constraintViolation(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    return value;
  };
  const sortBy = oneOf(input['SortBy'], 'sortBy', SORT_KEYS, 'CreationTime');
  const sortOrder = oneOf(input['SortOrder'], 'sortOrder', SORT_ORDERS, 'Descending');
  const status = input['StatusEquals'] === undefined ? undefined : oneOf(input['StatusEquals'], 'statusEquals', ENDPOINT_STATUSES, '');
  const maxResults = input['MaxResults'] ?? 10;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw constraintViolation(maxResults, 'maxResults', 'Member must have value less than or equal to 100');
  }
  const nameContains = input['NameContains'];
  if (nameContains !== undefined && (typeof nameContains !== 'string' || !/^[a-zA-Z0-9-]+$/.test(nameContains))) {
    throw constraintViolation(nameContains, 'nameContains', 'Member must satisfy regular expression pattern: [a-zA-Z0-9-]+');
  }
  const time = (member: string) => (input[member] === undefined ? undefined : readTimestamp(input[member])?.getTime());
  const [createdBefore, createdAfter, modifiedBefore, modifiedAfter] = ['CreationTimeBefore', 'CreationTimeAfter', 'LastModifiedTimeBefore', 'LastModifiedTimeAfter'].map(time);

  const created = (e: SimEndpoint) => e.creationTime.getTime();
  const selected = states
    .filter((s) => nameContains === undefined || s.endpoint.name.toLowerCase().includes(nameContains.toLowerCase()))
    .filter((s) => status === undefined || s.status === status)
    .filter((s) => (createdBefore === undefined || created(s.endpoint) < createdBefore) && (createdAfter === undefined || created(s.endpoint) > createdAfter))
    .filter((s) => (modifiedBefore === undefined || s.lastModifiedTime.getTime() < modifiedBefore) && (modifiedAfter === undefined || s.lastModifiedTime.getTime() > modifiedAfter))
    .sort((a, b) => {
      const order =
        sortBy === 'Name' ? a.endpoint.name.localeCompare(b.endpoint.name) : sortBy === 'Status' ? a.status.localeCompare(b.status) : created(a.endpoint) - created(b.endpoint);
      return sortOrder === 'Ascending' ? order : -order;
    });

  const offset = readOffset(input['NextToken']);
  const page = selected.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return { Endpoints: page.map(endpointSummary), ...(next < selected.length && { NextToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64url') }) };
}

function readOffset(token: unknown): number {
  if (token === undefined) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to SageMaker's answer
  }
  throw new SimulatedAwsError('ValidationException', 'Invalid pagination token: pass the NextToken of the previous ListEndpoints answer unchanged.', 400);
}

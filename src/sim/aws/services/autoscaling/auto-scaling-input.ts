import type { SimEndpoint } from '../../../fleet/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { OperationContext } from '../../server/operation-registry.js';
import { constraintViolation, requireString } from '../sagemaker/constraint-violation.js';
import type { SimulatedEndpoints } from '../sagemaker/simulated-endpoints.js';
import { parseVariantResourceId, SAGEMAKER_VARIANT_DIMENSION } from './scalable-targets.js';

/** Application Auto Scaling's request validation, with its own wording where AWS has one. */

const SERVICE_NAMESPACES = ['appstream', 'cassandra', 'comprehend', 'custom-resource', 'dynamodb', 'ec2', 'ecs', 'elasticache', 'elasticmapreduce', 'kafka', 'lambda', 'neptune', 'rds', 'sagemaker', 'workspaces'];
const unsupported = () => new SimulatedAwsError('ValidationException', 'Unsupported service namespace, resource type or scalable dimension', 400);

/**
 * ServiceNamespace (always required) and ScalableDimension (required by the mutating calls).
 * The simulator holds SageMaker variants only: a mutation in any other namespace or on another
 * SageMaker dimension is refused as AWS refuses a resource it cannot scale.
 */
export function readNamespaceAndDimension(input: Record<string, unknown>, mutating: boolean): { namespace: string; dimension?: string } {
  const namespace = input['ServiceNamespace'];
  if (typeof namespace !== 'string' || !SERVICE_NAMESPACES.includes(namespace)) {
    throw constraintViolation(namespace, 'serviceNamespace', `Member must satisfy enum value set: [${SERVICE_NAMESPACES.join(', ')}]`);
  }
  const dimension = input['ScalableDimension'];
  if (dimension === undefined) {
    if (mutating) throw constraintViolation(dimension, 'scalableDimension', 'Member must not be null');
    return { namespace };
  }
  if (typeof dimension !== 'string' || !/^[a-z-]+:[A-Za-z-]+:[A-Za-z]+$/.test(dimension)) {
    throw constraintViolation(dimension, 'scalableDimension', 'Member must satisfy enum value set');
  }
  if (mutating && (namespace !== 'sagemaker' || dimension !== SAGEMAKER_VARIANT_DIMENSION)) throw unsupported();
  return { namespace, dimension };
}

export function readResourceId(value: unknown): string {
  const resourceId = requireString(value, 'resourceId');
  if (resourceId.length > 1600) throw constraintViolation(value, 'resourceId', 'Member must have length less than or equal to 1600');
  return resourceId;
}

/** The endpoint and variant a resource ID names; ValidationException when either does not exist. */
export function requireVariant(endpoints: SimulatedEndpoints, resourceId: string, ctx: OperationContext): { endpoint: SimEndpoint; variantName: string } {
  const parts = parseVariantResourceId(resourceId);
  if (!parts) throw new SimulatedAwsError('ValidationException', `Resource ID ${resourceId} is not valid for SageMaker variants: use endpoint/<endpoint-name>/variant/<variant-name>.`, 400);
  const endpoint = endpoints.find(parts.endpointName, ctx.region);
  if (!endpoint || !endpoint.variants.some((v) => v.name === parts.variantName)) {
    throw new SimulatedAwsError('ValidationException', `Could not find variant ${parts.variantName} of endpoint ${parts.endpointName} (resource ID ${resourceId}) in ${ctx.region}.`, 400);
  }
  return { endpoint, variantName: parts.variantName };
}

export function readCapacity(value: unknown, member: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw constraintViolation(value, member, 'Member must have value greater than or equal to 0');
  return value;
}

/** 1-256 characters, no leading/trailing blanks, no control characters, no `:`, `/` or `|`. */
export function readScheduledActionName(value: unknown): string {
  const name = requireString(value, 'scheduledActionName');
  // eslint-disable-next-line no-control-regex
  if (name.length > 256 || /^ | $|[\u0000-\u001f\u007f-\u009f:/|]/.test(name)) {
    throw constraintViolation(value, 'scheduledActionName', 'Member must satisfy regular expression pattern: (?!((^[ ]+.*)|(.*([\\u0000-\\u001f]|[\\u007f-\\u009f]|[:/|])+.*)|(.*[ ]+$))).+');
  }
  return name;
}

/** MaxResults (1..limit) and an offset NextToken over an already filtered list. */
export function describedPage<T>(items: readonly T[], input: Record<string, unknown>, limit: number): { page: T[]; NextToken?: string } {
  const maxResults = input['MaxResults'] ?? limit;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > limit) {
    throw constraintViolation(maxResults, 'maxResults', `Member must have value less than or equal to ${limit}`);
  }
  let offset = 0;
  if (input['NextToken'] !== undefined) {
    const parsed = Number(Buffer.from(String(input['NextToken']), 'base64url').toString('utf8'));
    if (!Number.isInteger(parsed) || parsed < 0) throw new SimulatedAwsError('InvalidNextTokenException', 'Invalid token', 400);
    offset = parsed;
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return { page, ...(next < items.length && { NextToken: Buffer.from(String(next)).toString('base64url') }) };
}

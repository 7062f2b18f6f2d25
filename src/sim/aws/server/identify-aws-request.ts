import type { IncomingHttpHeaders } from 'node:http';
import {
  awsServices,
  serviceForQueryVersion,
  serviceForSigningName,
  serviceForTargetPrefix,
  type ServiceName,
} from '../protocol/aws-services.js';
import type { AwsExchange } from '../protocol/aws-response.js';
import { parseQueryForm } from '../protocol/query-form-input.js';
import { SimulatedAwsError } from '../protocol/simulated-aws-error.js';
import type { OperationRegistry, RegisteredOperation } from './operation-registry.js';
import { readSigV4Scope, type SigV4Scope } from './sigv4-scope.js';

export interface RawAwsRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request, understood: which protocol, service and operation, and its input — or why not. */
export interface IdentifiedRequest {
  exchange: AwsExchange;
  scope: SigV4Scope | undefined;
  input: unknown;
  registered?: RegisteredOperation;
  problem?: SimulatedAwsError;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Recognises the protocol the SDK spoke: JSON RPC by `X-Amz-Target`, awsQuery by a form post
 * (or GET) with `Action=`, otherwise REST-JSON by method and path.
 */
export function identifyAwsRequest(request: RawAwsRequest, registry: OperationRegistry, requestId: string): IdentifiedRequest {
  const scope = readSigV4Scope(header(request.headers, 'authorization'), request.url.searchParams.get('X-Amz-Credential'));
  const target = header(request.headers, 'x-amz-target');
  if (target) return identifyJsonRpc(request, target, scope, registry, requestId);
  const contentType = header(request.headers, 'content-type') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded') || request.url.searchParams.has('Action')) {
    return identifyQuery(request, scope, registry, requestId);
  }
  return identifyRest(request, scope, registry, requestId);
}

function identifyJsonRpc(request: RawAwsRequest, target: string, scope: SigV4Scope | undefined, registry: OperationRegistry, requestId: string): IdentifiedRequest {
  const dot = target.lastIndexOf('.');
  const description = serviceForTargetPrefix(target.slice(0, dot));
  const operation = target.slice(dot + 1);
  const declared = header(request.headers, 'content-type') ?? '';
  const protocol = description?.protocol === 'awsJson1_0' || declared.includes('1.0') ? 'awsJson1_0' : 'awsJson1_1';
  const exchange: AwsExchange = { protocol, service: description?.service, operation, requestId };
  if (!description || dot < 0) {
    const known = Object.values(awsServices).flatMap((s) => s.targetPrefixes ?? []);
    return { exchange, scope, input: {}, problem: unknownOperation(`the simulator does not serve the target "${target}" (known prefixes: ${known.join(', ')})`) };
  }
  let input: unknown;
  try {
    input = request.body.trim() === '' ? {} : JSON.parse(request.body);
  } catch {
    return { exchange, scope, input: {}, problem: new SimulatedAwsError('SerializationException', `the request body of ${operation} is not valid JSON`, 400) };
  }
  return withOperation(exchange, scope, input, registry, description.service, operation);
}

function identifyQuery(request: RawAwsRequest, scope: SigV4Scope | undefined, registry: OperationRegistry, requestId: string): IdentifiedRequest {
  const params = new URLSearchParams(request.url.search);
  for (const [key, value] of new URLSearchParams(request.body)) params.append(key, value);
  const { action, version, input } = parseQueryForm(params);
  const bySigning = scope ? serviceForSigningName(scope.signingName) : undefined;
  const description = bySigning?.protocol === 'awsQuery' || bySigning?.queryVersion ? bySigning : version ? serviceForQueryVersion(version) : undefined;
  const exchange: AwsExchange = { protocol: 'awsQuery', service: description?.service, operation: action, requestId };
  if (!action) return { exchange, scope, input, problem: new SimulatedAwsError('MissingAction', 'the request has no Action parameter', 400) };
  if (!description) {
    return { exchange, scope, input, problem: unknownOperation(`the simulator does not serve awsQuery ${action} (Version=${version ?? 'missing'}); it serves awsQuery for cloudwatch, sns and sts`) };
  }
  return withOperation(exchange, scope, input, registry, description.service, action);
}

function identifyRest(request: RawAwsRequest, scope: SigV4Scope | undefined, registry: OperationRegistry, requestId: string): IdentifiedRequest {
  const preferred = scope ? serviceForSigningName(scope.signingName)?.service : undefined;
  const found = registry.findRoute(request.method, request.url.pathname, preferred);
  const exchange: AwsExchange = { protocol: 'restJson1', service: found?.registered.service ?? preferred, operation: found?.registered.operation, requestId };
  if (!found) {
    const problem = unknownOperation(`the simulator serves no operation at ${request.method} ${request.url.pathname}; it serves ${registry.describe()}`, 404);
    return { exchange, scope, input: {}, problem };
  }
  const { registered, labels } = found;
  exchange.successStatus = registered.route?.status ?? 200;
  const query: Record<string, unknown> = {};
  for (const key of new Set(request.url.searchParams.keys())) {
    const values = request.url.searchParams.getAll(key);
    const numeric = registered.route?.numericQuery?.includes(key) ?? false;
    const typed = numeric ? values.map(Number) : values;
    query[key] = typed.length === 1 ? typed[0] : typed;
  }
  let body: unknown = {};
  try {
    body = request.body.trim() === '' ? {} : JSON.parse(request.body);
  } catch {
    return { exchange, scope, input: {}, problem: new SimulatedAwsError('SerializationException', `the request body of ${registered.operation} is not valid JSON`, 400) };
  }
  const input = { ...query, ...(typeof body === 'object' && body !== null ? body : {}), ...labels };
  return { exchange, scope, input, registered };
}

function withOperation(
  exchange: AwsExchange,
  scope: SigV4Scope | undefined,
  input: unknown,
  registry: OperationRegistry,
  service: ServiceName,
  operation: string,
): IdentifiedRequest {
  const registered = registry.find(service, operation);
  if (registered) return { exchange, scope, input, registered };
  const served = registry.operationsOf(service);
  const supported = served.length > 0 ? `it supports ${served.join(', ')}` : `it serves no ${service} operation (it serves ${registry.describe()})`;
  return { exchange, scope, input, problem: unknownOperation(`the simulator does not implement ${service} ${operation}; ${supported}`) };
}

function unknownOperation(message: string, status = 400): SimulatedAwsError {
  return new SimulatedAwsError('UnknownOperationException', message, status);
}

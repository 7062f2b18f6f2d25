import type { SimLambda } from '../../../fleet/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { OperationContext } from '../../server/operation-registry.js';
import type { Simulation } from '../../simulation.js';
import { constraintViolation } from '../sagemaker/constraint-violation.js';
import { functionConfiguration } from './function-configuration.js';

/**
 * Simulated Lambda (REST-JSON): GetFunctionConfiguration and ListFunctions over the fleet's
 * functions (the fraud-preprocess function in front of fraud-detector). Only `$LATEST` exists:
 * the fleet publishes no versions or aliases.
 */

export interface LambdaState {
  /** Functions visible in a region. */
  functions(region: string): SimLambda[];
}

/** name | name:qualifier | account:function:name[:qualifier] | arn:aws:lambda:region:account:function:name[:qualifier] */
const FUNCTION_NAME_PATTERN =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

interface FunctionReference {
  name: string;
  region?: string;
  accountId?: string;
  qualifier?: string;
}

function readFunctionReference(value: unknown): FunctionReference {
  if (typeof value !== 'string' || value.length < 1 || value.length > 170 || !FUNCTION_NAME_PATTERN.test(value)) {
    throw constraintViolation(value, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN.source}`);
  }
  const arn = /^arn:[^:]*:lambda:([^:]+):(\d{12}):function:([^:]+)(?::(.+))?$/.exec(value);
  if (arn) return { region: arn[1] ?? '', accountId: arn[2] ?? '', name: arn[3] ?? '', ...(arn[4] && { qualifier: arn[4] }) };
  const partial = /^(\d{12}):function:([^:]+)(?::(.+))?$/.exec(value);
  if (partial) return { accountId: partial[1] ?? '', name: partial[2] ?? '', ...(partial[3] && { qualifier: partial[3] }) };
  const [name = '', qualifier] = value.split(':');
  return { name, ...(qualifier && { qualifier }) };
}

export function registerLambda(server: AwsSimulatorServer, sim: Simulation): LambdaState {
  const state: LambdaState = {
    functions(region) {
      const fleet = sim.fleet();
      return region === fleet.region ? fleet.lambdas() : [];
    },
  };

  server.register('lambda', 'GetFunctionConfiguration', (input: Record<string, unknown>, ctx: OperationContext) => {
    const ref = readFunctionReference(input['FunctionName']);
    const qualifier = typeof input['Qualifier'] === 'string' ? input['Qualifier'] : ref.qualifier;
    const region = ref.region ?? ctx.region;
    const accountId = ref.accountId ?? ctx.accountId;
    const fn = region === ctx.region && accountId === ctx.accountId ? state.functions(region).find((f) => f.name === ref.name) : undefined;
    if (!fn || (qualifier !== undefined && qualifier !== '$LATEST')) {
      const arn = `arn:aws:lambda:${region}:${accountId}:function:${ref.name}${qualifier !== undefined ? `:${qualifier}` : ''}`;
      throw new SimulatedAwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
    }
    return functionConfiguration(fn);
  });

  server.register('lambda', 'ListFunctions', (input: Record<string, unknown>, ctx: OperationContext) => {
    const maxItems = input['MaxItems'] ?? 50;
    if (typeof maxItems !== 'number' || !Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
      throw new SimulatedAwsError('InvalidParameterValueException', `MaxItems must be between 1 and 10000 (got ${String(maxItems)}).`, 400);
    }
    const functions = state.functions(ctx.region).sort((a, b) => a.name.localeCompare(b.name));
    const marker = input['Marker'];
    const offset = marker === undefined ? 0 : Number(Buffer.from(String(marker), 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw new SimulatedAwsError('InvalidParameterValueException', 'Invalid Marker: pass the NextMarker of the previous answer unchanged.', 400);
    const page = functions.slice(offset, offset + maxItems);
    const next = offset + page.length;
    return { Functions: page.map(functionConfiguration), ...(next < functions.length && { NextMarker: Buffer.from(String(next)).toString('base64url') }) };
  });

  return state;
}

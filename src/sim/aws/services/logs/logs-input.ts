import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { decodePaginationToken, encodePaginationToken } from '../../protocol/pagination-token.js';

/**
 * Reading CloudWatch Logs requests the way the service validates them. Constraint violations
 * use the service's Coral wording ("1 validation error detected: Value … at 'limit' failed to
 * satisfy constraint: …") under the code CloudWatch Logs answers with, InvalidParameterException.
 */

export type LogsInput = Record<string, unknown>;

export function invalidParameter(message: string): SimulatedAwsError {
  return new SimulatedAwsError('InvalidParameterException', message, 400);
}

export function logGroupNotFound(): SimulatedAwsError {
  return new SimulatedAwsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
}

function constraint(value: unknown, member: string, rule: string): SimulatedAwsError {
  return invalidParameter(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${rule}`);
}

export function optionalString(input: LogsInput, member: string, maxLength = 512): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(value, member, 'Member must be a string');
  if (value.length < 1) throw constraint(value, member, 'Member must have length greater than or equal to 1');
  if (value.length > maxLength) throw constraint(`${value.slice(0, 40)}…`, member, `Member must have length less than or equal to ${maxLength}`);
  return value;
}

export function requiredString(input: LogsInput, member: string, maxLength = 512): string {
  const value = optionalString(input, member, maxLength);
  if (value === undefined) throw constraint('null', member, 'Member must not be null');
  return value;
}

export function optionalInteger(input: LogsInput, member: string, min: number, max: number): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw constraint(value, member, 'Member must be an integer');
  if (value < min) throw constraint(value, member, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(value, member, `Member must have value less than or equal to ${max}`);
  return value;
}

export function requiredInteger(input: LogsInput, member: string, min: number, max: number): number {
  const value = optionalInteger(input, member, min, max);
  if (value === undefined) throw constraint('null', member, 'Member must not be null');
  return value;
}

export function optionalStringList(input: LogsInput, member: string, maxItems: number): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw constraint(JSON.stringify(value), member, 'Member must be a list of non-empty strings');
  }
  if (value.length < 1) throw constraint('[]', member, 'Member must have length greater than or equal to 1');
  if (value.length > maxItems) throw constraint(`[${value.length} items]`, member, `Member must have length less than or equal to ${maxItems}`);
  return value as string[];
}

/**
 * A log group named directly or by ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`),
 * as logGroupIdentifier(s) accept.
 */
export function logGroupNameOf(identifier: string): string {
  const arn = /^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(identifier);
  return arn?.[1] ?? identifier;
}

export const encodeToken = encodePaginationToken;

/** A Logs pagination token; a bad one is refused as the service refuses it. */
export function decodeToken<T extends object>(token: string | undefined, isValid: (value: Partial<T>) => boolean): T | undefined {
  return decodePaginationToken(token, isValid, () => invalidParameter('The specified nextToken is invalid.'));
}

import { readTimestamp } from '../../protocol/aws-timestamps.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';

/**
 * Reading CloudWatch request members from either wire form: JSON 1.0 (typed values) or an
 * older client's awsQuery form post, where every scalar arrives as a string (`Period: "60"`,
 * `ReturnData: "false"`, ISO timestamps). Errors use the shape names; the server core turns
 * them into CloudWatch's query codes (`ValidationError`, `InvalidParameterValue`, …).
 */
export type Input = Record<string, unknown>;

export const validationError = (message: string): SimulatedAwsError => new SimulatedAwsError('ValidationException', message, 400);
export const invalidParameterValue = (message: string): SimulatedAwsError => new SimulatedAwsError('InvalidParameterValueException', message, 400);
export const invalidCombination = (message: string): SimulatedAwsError => new SimulatedAwsError('InvalidParameterCombinationException', message, 400);
export const missingParameter = (path: string): SimulatedAwsError =>
  new SimulatedAwsError('MissingRequiredParameterException', `The parameter ${path} is required.`, 400);

/** The wording of AWS's model-constraint failures. */
export function constraintError(path: string, value: unknown, constraint: string): SimulatedAwsError {
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return validationError(`1 validation error detected: Value '${shown}' at '${path}' failed to satisfy constraint: Member must ${constraint}`);
}

export function asInput(value: unknown): Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : {};
}

export function optionalString(input: Input, name: string, path = name): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(`The parameter ${path} must be a string.`);
  return value;
}

export function requiredString(input: Input, name: string, path = name): string {
  const value = optionalString(input, name, path);
  if (value === undefined || value === '') throw missingParameter(path);
  return value;
}

export function optionalNumber(input: Input, name: string, path = name): number | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) throw validationError(`The value ${String(value)} for parameter ${path} is not a number.`);
  return number;
}

export function optionalInteger(input: Input, name: string, path = name): number | undefined {
  const number = optionalNumber(input, name, path);
  if (number !== undefined && !Number.isInteger(number)) throw validationError(`The value ${number} for parameter ${path} is not an integer.`);
  return number;
}

/** An integer within [min, max], or the default. */
export function integerInRange(input: Input, name: string, path: string, min: number, max: number, fallback: number): number {
  const value = optionalInteger(input, name, path);
  if (value === undefined) return fallback;
  if (value < min) throw constraintError(path, value, `have value greater than or equal to ${min}`);
  if (value > max) throw constraintError(path, value, `have value less than or equal to ${max}`);
  return value;
}

export function optionalBoolean(input: Input, name: string, path = name): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw validationError(`The value ${String(value)} for parameter ${path} is not a boolean.`);
}

export function optionalTimestamp(input: Input, name: string, path = name): Date | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  const date = readTimestamp(value);
  if (!date) throw validationError(`The value ${String(value)} for parameter ${path} is not a valid timestamp.`);
  return date;
}

export function requiredTimestamp(input: Input, name: string, path = name): Date {
  const date = optionalTimestamp(input, name, path);
  if (!date) throw missingParameter(path);
  return date;
}

/** A list member; awsQuery's `X.member.N` already arrives as an array. */
export function optionalList(input: Input, name: string, path = name): unknown[] | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (!Array.isArray(value)) throw validationError(`The parameter ${path} must be a list.`);
  return value;
}

export function stringList(input: Input, name: string, path = name, maxLength = Number.POSITIVE_INFINITY): string[] | undefined {
  const list = optionalList(input, name, path);
  if (list === undefined) return undefined;
  if (list.length > maxLength) throw constraintError(path, list.length, `have length less than or equal to ${maxLength}`);
  return list.map((item, i) => {
    if (typeof item !== 'string') throw validationError(`The parameter ${path}.member.${i + 1} must be a string.`);
    return item;
  });
}

export function enumValue<T extends string>(value: string | undefined, allowed: readonly T[], path: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw constraintError(path, value, `satisfy enum value set: [${allowed.join(', ')}]`);
  return value as T;
}

/** `[{Name, Value}]` (API form) → a record; names must be unique, as CloudWatch requires. */
export function dimensionRecord(list: unknown[] | undefined, path: string): Record<string, string> {
  const dimensions: Record<string, string> = {};
  (list ?? []).forEach((item, i) => {
    const entry = asInput(item);
    const name = requiredString(entry, 'Name', `${path}.member.${i + 1}.Name`);
    const value = requiredString(entry, 'Value', `${path}.member.${i + 1}.Value`);
    if (name in dimensions) throw invalidParameterValue(`The collection ${path} must not contain duplicate dimension names (${name}).`);
    dimensions[name] = value;
  });
  if (Object.keys(dimensions).length > 30) throw constraintError(path, Object.keys(dimensions).length, 'have length less than or equal to 30');
  return dimensions;
}

/** A record → `[{Name, Value}]`, as the API writes dimensions. */
export function dimensionList(dimensions: Readonly<Record<string, string>>): Array<{ Name: string; Value: string }> {
  return Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }));
}

import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';

/**
 * The message AWS's request validation answers with when a member breaks its model
 * constraint (SageMaker, Application Auto Scaling and Lambda all word it this way).
 */
export function constraintViolation(value: unknown, member: string, constraint: string): SimulatedAwsError {
  const shown = value === undefined ? 'null' : typeof value === 'string' ? value : JSON.stringify(value);
  return new SimulatedAwsError('ValidationException', `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`, 400);
}

export function requireString(value: unknown, member: string): string {
  if (typeof value !== 'string' || value === '') throw constraintViolation(value, member, 'Member must not be null');
  return value;
}

/** SageMaker resource names (endpoints, variants, endpoint configs). */
export const SAGEMAKER_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export function requireSageMakerName(value: unknown, member: string): string {
  const name = requireString(value, member);
  if (!SAGEMAKER_NAME_PATTERN.test(name)) {
    throw constraintViolation(value, member, 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}');
  }
  return name;
}

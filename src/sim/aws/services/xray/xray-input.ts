import { readTimestamp } from '../../protocol/aws-timestamps.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { decodePaginationToken, encodePaginationToken } from '../../protocol/pagination-token.js';

/**
 * Reading X-Ray requests. X-Ray models one client error for bad input, InvalidRequestException
 * (HTTP 400), so every validation failure here answers with it.
 */

export type XRayInput = Record<string, unknown>;

/** The longest window one GetTraceSummaries / GetServiceGraph call may ask for. */
export const MAX_WINDOW_MS = 6 * 3_600_000;

export function invalidRequest(message: string): SimulatedAwsError {
  return new SimulatedAwsError('InvalidRequestException', message, 400);
}

export function requiredTime(input: XRayInput, member: string): Date {
  const value = readTimestamp(input[member]);
  if (!value) throw invalidRequest(`${member} is required: a timestamp (epoch seconds)`);
  return value;
}

/** StartTime and EndTime, in order and at most {@link MAX_WINDOW_MS} apart. */
export function requiredWindow(input: XRayInput): { start: Date; end: Date } {
  const start = requiredTime(input, 'StartTime');
  const end = requiredTime(input, 'EndTime');
  if (end.getTime() < start.getTime()) throw invalidRequest('StartTime must be before EndTime.');
  if (end.getTime() - start.getTime() > MAX_WINDOW_MS) {
    throw invalidRequest(`Time range between StartTime and EndTime cannot exceed 6 hours (got ${((end.getTime() - start.getTime()) / 3_600_000).toFixed(2)} hours); split the range into several calls.`);
  }
  return { start, end };
}

export function optionalString(input: XRayInput, member: string, maxLength: number): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${member} must be a string`);
  if (value.length > maxLength) throw invalidRequest(`${member} must be at most ${maxLength} characters long`);
  return value;
}

export const encodeToken = encodePaginationToken;

/** An X-Ray pagination token; a bad one is refused as the service refuses it. */
export function decodeToken<T extends object>(token: string | undefined, isValid: (value: Partial<T>) => boolean): T | undefined {
  return decodePaginationToken(token, isValid, () => invalidRequest('The NextToken is invalid or was made for another request.'));
}

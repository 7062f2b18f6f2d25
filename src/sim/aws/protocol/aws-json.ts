import { epochSeconds } from './aws-timestamps.js';

/** Serialises a handler's output for the JSON protocols: Dates become epoch seconds, undefined members vanish. */
export function toAwsJson(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key, replaced: unknown) {
    // JSON.stringify has already called Date#toJSON; look at the original value.
    const original = this[key];
    return original instanceof Date ? epochSeconds(original) : replaced;
  });
}

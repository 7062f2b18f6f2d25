/**
 * The numbers inside a CloudWatch state reason. The reason is prose, but regular prose:
 *
 *   Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:05:00), …] were
 *     greater than the threshold (500000.0) (minimum 3 datapoints for OK -> ALARM transition).
 *   Threshold Crossed: 1 datapoint [5272.4 (29/05/19 21:39:00)] was greater than or equal to the threshold (4000.0).
 *   Thresholds Crossed: 1 out of the last 4 datapoints [537.0 (…)] was less than the lower
 *     thresholds [193.3] or greater than the upper thresholds [531.4] (…).
 *   Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].
 *
 * EventBridge also sends `reasonData` (a JSON string) with `recentDatapoints` (oldest first,
 * unlike the prose), `threshold`, and `recentLowerThresholds`/`recentUpperThresholds` for bands.
 */
import type { ObservedValues } from './alarm-transition.js';
import { field, finiteNumber, isObject } from './untrusted-json.js';

// Reasons are at most 1023 characters; reading a bounded prefix keeps every regex cheap.
const MAX_REASON_READ = 4096;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/;
const MAX_VALUES = 100;

function leadingNumbers(list: string): number[] {
  return list
    .split(',')
    .slice(0, MAX_VALUES)
    .map((item) => NUMBER.exec(item.trim())?.[0])
    .map((item) => finiteNumber(item))
    .filter((value) => value !== undefined);
}

/** The first `[…]` list that is not a band edge: the datapoints, newest first. */
function datapointValues(reason: string): number[] {
  for (const match of reason.matchAll(/\[([^[\]]*)\]/g)) {
    const before = reason.slice(Math.max(0, (match.index ?? 0) - 12), match.index);
    if (/thresholds?\s*$/.test(before)) continue;
    const values = leadingNumbers(match[1] ?? '');
    if (values.length > 0) return values;
  }
  return [];
}

function bandEdge(reason: string, edge: 'lower' | 'upper'): number | undefined {
  const match = new RegExp(`${edge} thresholds? \\[([^\\[\\]]*)\\]`).exec(reason);
  return match ? leadingNumbers(match[1] ?? '')[0] : undefined;
}

function numberList(value: unknown): number[] {
  return Array.isArray(value)
    ? value
        .slice(-MAX_VALUES)
        .map((item) => finiteNumber(item))
        .filter((item) => item !== undefined)
    : [];
}

function lastNumber(value: unknown): number | undefined {
  return numberList(value).at(-1);
}

/**
 * Values, threshold, band and datapoint counts from the reason text, completed from
 * `reasonData` where the text lacks them. Undefined when neither says anything numeric.
 */
export function observedValues(reasonText: string, reasonData?: unknown): ObservedValues | undefined {
  const reason = reasonText.slice(0, MAX_REASON_READ);
  const data = isObject(reasonData) ? reasonData : undefined;

  let values = datapointValues(reason);
  if (values.length === 0) values = numberList(field(data, 'recentDatapoints')).reverse();

  const threshold =
    finiteNumber(/the threshold \((-?[\d.]+(?:[eE][-+]?\d+)?)\)/.exec(reason)?.[1]) ??
    finiteNumber(field(data, 'threshold'));
  const lower = bandEdge(reason, 'lower') ?? lastNumber(field(data, 'recentLowerThresholds'));
  const upper = bandEdge(reason, 'upper') ?? lastNumber(field(data, 'recentUpperThresholds'));

  const observed: ObservedValues = { values };
  if (threshold !== undefined) observed.threshold = threshold;
  if (lower !== undefined || upper !== undefined) {
    observed.band = {};
    if (lower !== undefined) observed.band.lower = lower;
    if (upper !== undefined) observed.band.upper = upper;
  }

  const outOf = /(\d{1,6}) out of the last (\d{1,6}) datapoints?/.exec(reason);
  const crossed = /Crossed: (\d{1,6}) datapoints?\b/.exec(reason);
  if (outOf) {
    observed.datapoints = `${outOf[1]} out of the last ${outOf[2]}`;
    observed.breachingDatapoints = Number(outOf[1]);
    observed.evaluatedDatapoints = Number(outOf[2]);
  } else if (crossed) {
    // The older wording ("3 datapoints [...] were greater") means all evaluated periods crossed.
    observed.datapoints = crossed[1];
    observed.breachingDatapoints = Number(crossed[1]);
    observed.evaluatedDatapoints = Number(crossed[1]);
  }

  const saysSomething =
    values.length > 0 || threshold !== undefined || observed.band !== undefined || observed.datapoints !== undefined;
  return saysSomething ? observed : undefined;
}

/**
 * The comparison an alarm uses, read back from its reason (EventBridge events do not carry the
 * operator). "was not greater than" still names the alarm's own operator, which is what we want.
 */
export function comparisonFromReason(reasonText: string): string | undefined {
  const reason = reasonText.slice(0, MAX_REASON_READ);
  if (/lower thresholds?.*greater than the upper thresholds?/s.test(reason)) return 'LessThanLowerOrGreaterThanUpperThreshold';
  if (/greater than the upper thresholds?/.test(reason)) return 'GreaterThanUpperThreshold';
  if (/less than the lower thresholds?/.test(reason)) return 'LessThanLowerThreshold';
  if (/greater than or equal to the threshold/.test(reason)) return 'GreaterThanOrEqualToThreshold';
  if (/less than or equal to the threshold/.test(reason)) return 'LessThanOrEqualToThreshold';
  if (/greater than the threshold/.test(reason)) return 'GreaterThanThreshold';
  if (/less than the threshold/.test(reason)) return 'LessThanThreshold';
  return undefined;
}

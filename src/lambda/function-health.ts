/**
 * What a Lambda function's metrics say, as numbers and a verdict: memory against the configured
 * size, duration against the timeout, errors, throttles and cold starts over the range. Pure:
 * the `lambda` command fetches, this reads.
 */
import type { FunctionMetricSeries, FunctionPeriodValues, FunctionSettings } from '../aws/ports/function-metrics.js';
import { count, megabytes, milliseconds, percent, rate } from '../reply/quantity-text.js';
import type { Tone } from '../reply/reply.js';

/** Memory above this share of the configured size is pressure (GC pauses, then out-of-memory kills). */
export const MEMORY_PRESSURE_PERCENT = 90;
export const MEMORY_WARNING_PERCENT = 80;
/** Duration p99 this close to the timeout means some invocations are cut off. */
export const TIMEOUT_HIT_SHARE = 0.95;
export const TIMEOUT_WARNING_SHARE = 0.8;
/** Errors (timeouts included) as a share of invocations. */
export const ERROR_SHARE_PROBLEM = 0.01;
export const ERROR_SHARE_WARNING = 0.001;

export interface Peak {
  value: number;
  at: Date;
}

export interface FunctionHealth {
  invocations: number;
  errors: number;
  throttles: number;
  coldStarts: number;
  /** Lambda Insights reported memory for at least one period. */
  hasInsights: boolean;
  durationP99: Peak | undefined;
  memoryMax: Peak | undefined;
  memoryP99: Peak | undefined;
  usedMemoryMaxMb: Peak | undefined;
  initDurationMaxMs: Peak | undefined;
}

export interface Verdict {
  tone: Tone;
  /** One line: the findings, then what to do. */
  text: string;
}

export function functionHealth(series: FunctionMetricSeries): FunctionHealth {
  return {
    invocations: sum(series.invocations),
    errors: sum(series.errors),
    throttles: sum(series.throttles),
    coldStarts: sum(series.coldStarts),
    hasInsights: series.memoryUtilizationMaxPercent.some((value) => value !== undefined),
    durationP99: peak(series.timestamps, series.durationP99Ms),
    memoryMax: peak(series.timestamps, series.memoryUtilizationMaxPercent),
    memoryP99: peak(series.timestamps, series.memoryUtilizationP99Percent),
    usedMemoryMaxMb: peak(series.timestamps, series.usedMemoryMaxMb),
    initDurationMaxMs: peak(series.timestamps, series.initDurationMaxMs),
  };
}

/** "memory at 95% of 1,024 MB at 14:58 UTC; duration p99 3.0 s hits the 3 s timeout — raise the memory size". */
export function functionVerdict(health: FunctionHealth, settings: FunctionSettings, clock: (at: Date) => string): Verdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  const advice: string[] = [];
  const memory = health.memoryMax;
  const memoryHigh = memory !== undefined && memory.value >= MEMORY_PRESSURE_PERCENT;
  if (memory && memoryHigh) problems.push(`memory at ${percent(memory.value)} of ${megabytes(settings.memoryMb)} at ${clock(memory.at)}`);
  else if (memory && memory.value >= MEMORY_WARNING_PERCENT) warnings.push(`memory up to ${percent(memory.value)} of ${megabytes(settings.memoryMb)}`);

  const duration = health.durationP99;
  const share = duration ? duration.value / settings.timeoutMs : 0;
  if (duration && share >= TIMEOUT_HIT_SHARE) problems.push(`duration p99 ${milliseconds(duration.value)} hits the ${timeoutText(settings.timeoutMs)} timeout`);
  else if (duration && share >= TIMEOUT_WARNING_SHARE) warnings.push(`duration p99 ${milliseconds(duration.value)} is near the ${timeoutText(settings.timeoutMs)} timeout`);

  // A trickle of errors is normal background; a share worth a look is a finding.
  const errorShare = health.errors / Math.max(1, health.invocations);
  if (errorShare >= ERROR_SHARE_WARNING) (errorShare >= ERROR_SHARE_PROBLEM ? problems : warnings).push(`${count(health.errors)} errors (${rate(health.errors, health.invocations)})`);
  if (health.throttles > 0) {
    warnings.push(`${count(health.throttles)} throttles`);
    advice.push('raise its reserved concurrency (or the account limit)');
  }

  if (memoryHigh) advice.unshift(share >= TIMEOUT_WARNING_SHARE ? 'raise the memory size: it is short of memory and slows down (Lambda also gives it more CPU with more memory)' : 'raise the memory size');
  else if (share >= TIMEOUT_HIT_SHARE) advice.unshift('memory is fine, so the time goes elsewhere: look at `traces` for the slow segment, or raise the timeout');

  const findings = [...problems, ...warnings];
  if (findings.length === 0) {
    const memoryPart = memory ? `memory up to ${percent(memory.value)} of ${megabytes(settings.memoryMb)}` : 'no memory data';
    const durationPart = duration ? `duration p99 at most ${milliseconds(duration.value)} of the ${timeoutText(settings.timeoutMs)} timeout` : 'no duration data';
    return { tone: 'ok', text: `Healthy: ${memoryPart}; ${durationPart}.` };
  }
  const sentence = `${capitalise(findings.join('; '))}${advice.length > 0 ? ` — ${advice.join('; ')}` : ''}.`;
  return { tone: problems.length > 0 ? 'problem' : 'warning', text: sentence };
}

function sum(values: FunctionPeriodValues): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

function peak(timestamps: readonly Date[], values: FunctionPeriodValues): Peak | undefined {
  let best: Peak | undefined;
  values.forEach((value, i) => {
    const at = timestamps[i];
    if (value !== undefined && at && (!best || value > best.value)) best = { value, at };
  });
  return best;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A configured timeout reads as set: 3000 → "3 s", 900000 → "900 s". */
export function timeoutText(ms: number): string {
  return Number.isInteger(ms / 1_000) ? `${(ms / 1_000).toLocaleString('en-US')} s` : milliseconds(ms);
}

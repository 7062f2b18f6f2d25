/**
 * The capacity hint beside every scale prompt, from Little's law: requests in flight =
 * throughput × latency. With the load one instance carries at the target the team chose (the
 * target-tracking policy's TargetValue), that gives the instances the peak needs. Pure.
 */
import { formatCount } from './scale-numbers.js';

export interface CapacityHintInput {
  /** Highest Invocations per minute over the last hour; undefined without data. */
  peakPerMinute?: number;
  /** Model latency (p50) at that time, ms. */
  latencyMs?: number;
  latencyStat: 'p50' | 'p90';
  currentCount: number;
  /** The variant's target-tracking policy, if any. */
  targetTracking?: { metric: string; targetValue: number };
  /** p95 CPU over the last hour, as CloudWatch reports it (100 per vCPU), and the vCPUs per instance. */
  cpuP95Percent?: number;
  vcpus?: number;
}

export interface CapacityHint {
  text: string;
  /** The instances the peak needs at the target, when it could be worked out. */
  instances?: number;
}

/** Without a policy to read it from, the CPU share one instance should run at. */
export const ASSUMED_CPU_TARGET_PERCENT = 70;

export function capacityHint(input: CapacityHintInput): CapacityHint {
  if (input.peakPerMinute === undefined || input.peakPerMinute <= 0) {
    return { text: 'no invocations in the last hour, so no capacity hint' };
  }
  const throughput = `peak ${formatCount(input.peakPerMinute)} req/min`;
  const concurrency =
    input.latencyMs === undefined
      ? ''
      : ` at ${formatCount(input.latencyMs)} ms (${input.latencyStat}) ≈ ${(((input.peakPerMinute / 60) * input.latencyMs) / 1000).toFixed(1)} concurrent`;
  const policy = input.targetTracking;
  if (policy !== undefined && /InvocationsPerInstance/.test(policy.metric) && policy.targetValue > 0) {
    const instances = Math.max(1, Math.ceil(input.peakPerMinute / policy.targetValue));
    return { text: `${throughput}${concurrency}; at your target of ${formatCount(policy.targetValue)} invocations per instance per minute that is ${plural(instances, 'instance')}`, instances };
  }
  const cpuTarget = policy !== undefined && /CPU/i.test(policy.metric) ? policy.targetValue : undefined;
  if (input.cpuP95Percent !== undefined && input.vcpus !== undefined && input.vcpus > 0 && input.currentCount > 0) {
    const perVcpu = input.cpuP95Percent / input.vcpus;
    const target = cpuTarget ?? ASSUMED_CPU_TARGET_PERCENT;
    const instances = Math.max(1, Math.ceil((input.currentCount * perVcpu) / target));
    const assumed = cpuTarget === undefined ? ` (assumed: no target-tracking policy to read it from)` : ' target';
    return {
      text: `${throughput}${concurrency}; CPU p95 ${Math.round(perVcpu)}% on ${plural(input.currentCount, 'instance')}; at ${target}% CPU${assumed} that is ${plural(instances, 'instance')}`,
      instances,
    };
  }
  return { text: `${throughput}${concurrency}; no utilisation data to turn that into instances` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

import type { VariantCapacity, VariantUtilisation } from '../aws/ports/endpoint-capacity.js';
import { HOURS_PER_MONTH, instancePrice, largerInstance, smallerInstance, type InstancePrice } from './instance-prices.js';

/**
 * When a variant is over- or under-provisioned, and what to run instead. Pure: the capacity and
 * p95 utilisation come in, a recommendation with its monthly saving goes out.
 *
 * Utilisation here is per unit: CPU as a share of all vCPUs (CloudWatch's 100-per-vCPU figure
 * divided by the vCPU count), GPU as a share of all GPUs, memory as reported.
 */
export const THRESHOLDS = {
  /** p95 below every one of these: the variant is over-provisioned. */
  idle: { cpuPercent: 30, memoryPercent: 40, gpuPercent: 30 },
  /** p95 above any one of these: the variant saturates. */
  saturated: { cpuPercent: 80, memoryPercent: 80, gpuPercent: 80 },
  /** What a change must leave: the projected p95 stays at or under these. */
  target: { cpuPercent: 60, memoryPercent: 70, gpuPercent: 60 },
  /**
   * A variant running on several instances keeps at least this many: SageMaker spreads them over
   * Availability Zones, and AWS advises two or more for production endpoints.
   */
  minInstancesWhenSeveral: 2,
} as const;

export type Recommendation =
  | { kind: 'zombie' }
  | { kind: 'fewer'; count: number }
  | { kind: 'smaller'; instance: InstancePrice }
  | { kind: 'more'; count: number }
  | { kind: 'larger'; instance: InstancePrice }
  | { kind: 'keep'; reason: string }
  | { kind: 'unknown'; reason: string };

export interface Utilisation {
  cpuPercent?: number;
  memoryPercent?: number;
  gpuPercent?: number;
}

export interface VariantAssessment {
  endpoint: string;
  variant: string;
  instanceType?: string;
  count: number;
  /** p95, per unit (see above). */
  utilisation: Utilisation;
  invocations: number;
  recommendation: Recommendation;
  /** What the variant costs a month now, at the shipped price; undefined without a price. */
  monthlyCostUsd?: number;
  /** Now minus after; negative when the recommendation costs more. 0 for keep/unknown. */
  monthlySavingUsd: number;
  /** Instance-hours × price ÷ invocations × 1,000; undefined without invocations or a price. */
  costPer1000Usd?: number;
}

export function assessVariant(capacity: VariantCapacity, usage: VariantUtilisation | undefined, windowHours: number): VariantAssessment {
  const price = capacity.instanceType === undefined ? undefined : instancePrice(capacity.instanceType);
  const count = capacity.currentInstanceCount;
  const utilisation = perUnit(usage, price);
  const invocations = usage?.invocations ?? 0;
  const base = {
    endpoint: capacity.endpoint,
    variant: capacity.variant,
    ...(capacity.instanceType === undefined ? {} : { instanceType: capacity.instanceType }),
    count,
    utilisation,
    invocations,
  };
  if (!price) {
    const reason = capacity.instanceType === undefined ? 'no instance type (serverless, or its endpoint config is gone)' : `${capacity.instanceType} is not in the price table`;
    return { ...base, recommendation: { kind: 'unknown', reason }, monthlySavingUsd: 0 };
  }

  const monthlyCostUsd = price.hourlyUsd * count * HOURS_PER_MONTH;
  const instanceHours = usage?.instanceMinutes !== undefined ? usage.instanceMinutes / 60 : count * windowHours;
  const costPer1000Usd = invocations > 0 ? ((instanceHours * price.hourlyUsd) / invocations) * 1_000 : undefined;
  const priced = { ...base, monthlyCostUsd, ...(costPer1000Usd === undefined ? {} : { costPer1000Usd }) };

  const recommendation = recommend(count, price, utilisation, invocations, usage !== undefined && usage.cpuP95Percent !== undefined);
  return { ...priced, recommendation, monthlySavingUsd: savingOf(recommendation, count, price, monthlyCostUsd) };
}

function recommend(count: number, price: InstancePrice, u: Utilisation, invocations: number, hasData: boolean): Recommendation {
  if (count > 0 && invocations === 0) return { kind: 'zombie' };
  if (count === 0) return { kind: 'keep', reason: 'no instances running' };
  if (!hasData) return { kind: 'unknown', reason: 'no utilisation data in the range' };

  if (isSaturated(u)) {
    // Memory does not spread over more instances; CPU and GPU load does.
    if ((u.memoryPercent ?? 0) > THRESHOLDS.saturated.memoryPercent) {
      const larger = largerInstance(price.name);
      return larger ? { kind: 'larger', instance: larger } : { kind: 'keep', reason: `memory saturates and ${price.name} is the family's largest size` };
    }
    const busiest = Math.max(u.cpuPercent ?? 0, price.gpus > 0 ? (u.gpuPercent ?? 0) : 0);
    const target = price.gpus > 0 && (u.gpuPercent ?? 0) >= (u.cpuPercent ?? 0) ? THRESHOLDS.target.gpuPercent : THRESHOLDS.target.cpuPercent;
    return { kind: 'more', count: Math.max(count + 1, Math.ceil((count * busiest) / target)) };
  }

  if (!isIdle(u, price)) return { kind: 'keep', reason: 'utilisation within range' };
  if (count > 1) {
    const fewest = fewestInstances(count, u, price);
    if (fewest < count) return { kind: 'fewer', count: fewest };
  }
  const smaller = smallerInstance(price.name);
  if (smaller && fitsOn(u, price, smaller)) return { kind: 'smaller', instance: smaller };
  return { kind: 'keep', reason: smaller ? `a smaller size (${smaller.name}) would run too hot` : `${price.name} is already the smallest size` };
}

function perUnit(usage: VariantUtilisation | undefined, price: InstancePrice | undefined): Utilisation {
  if (!usage) return {};
  const u: Utilisation = {};
  if (usage.cpuP95Percent !== undefined) u.cpuPercent = price ? usage.cpuP95Percent / price.vcpus : usage.cpuP95Percent;
  if (usage.memoryP95Percent !== undefined) u.memoryPercent = usage.memoryP95Percent;
  if (usage.gpuP95Percent !== undefined && (price?.gpus ?? 1) > 0) u.gpuPercent = usage.gpuP95Percent / (price?.gpus ?? 1);
  return u;
}

function isSaturated(u: Utilisation): boolean {
  const s = THRESHOLDS.saturated;
  return (u.cpuPercent ?? 0) > s.cpuPercent || (u.memoryPercent ?? 0) > s.memoryPercent || (u.gpuPercent ?? 0) > s.gpuPercent;
}

function isIdle(u: Utilisation, price: InstancePrice): boolean {
  const i = THRESHOLDS.idle;
  if (u.cpuPercent === undefined || u.cpuPercent >= i.cpuPercent) return false;
  if (u.memoryPercent !== undefined && u.memoryPercent >= i.memoryPercent) return false;
  return price.gpus === 0 || (u.gpuPercent !== undefined && u.gpuPercent < i.gpuPercent);
}

/** The fewest instances that keep CPU and GPU under target (the load spreads; memory per instance stays). */
function fewestInstances(count: number, u: Utilisation, price: InstancePrice): number {
  const t = THRESHOLDS.target;
  const needed = (percent: number | undefined, target: number) => (percent === undefined ? 1 : Math.ceil((count * percent) / target));
  return Math.min(count, Math.max(THRESHOLDS.minInstancesWhenSeveral, needed(u.cpuPercent, t.cpuPercent), price.gpus > 0 ? needed(u.gpuPercent, t.gpuPercent) : 1));
}

/** The same load on a smaller instance: CPU, memory and GPU scale by the capacity lost; burstables by their baseline. */
function fitsOn(u: Utilisation, now: InstancePrice, next: InstancePrice): boolean {
  const t = THRESHOLDS.target;
  const cpu = ((u.cpuPercent ?? 0) * now.vcpus) / next.vcpus;
  const memory = ((u.memoryPercent ?? 0) * now.memoryGiB) / next.memoryGiB;
  if (now.gpus > 0 && next.gpus === 0) return false;
  const gpu = now.gpus > 0 ? ((u.gpuPercent ?? 0) * now.gpus) / next.gpus : 0;
  const cpuLimit = Math.min(t.cpuPercent, next.baselineCpuPercent ?? t.cpuPercent);
  return cpu <= cpuLimit && memory <= t.memoryPercent && gpu <= t.gpuPercent;
}

function savingOf(recommendation: Recommendation, count: number, price: InstancePrice, monthlyCostUsd: number): number {
  const monthly = (hourlyUsd: number, instances: number) => hourlyUsd * instances * HOURS_PER_MONTH;
  switch (recommendation.kind) {
    case 'zombie':
      return monthlyCostUsd;
    case 'fewer':
    case 'more':
      return monthlyCostUsd - monthly(price.hourlyUsd, recommendation.count);
    case 'smaller':
    case 'larger':
      return monthlyCostUsd - monthly(recommendation.instance.hourlyUsd, count);
    default:
      return 0;
  }
}

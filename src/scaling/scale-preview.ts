/**
 * Everything a scale prompt shows, fetched once: the variant as SageMaker describes it, its
 * scalable target and target-tracking policy, the last hour's peak traffic and latency, CPU, and
 * the instance price. A refusal (no such endpoint, several variants and none named, not
 * InService) comes back as text that says how to ask instead.
 */
import type { AwsScope } from '../aws/aws-clients.js';
import type { EndpointCapacity } from '../aws/ports/endpoint-capacity.js';
import type { EndpointMetrics } from '../aws/ports/endpoint-metrics.js';
import type { EndpointScaling, TargetTracking } from '../aws/ports/endpoint-scaling.js';
import { instancePrice } from '../rightsize/instance-prices.js';
import { capacityHint, type CapacityHint } from './capacity-hint.js';
import type { CapacityRange } from './scale-plan.js';

export interface ScaleAwsPorts {
  capacity: EndpointCapacity;
  metrics: EndpointMetrics;
  scaling: EndpointScaling;
}

/** What the request message shows; stored with the request so every later update shows the same. */
export interface ScalePreview {
  endpoint: string;
  variant: string;
  status: string;
  instanceType?: string;
  currentCount: number;
  target?: CapacityRange;
  targetTracking?: TargetTracking;
  /** p95 CPU per vCPU over the last hour, 0–100. */
  cpuPercent?: number;
  hint: CapacityHint;
  hourlyPriceUsd?: number;
}

export type PreviewResult = { ok: true; preview: ScalePreview } | { ok: false; reason: string };

const HOUR_MS = 3_600_000;

export async function previewScale(ports: ScaleAwsPorts, ask: { endpoint: string; variant?: string; scope: AwsScope; now: Date }): Promise<PreviewResult> {
  const { endpoint, scope, now } = ask;
  const described = await ports.capacity.describe(endpoint, scope);
  if (described === undefined) {
    const known = await ports.capacity.knownEndpoints(scope);
    return { ok: false, reason: `no endpoint named "${endpoint}" in ${scope.region}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}` };
  }
  const names = described.variants.map((v) => v.variant);
  if (ask.variant === undefined && described.variants.length > 1) {
    return { ok: false, reason: `${endpoint} has ${described.variants.length} variants (${names.join(', ')}): say which with \`--variant\`` };
  }
  const variant = ask.variant === undefined ? described.variants[0] : described.variants.find((v) => v.variant === ask.variant);
  if (variant === undefined) {
    return { ok: false, reason: `${endpoint} has no variant "${ask.variant ?? ''}" (it has: ${names.join(', ') || 'none'})` };
  }
  if (described.status !== 'InService') {
    const why = described.status === 'Updating' ? 'it is Updating (another change is in progress); try again once it is InService' : `it is ${described.status}, not InService`;
    return { ok: false, reason: `${endpoint} cannot be scaled now: ${why}` };
  }

  const ref = { endpoint, variant: variant.variant };
  const window = { start: new Date(now.getTime() - HOUR_MS), end: now };
  const [target, targetTracking, series, utilisation] = await Promise.all([
    ports.scaling.scalableTarget(ref, scope),
    ports.scaling.targetTracking(ref, scope),
    ports.metrics.latencySeries(endpoint, [variant.variant], window, scope, now),
    ports.capacity.utilisation([ref], window, scope),
  ]);
  const price = variant.instanceType === undefined ? undefined : instancePrice(variant.instanceType);
  const peak = peakMinute(series[0]);
  const cpuP95 = utilisation[0]?.cpuP95Percent;
  const hint = capacityHint({
    ...peak,
    latencyStat: 'p50',
    currentCount: variant.currentInstanceCount,
    ...(targetTracking === undefined ? {} : { targetTracking }),
    ...(cpuP95 === undefined ? {} : { cpuP95Percent: cpuP95 }),
    ...(price === undefined ? {} : { vcpus: price.vcpus }),
  });
  return {
    ok: true,
    preview: {
      endpoint,
      variant: variant.variant,
      status: described.status,
      ...(variant.instanceType === undefined ? {} : { instanceType: variant.instanceType }),
      currentCount: variant.currentInstanceCount,
      ...(target === undefined ? {} : { target: { min: target.minCapacity, max: target.maxCapacity } }),
      ...(targetTracking === undefined ? {} : { targetTracking }),
      ...(cpuP95 === undefined || price === undefined ? {} : { cpuPercent: cpuP95 / price.vcpus }),
      hint,
      ...(price === undefined ? {} : { hourlyPriceUsd: price.hourlyUsd }),
    },
  };
}

/** The busiest period's invocations per minute, and the median model latency then. */
function peakMinute(series: { periodS: number; invocations: (number | undefined)[]; model: { p50Ms: (number | undefined)[] } } | undefined): { peakPerMinute?: number; latencyMs?: number } {
  if (series === undefined) return {};
  let best = -1;
  series.invocations.forEach((value, i) => {
    if (value !== undefined && (best < 0 || value > (series.invocations[best] ?? 0))) best = i;
  });
  if (best < 0) return {};
  const perMinute = (series.invocations[best] ?? 0) / (series.periodS / 60);
  const latency = series.model.p50Ms[best];
  return { peakPerMinute: perMinute, ...(latency === undefined ? {} : { latencyMs: latency }) };
}

import { clockText } from '../incidents/duration-text.js';
import { count, percent } from '../reply/quantity-text.js';
import type { Thresholds } from './diagnosis-thresholds.js';
import type { Evidence } from './gather-evidence.js';
import { unknownFinding, type CapacityFacts, type Finding } from './finding.js';
import { recurringSpike, spikeStart } from './recurring-spike.js';

const TITLE = 'Capacity and scaling';

/**
 * Utilisation per instance, invocations per instance against the target-tracking target, whether
 * scaling reacted and how late, 5XX rejections; and whether a spike recurs at this time of day.
 */
export function checkCapacity(evidence: Evidence, thresholds: Thresholds, seeMore: string): Finding {
  if (!evidence.metrics.ok) return unknownFinding('capacity', TITLE, `CloudWatch could not be read: ${evidence.metrics.reason}`, seeMore);
  const m = evidence.metrics.value;
  const perMinute = (value: number | undefined) => (value === undefined ? undefined : value / (m.periodS / 60));
  const instanceType = evidence.description.variants[0]?.instanceType;
  const vcpus = vcpusOf(instanceType);
  const target = evidence.targetTracking.ok ? evidence.targetTracking.value : undefined;
  const targetPerInstance = target?.metric.includes('InvocationsPerInstance') ? target.targetValue : undefined;

  // The busiest period: most invocations per instance.
  let peak = -1;
  const load = m.invocations.map((value, i) => (value === undefined || !m.instances[i] ? undefined : perMinute(value)! / m.instances[i]!));
  load.forEach((value, i) => {
    if (value !== undefined && (peak < 0 || value > load[peak]!)) peak = i;
  });
  if (peak < 0) return unknownFinding('capacity', TITLE, `no traffic or instance metrics for ${m.endpoint} in the window`, seeMore);
  const instancesNow = lastKnown(m.instances);
  const peakInstances = m.instances[peak]!;
  const peakPerMinute = perMinute(m.invocations[peak])!;
  const utilisation = Math.max(...[...m.cpuPercent.map((v) => (v === undefined ? 0 : v / vcpus)), ...m.gpuPercent.map((v) => v ?? 0), ...m.memoryPercent.map((v) => v ?? 0)]);
  const errors5xx = m.errors5xx.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  const invocations = m.invocations.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  const rejecting = invocations > 0 && errors5xx / invocations >= thresholds.endpointErrorRatePercent / 100;
  const overTarget = targetPerInstance !== undefined && load[peak]! > targetPerInstance;
  const saturated = utilisation >= thresholds.utilisationPercent || rejecting || (overTarget && load[peak]! > targetPerInstance! * 1.5);
  const instancesNeeded = targetPerInstance ? Math.ceil(peakPerMinute / targetPerInstance) : Math.ceil((peakInstances * utilisation) / thresholds.utilisationPercent);
  const lag = targetPerInstance === undefined ? undefined : scalingLag(load, m.instances, targetPerInstance, m.timestamps, evidence.now);

  const spike = spikeStart(m.timestamps, m.invocations);
  const recurring = spike && evidence.history.ok ? recurringSpike(spike, evidence.history.value) : undefined;
  const recurs = recurring !== undefined && recurring.days >= thresholds.recurringDays;

  const said: string[] = [
    `peak ${count(peakPerMinute)} invocations/min on ${count(peakInstances)} ${instanceType ?? ''} instance${peakInstances === 1 ? '' : 's'} at ${clockText(m.timestamps[peak]!, evidence.now)}`.replace('  ', ' ') +
      ` (${count(load[peak]!)} per instance${targetPerInstance === undefined ? '' : ` vs the ${count(targetPerInstance)} target`})`,
    `utilisation up to ${percent(utilisation)}`,
  ];
  if (errors5xx > 0) said.push(`${count(errors5xx)} 5XX rejections`);
  if (lag) said.push(lag.text);
  if (recurring && spike) {
    said.push(
      recurs
        ? `a recurring spike: traffic ×${recurring.factor.toFixed(1)} from ${recurring.timeOfDay}, as on ${recurring.days} of the previous ${recurring.ofDays} days`
        : `traffic ×${recurring.factor.toFixed(1)} from ${recurring.timeOfDay}, not seen at that time on previous days (${recurring.days} of ${recurring.ofDays})`,
    );
  }
  const verdict = saturated ? 'problem' : recurs || overTarget || utilisation >= thresholds.utilisationPercent - 15 ? 'warning' : 'ok';
  const facts: CapacityFacts = {
    check: 'capacity',
    saturated,
    ...(instancesNow === undefined ? {} : { instancesNow }),
    instancesNeeded: Math.max(instancesNeeded, (instancesNow ?? 0) + (saturated ? 1 : 0)),
    ...(lag?.minutes === undefined ? {} : { scalingLagMinutes: lag.minutes }),
    ...(recurs ? { recurring } : {}),
  };
  return { check: 'capacity', title: TITLE, verdict, evidence: `${capitalised(said.join('; '))}.`, seeMore, facts };
}

/** From the first period over the target to the first added instance. */
function scalingLag(load: readonly (number | undefined)[], instances: readonly (number | undefined)[], target: number, timestamps: readonly Date[], now: Date): { minutes?: number; text: string } | undefined {
  const over = load.findIndex((value) => value !== undefined && value > target);
  if (over < 0) return undefined;
  const before = instances[over] ?? 0;
  const added = instances.findIndex((value, i) => i > over && value !== undefined && value > before + 0.5);
  const since = timestamps[over]!;
  if (added < 0) return { text: `target tracking has added no instance in the ${Math.round((now.getTime() - since.getTime()) / 60_000)} min since ${clockText(since, now)}` };
  const minutes = Math.round((timestamps[added]!.getTime() - since.getTime()) / 60_000);
  return { minutes, text: `target tracking added instances ${minutes} min after traffic passed the target` };
}

function lastKnown(values: readonly (number | undefined)[]): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== undefined) return Math.round(values[i]!);
  return undefined;
}

/** vCPUs from the instance size (ml.c5.xlarge → 4): CPUUtilization counts 100 per vCPU. */
export function vcpusOf(instanceType: string | undefined): number {
  const size = instanceType?.split('.').at(-1) ?? '';
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const match = /^(\d+)xlarge$/.exec(size);
  return match ? Number(match[1]) * 4 : 1;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How many instances serve a variant at each minute. Without auto scaling: the initial count.
 * With target tracking on SageMakerVariantInvocationsPerInstance: the count the expected traffic
 * needs, seen {@link SCALE_OUT_DELAY_MINUTES} late (3 one-minute datapoints to alarm, then
 * instances to boot) and kept until the need has been lower for {@link SCALE_IN_DELAY_MINUTES}
 * (the slower scale-in alarm and cooldown). A MinCapacity override follows the same delays.
 */
import type { ModelContext } from './model-context.js';
import { expectedRate } from './traffic.js';
import type { EndpointSpec } from './topology.js';

export const SCALE_OUT_DELAY_MINUTES = 10;
export const SCALE_IN_DELAY_MINUTES = 25;

/** Instance counts for each minute of [from, to). */
export function instanceCounts(context: ModelContext, spec: EndpointSpec, from: number, to: number): Int16Array {
  const counts = new Int16Array(Math.max(0, to - from));
  const scaling = spec.autoScaling;
  if (!scaling) return counts.fill(spec.initialInstanceCount);
  // needed[i] is the need at minute (from - SCALE_IN_DELAY_MINUTES + i).
  const lead = SCALE_IN_DELAY_MINUTES;
  const needed = new Int16Array(counts.length + lead);
  for (let i = 0; i < needed.length; i++) {
    const minute = from - lead + i;
    const floor = context.story.minCapacityOverride(spec.name, minute) ?? scaling.min;
    const want = Math.ceil(expectedRate(context, spec, minute) / scaling.targetInvocationsPerInstance);
    needed[i] = Math.min(scaling.max, Math.max(floor, want));
  }
  for (let i = 0; i < counts.length; i++) {
    // count(m) = max of need over [m - SCALE_IN_DELAY, m - SCALE_OUT_DELAY]
    let count = 0;
    for (let k = SCALE_OUT_DELAY_MINUTES; k <= SCALE_IN_DELAY_MINUTES; k++) count = Math.max(count, needed[i + lead - k] ?? 0);
    counts[i] = count;
  }
  return counts;
}

export function instanceCountAt(context: ModelContext, spec: EndpointSpec, minute: number): number {
  return instanceCounts(context, spec, minute, minute + 1)[0] ?? spec.initialInstanceCount;
}

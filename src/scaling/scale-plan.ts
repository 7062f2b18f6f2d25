/**
 * What a scale request will do to AWS, decided from what the variant is now (pure). A variant
 * Application Auto Scaling manages is changed through its scalable target — MinCapacity raised
 * to the count (MaxCapacity too when the count is above it), so target tracking does not scale
 * it straight back — and, when the count goes down, a desired count as well (lowering the
 * minimum alone scales nothing in). Other variants get UpdateEndpointWeightsAndCapacities.
 */
import type { EndpointConfig } from '../config/config.js';

export interface CapacityRange {
  min: number;
  max: number;
}

export type ScalePlan =
  | {
      kind: 'target';
      from: CapacityRange;
      to: CapacityRange;
      /** Also UpdateEndpointWeightsAndCapacities to the count (scaling in). */
      setDesired: boolean;
    }
  | { kind: 'desired' };

/** Whoever asks, an endpoint the config does not list may be scaled within these. */
export const DEFAULT_SCALE_BOUNDS: CapacityRange = { min: 1, max: 10 };

export function scaleBounds(endpoint: EndpointConfig | undefined): CapacityRange {
  return endpoint === undefined ? DEFAULT_SCALE_BOUNDS : { min: endpoint.minInstances, max: endpoint.maxInstances };
}

/** Why the count cannot be asked for, or undefined when it is within bounds. */
export function boundsProblem(endpoint: string, count: number, bounds: CapacityRange, configured: boolean): string | undefined {
  if (count >= bounds.min && count <= bounds.max) return undefined;
  const where = configured ? `\`endpoints.${endpoint}\` in mlobs.yml` : 'the default for endpoints mlobs.yml does not list';
  return `${count} instances is outside the bounds for ${endpoint}: ${bounds.min}–${bounds.max} (${where}; set \`min_instances\`/\`max_instances\` there to change them)`;
}

export function planScale(current: number, count: number, target: CapacityRange | undefined): ScalePlan {
  if (target === undefined) return { kind: 'desired' };
  return { kind: 'target', from: target, to: { min: count, max: Math.max(target.max, count) }, setDesired: count < current };
}

/** The AWS calls, as a person reads them: "RegisterScalableTarget MinCapacity 2 → 4 (MaxCapacity 6)". */
export function planCalls(plan: ScalePlan, from: number, to: number): string[] {
  if (plan.kind === 'desired') return [`UpdateEndpointWeightsAndCapacities DesiredInstanceCount ${from} → ${to}`];
  const max = plan.to.max === plan.from.max ? `MaxCapacity ${plan.to.max}` : `MaxCapacity ${plan.from.max} → ${plan.to.max}`;
  const calls = [`RegisterScalableTarget MinCapacity ${plan.from.min} → ${plan.to.min}, ${max}`];
  if (plan.setDesired) calls.push(`UpdateEndpointWeightsAndCapacities DesiredInstanceCount ${from} → ${to}`);
  return calls;
}

/** What Undo or the `--for` revert calls: the previous range (auto scaling owns the count again), or the previous count. */
export function undoCalls(plan: ScalePlan, from: number, to: number): string[] {
  if (plan.kind === 'desired') return [`UpdateEndpointWeightsAndCapacities DesiredInstanceCount ${to} → ${from}`];
  return [`RegisterScalableTarget MinCapacity ${plan.to.min} → ${plan.from.min}, MaxCapacity ${plan.from.max}`];
}

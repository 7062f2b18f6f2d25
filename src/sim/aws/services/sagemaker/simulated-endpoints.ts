import type { SimEndpoint, SimVariant } from '../../../fleet/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { Simulation } from '../../simulation.js';
import type { ApiActivityLog } from '../cloudtrail/recorded-events.js';
import { stableUuid } from '../cloudtrail/stable-uuid.js';
import { AUTO_SCALING_CALLER, type TrailCaller } from '../cloudtrail/trail-caller.js';
import { ControlPlaneTimers } from './control-plane-timers.js';

/**
 * The fleet's SageMaker endpoints plus what callers changed. A variant's instance count comes
 * from the fleet's own scaling model until an update sets it (UpdateEndpointWeightsAndCapacities,
 * or Application Auto Scaling enforcing a new MinCapacity/MaxCapacity); from then on the set
 * count stays — the simulator runs no target tracking of its own. An update keeps the endpoint
 * `Updating` for `updateDurationMs` of simulated time, and a second one is refused meanwhile.
 */

export interface SimulatedEndpointsOptions {
  /** Simulated time an update takes (default 4 minutes). */
  updateDurationMs?: number;
  /** The largest DesiredInstanceCount a variant may ask for: the account's instance quota (default 20). */
  maxInstancesPerVariant?: number;
  /** Where updates are recorded for CloudTrail. */
  trail?: ApiActivityLog;
}

/** A scalable target's range, if Application Auto Scaling manages the variant. */
export type CapacityBounds = (endpointName: string, variantName: string) => { min: number; max: number } | undefined;

export interface CapacityChange {
  variantName: string;
  instanceCount?: number;
  weight?: number;
}

/** Who asked for an update, for CloudTrail. */
export interface UpdateOrigin {
  caller: TrailCaller;
  requestId: string;
}

export interface VariantState {
  variant: SimVariant;
  currentInstanceCount: number;
  desiredInstanceCount: number;
  currentWeight: number;
  desiredWeight: number;
  /** Set while an update changes this variant. */
  updateStartedAt?: Date;
}

export interface EndpointState {
  endpoint: SimEndpoint;
  status: 'InService' | 'Updating';
  lastModifiedTime: Date;
  variants: VariantState[];
}

export interface EndpointUpdateRecord {
  endpointName: string;
  startedAt: Date;
  completesAt: Date;
  cause: 'caller' | 'auto-scaling';
  changes: CapacityChange[];
}

interface VariantChange {
  fromCount: number;
  toCount: number;
  fromWeight: number;
  toWeight: number;
}

interface EndpointUpdate {
  startedAt: Date;
  changes: Map<string, VariantChange>;
}

export const DEFAULT_UPDATE_DURATION_MS = 4 * 60_000;
export const DEFAULT_MAX_INSTANCES_PER_VARIANT = 20;

const key = (endpointName: string, variantName: string) => `${endpointName}/${variantName}`;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export class SimulatedEndpoints {
  readonly timers = new ControlPlaneTimers();
  readonly updateDurationMs: number;
  readonly maxInstancesPerVariant: number;
  /** Every update started, oldest first. */
  readonly updates: EndpointUpdateRecord[] = [];
  private readonly counts = new Map<string, number>();
  private readonly weights = new Map<string, number>();
  private readonly inProgress = new Map<string, EndpointUpdate>();
  private readonly modified = new Map<string, Date>();
  /** The range each managed variant was last brought inside (the scalable target's, as of the last reconcile). */
  private readonly enforced = new Map<string, { min: number; max: number }>();
  private bounds: CapacityBounds = () => undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly options: SimulatedEndpointsOptions = {},
  ) {
    this.updateDurationMs = options.updateDurationMs ?? DEFAULT_UPDATE_DURATION_MS;
    this.maxInstancesPerVariant = options.maxInstancesPerVariant ?? DEFAULT_MAX_INSTANCES_PER_VARIANT;
    options.trail?.catchUpWith?.((now) => this.settle(now));
  }

  /** Replays what fell due up to `now`: finished updates, scheduled scaling actions. */
  settle(now: Date = this.sim.now()): void {
    this.timers.runUntil(now);
  }

  /** Application Auto Scaling tells the endpoints which range each managed variant must stay in. */
  useCapacityBounds(bounds: CapacityBounds): void {
    this.bounds = bounds;
  }

  /** The fleet's endpoints exist in the fleet's region only. */
  list(region: string): SimEndpoint[] {
    const fleet = this.sim.fleet();
    return region === fleet.region ? fleet.endpoints() : [];
  }

  find(name: string, region: string): SimEndpoint | undefined {
    return this.list(region).find((e) => e.name === name);
  }

  /** The endpoint, or SageMaker's answer for a missing one. */
  require(name: string, region: string, accountId: string): SimEndpoint {
    const endpoint = this.find(name, region);
    if (!endpoint) throw new SimulatedAwsError('ValidationException', `Could not find endpoint "${endpointArnFor(region, accountId, name)}".`, 400);
    return endpoint;
  }

  state(endpoint: SimEndpoint, at: Date): EndpointState {
    const update = this.inProgress.get(endpoint.name);
    const variants = endpoint.variants.map((variant): VariantState => {
      const change = update?.changes.get(variant.name);
      if (update && change) {
        return { variant, currentInstanceCount: change.fromCount, desiredInstanceCount: change.toCount, currentWeight: change.fromWeight, desiredWeight: change.toWeight, updateStartedAt: update.startedAt };
      }
      const count = this.currentCount(endpoint.name, variant.name, at);
      const weight = this.weightOf(endpoint.name, variant.name);
      return { variant, currentInstanceCount: count, desiredInstanceCount: count, currentWeight: weight, desiredWeight: weight };
    });
    return { endpoint, status: update ? 'Updating' : 'InService', lastModifiedTime: this.modified.get(endpoint.name) ?? endpoint.lastModifiedTime, variants };
  }

  /** Instances serving a variant at `at` (outside an update). */
  currentCount(endpointName: string, variantName: string, at: Date): number {
    const set = this.counts.get(key(endpointName, variantName));
    if (set !== undefined) return set;
    const range = this.enforced.get(key(endpointName, variantName));
    const modelled = this.sim.fleet().instanceCount(endpointName, variantName, at);
    // A range narrowed without an update (the count was inside it then) still holds later.
    return range ? clamp(modelled, range.min, range.max) : modelled;
  }

  /**
   * Starts an update at `at`: validates like SageMaker (variants exist, counts within the quota,
   * endpoint not already updating), records it in CloudTrail, and schedules its completion.
   */
  update(endpoint: SimEndpoint, changes: readonly CapacityChange[], at: Date, origin: UpdateOrigin): void {
    const { region, accountId } = this.sim.fleet();
    const arn = endpoint.arn;
    if (this.inProgress.has(endpoint.name)) throw new SimulatedAwsError('ValidationException', `Cannot update in-progress endpoint "${arn}".`, 400);
    const missing = changes.filter((c) => !endpoint.variants.some((v) => v.name === c.variantName)).map((c) => c.variantName);
    if (missing.length > 0) throw new SimulatedAwsError('ValidationException', `The variant(s) "[${missing.join(', ')}]" is/are not present in the endpoint "${arn}".`, 400);

    const planned = new Map<string, VariantChange>();
    for (const change of changes) {
      const variant = endpoint.variants.find((v) => v.name === change.variantName) as SimVariant;
      const fromCount = this.currentCount(endpoint.name, variant.name, at);
      const toCount = change.instanceCount ?? fromCount;
      if (toCount > this.maxInstancesPerVariant) {
        throw new SimulatedAwsError(
          'ResourceLimitExceeded',
          `The account-level service limit '${variant.instanceType} for endpoint usage' is ${this.maxInstancesPerVariant} Instances, with current utilization of ${fromCount} Instances and a request delta of ${toCount - fromCount} Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.`,
          400,
        );
      }
      const fromWeight = this.weightOf(endpoint.name, variant.name);
      planned.set(variant.name, { fromCount, toCount, fromWeight, toWeight: change.weight ?? fromWeight });
    }

    const completesAt = new Date(at.getTime() + this.updateDurationMs);
    this.inProgress.set(endpoint.name, { startedAt: at, changes: planned });
    this.modified.set(endpoint.name, at);
    const cause = origin.caller.kind === 'service' ? 'auto-scaling' : 'caller';
    this.updates.push({ endpointName: endpoint.name, startedAt: at, completesAt, cause, changes: [...changes] });
    this.options.trail?.record({
      at,
      region,
      accountId,
      eventName: 'UpdateEndpointWeightsAndCapacities',
      eventSource: 'sagemaker.amazonaws.com',
      caller: origin.caller,
      resources: [{ type: 'AWS::SageMaker::Endpoint', name: endpoint.name }],
      requestParameters: {
        endpointName: endpoint.name,
        desiredWeightsAndCapacities: changes.map((c) => ({
          variantName: c.variantName,
          ...(c.weight !== undefined && { desiredWeight: c.weight }),
          ...(c.instanceCount !== undefined && { desiredInstanceCount: c.instanceCount }),
        })),
      },
      responseElements: { endpointArn: arn },
      requestId: origin.requestId,
    });
    this.timers.schedule(completesAt, (done) => this.complete(endpoint, done));
  }

  /**
   * Brings managed variants back inside their scalable target's range, as Application Auto
   * Scaling does when a target's MinCapacity or MaxCapacity changes. An endpoint that is
   * updating is reconciled when the update completes.
   */
  reconcile(endpointName: string, at: Date): void {
    const endpoint = this.find(endpointName, this.sim.fleet().region);
    if (!endpoint || this.inProgress.has(endpoint.name)) return;
    const changes: CapacityChange[] = [];
    const ranges = new Map<string, { min: number; max: number }>();
    for (const variant of endpoint.variants) {
      const range = this.bounds(endpoint.name, variant.name);
      if (!range) continue;
      ranges.set(key(endpoint.name, variant.name), range);
      const count = this.currentCount(endpoint.name, variant.name, at);
      // Beyond the instance quota Auto Scaling's resize would fail (and retry); stop at the quota instead.
      const wanted = Math.min(clamp(count, range.min, range.max), this.maxInstancesPerVariant);
      if (wanted !== count) changes.push({ variantName: variant.name, instanceCount: wanted });
    }
    if (changes.length > 0) {
      const requestId = stableUuid(`auto-scaling|${endpoint.name}|${at.toISOString()}|${this.updates.length}`);
      this.update(endpoint, changes, at, { caller: AUTO_SCALING_CALLER, requestId });
    }
    // Only now does the new range bound the view: the update above starts from the count before it.
    for (const [variantKey, range] of ranges) this.enforced.set(variantKey, range);
  }

  private complete(endpoint: SimEndpoint, at: Date): void {
    const update = this.inProgress.get(endpoint.name);
    if (!update) return;
    for (const [variantName, change] of update.changes) {
      this.counts.set(key(endpoint.name, variantName), change.toCount);
      this.weights.set(key(endpoint.name, variantName), change.toWeight);
    }
    this.inProgress.delete(endpoint.name);
    this.modified.set(endpoint.name, at);
    this.reconcile(endpoint.name, at);
  }

  private weightOf(endpointName: string, variantName: string): number {
    return this.weights.get(key(endpointName, variantName)) ?? 1;
  }
}

/** SageMaker ARNs spell the resource name in lower case. */
export function endpointArnFor(region: string, accountId: string, name: string): string {
  return `arn:aws:sagemaker:${region}:${accountId}:endpoint/${name.toLowerCase()}`;
}

import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { stableUuid } from '../cloudtrail/stable-uuid.js';
import type { ControlPlaneTimers, TimerHandle } from '../sagemaker/control-plane-timers.js';
import { type CapacityRange, SAGEMAKER_VARIANT_DIMENSION } from './scalable-targets.js';
import { nextFiring, type ScheduleExpression } from './schedule-expression.js';

/**
 * Scheduled actions on scalable targets. Each armed action waits on the control-plane timers
 * for its next firing; when simulated time passes it, the action's range is applied to the
 * target (and the endpoint resized through an update if the range demands it).
 */

export interface ScheduledActionRecord {
  name: string;
  resourceId: string;
  schedule: string;
  expression: ScheduleExpression;
  timezone?: string;
  startTime?: Date;
  endTime?: Date;
  range: CapacityRange;
  creationTime: Date;
  arn: string;
  /** Instants it fired at, oldest first. */
  firings: Date[];
}

export type NewScheduledAction = Omit<ScheduledActionRecord, 'arn' | 'firings' | 'creationTime'>;

export class ScheduledActions {
  private readonly actions = new Map<string, ScheduledActionRecord>();
  private readonly armed = new Map<string, TimerHandle>();

  constructor(
    private readonly timers: ControlPlaneTimers,
    private readonly region: string,
    private readonly accountId: string,
    private readonly apply: (resourceId: string, range: CapacityRange, at: Date) => void,
  ) {}

  list(): ScheduledActionRecord[] {
    return [...this.actions.values()];
  }

  /** PutScheduledAction: creates or replaces (same name on the same target) and arms it. */
  put(action: NewScheduledAction, at: Date): ScheduledActionRecord {
    const id = keyOf(action.resourceId, action.name);
    const existing = this.actions.get(id);
    const record: ScheduledActionRecord = {
      ...action,
      creationTime: existing?.creationTime ?? at,
      firings: existing?.firings ?? [],
      arn: `arn:aws:autoscaling:${this.region}:${this.accountId}:scheduledAction:${stableUuid(id)}:resource/sagemaker/${action.resourceId}:scheduledActionName/${action.name}`,
    };
    this.actions.set(id, record);
    this.arm(record, at);
    return record;
  }

  delete(resourceId: string, name: string): void {
    const id = keyOf(resourceId, name);
    if (!this.actions.has(id)) {
      throw new SimulatedAwsError(
        'ObjectNotFoundException',
        `No scheduled action found for service namespace: sagemaker, resource ID: ${resourceId}, scalable dimension: ${SAGEMAKER_VARIANT_DIMENSION}, scheduled action name: ${name}`,
        400,
      );
    }
    this.armed.get(id)?.cancel();
    this.armed.delete(id);
    this.actions.delete(id);
  }

  private arm(record: ScheduledActionRecord, after: Date): void {
    const id = keyOf(record.resourceId, record.name);
    this.armed.get(id)?.cancel();
    this.armed.delete(id);
    const next = nextFiring(record.expression, after, { createdAt: record.creationTime, ...(record.startTime && { startTime: record.startTime }), ...(record.endTime && { endTime: record.endTime }) });
    if (!next) return;
    this.armed.set(
      id,
      this.timers.schedule(next, (at) => {
        record.firings.push(at);
        this.apply(record.resourceId, record.range, at);
        this.arm(record, at);
      }),
    );
  }
}

const keyOf = (resourceId: string, name: string) => `${resourceId}|${name}`;

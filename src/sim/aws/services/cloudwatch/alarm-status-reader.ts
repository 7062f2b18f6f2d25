import type { AlarmState, Fleet } from '../../../fleet/index.js';
import { evaluateAlarmSet, type EvaluatedAlarmState } from './alarm-set-evaluation.js';
import type { AlarmEntry, CloudWatchState } from './cloudwatch-state.js';

/**
 * The state DescribeAlarms shows for an alarm: the evaluator's when it runs; otherwise the
 * fleet evaluated at `now` (once per request). StateUpdatedTimestamp of a state reached before
 * the evaluator started is the last derived change, searched back three hours (when
 * there is none, the start of that search is shown: the state has held at least since).
 */
export interface ShownAlarmStatus {
  value: AlarmState;
  reason: string;
  reasonData?: string;
  updatedAt: Date;
}

const MINUTE_MS = 60_000;
/** Hour-aligned, so every alarm of a resource reads the same fleet window; long enough for a scenario's incident. */
const LOOKBACK_MS = 3 * 3_600_000;

export class AlarmStatusReader {
  private evaluated: Map<string, EvaluatedAlarmState> | undefined;

  constructor(
    private readonly state: CloudWatchState,
    private readonly fleet: Fleet,
    private readonly now: Date,
  ) {}

  /** The state alone (cheap: no history search). */
  value(entry: AlarmEntry): AlarmState {
    return this.current(entry).value;
  }

  status(entry: AlarmEntry): ShownAlarmStatus {
    const recorded = this.state.status(entry.definition.alarmName);
    const { value, current } = this.current(entry);
    return {
      value,
      reason: current?.reason ?? 'Unchecked: Initial alarm creation',
      ...(current?.reasonData && { reasonData: current.reasonData }),
      updatedAt: recorded?.updatedAt && (this.state.evaluatorStartedAt || recorded.value === value) ? recorded.updatedAt : this.lastChange(entry),
    };
  }

  private current(entry: AlarmEntry): { value: AlarmState; current: { reason: string; reasonData?: string } | undefined } {
    const name = entry.definition.alarmName;
    const recorded = this.state.status(name);
    if (this.state.evaluatorStartedAt || this.isUnchecked(entry)) return { value: recorded?.value ?? 'INSUFFICIENT_DATA', current: recorded };
    const evaluated = this.evaluatedNow(name);
    return { value: evaluated?.state ?? 'INSUFFICIENT_DATA', current: evaluated };
  }

  /** A new alarm is INSUFFICIENT_DATA until its first evaluation, at the next minute. */
  private isUnchecked(entry: AlarmEntry): boolean {
    return entry.since !== undefined && this.now.getTime() < Math.floor(entry.since.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  }

  private evaluatedNow(name: string): EvaluatedAlarmState | undefined {
    this.evaluated ??= evaluateAlarmSet(this.fleet, this.state.alarms(), this.now, (alarm) => this.state.status(alarm));
    return this.evaluated.get(name);
  }

  private lastChange(entry: AlarmEntry): Date {
    const cutover = this.state.historyCutover(this.now).getTime();
    const from = Math.floor((cutover - LOOKBACK_MS) / 3_600_000) * 3_600_000;
    const changes = this.state.timelines.transitions(entry, from, cutover + 1);
    return changes[changes.length - 1]?.at ?? entry.since ?? new Date(from);
  }
}

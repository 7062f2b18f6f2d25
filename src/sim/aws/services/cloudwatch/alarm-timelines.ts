import { type AlarmState, evaluateAlarmRule, type Fleet, isBreaching, type SimAlarmDefinition, type SimMetricAlarm, type SimMetricMathAlarm } from '../../../fleet/index.js';
import type { AlarmEntry } from './cloudwatch-state.js';

/**
 * Alarm states over time, derived from the fleet — the history of the time before the alarm
 * evaluator started. A threshold alarm's state at each period boundary comes from the same rule
 * the fleet's `evaluateAlarm` applies, computed over the whole range from one wide evaluation
 * (an alarm with thousands of evaluation periods returns all its datapoints), so a day costs
 * one metric query instead of 1,440. Results are cached by the hour; the data of a past hour
 * never changes.
 */
export interface DerivedTransition {
  alarmName: string;
  at: Date;
  oldState: AlarmState;
  newState: AlarmState;
}

type ThresholdAlarm = SimMetricAlarm | SimMetricMathAlarm;
interface Change {
  at: number;
  state: AlarmState;
}
/** One hour of an alarm's timeline: the state in force at its start and the changes within it. */
interface HourPiece {
  before: AlarmState;
  changes: Change[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** `treatMissingData: ignore` keeps the previous state: start this many periods early to find it. */
const WARMUP_PERIODS = 30;
const MAX_RULE_DEPTH = 5;

export const periodMsOf = (alarm: ThresholdAlarm): number =>
  (alarm.kind === 'metric' ? alarm.periodS : (alarm.metrics.find((query) => query.metricStat)?.metricStat?.periodS ?? 60)) * 1_000;

/** Alarm names in a composite rule: `ALARM("a") AND OK(b)` → a, b. */
export function ruleChildren(rule: string): string[] {
  return [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*"?([^")]+?)"?\s*\)/g)].map((match) => (match[1] ?? '').trim());
}

export class AlarmTimelines {
  /** By definition object: a changed alarm is a new object, so its old pieces are simply never asked for again. */
  private readonly cache = new WeakMap<SimAlarmDefinition, Map<number, HourPiece>>();

  constructor(
    private readonly fleet: () => Fleet,
    private readonly lookup: (nameOrArn: string) => AlarmEntry | undefined,
  ) {}

  /** Changes in [from, to), oldest first, within the alarm's lifetime. `to` must not pass the fleet's now. */
  transitions(entry: AlarmEntry, from: number, to: number): DerivedTransition[] {
    const name = entry.definition.alarmName;
    const lower = Math.max(from, entry.definedFrom?.getTime() ?? from);
    const upper = Math.min(to, entry.until?.getTime() ?? to);
    if (upper <= lower) return [];
    const changes: Array<{ at: number; oldState: AlarmState; newState: AlarmState }> = [];
    let rawFrom = lower;
    // An updated alarm keeps its state; only a created one starts over.
    if (entry.since && entry.since.getTime() === entry.definedFrom?.getTime()) {
      // A new alarm is INSUFFICIENT_DATA until its first evaluation, at the next minute.
      const firstEvaluation = Math.floor(entry.since.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      if (firstEvaluation >= lower && firstEvaluation < upper) {
        const state = this.rawStateAt(entry.definition, firstEvaluation, 0);
        if (state !== 'INSUFFICIENT_DATA') changes.push({ at: firstEvaluation, oldState: 'INSUFFICIENT_DATA', newState: state });
      }
      rawFrom = Math.max(lower, firstEvaluation + 1);
    }
    let previous = this.rawStateAt(entry.definition, rawFrom - 1, 0);
    for (const change of this.rawChanges(entry.definition, rawFrom, upper, 0)) {
      if (change.state === previous) continue;
      changes.push({ at: change.at, oldState: previous, newState: change.state });
      previous = change.state;
    }
    return changes.map((change) => ({ alarmName: name, at: new Date(change.at), oldState: change.oldState, newState: change.newState }));
  }

  /** The state in force at `at` (after any change at that instant), ignoring the alarm's lifetime. */
  stateAt(entry: AlarmEntry, at: number): AlarmState {
    return this.rawStateAt(entry.definition, at, 0);
  }

  private rawStateAt(definition: SimAlarmDefinition, at: number, depth: number): AlarmState {
    if (definition.kind === 'composite') return this.compositeState(definition.alarmRule, (child) => this.childState(child, at, depth));
    const piece = this.pieces(definition, Math.floor(at / HOUR_MS), Math.floor(at / HOUR_MS) + 1)[0];
    let state = piece?.before ?? 'INSUFFICIENT_DATA';
    for (const change of piece?.changes ?? []) if (change.at <= at) state = change.state;
    return state;
  }

  private rawChanges(definition: SimAlarmDefinition, from: number, to: number, depth: number): Change[] {
    if (definition.kind !== 'composite') {
      const pieces = this.pieces(definition, Math.floor(from / HOUR_MS), Math.ceil(to / HOUR_MS));
      return pieces.flatMap((piece) => piece.changes).filter((change) => change.at >= from && change.at < to);
    }
    if (depth >= MAX_RULE_DEPTH) return [];
    const children = ruleChildren(definition.alarmRule);
    const states = new Map(children.map((child) => [child, this.childState(child, from - 1, depth)]));
    const times = new Map<number, Array<{ child: string; state: AlarmState }>>();
    for (const child of children) {
      const entry = this.lookup(child);
      if (!entry) continue;
      for (const change of this.rawChanges(entry.definition, from, to, depth + 1)) {
        const at = times.get(change.at) ?? [];
        at.push({ child, state: change.state });
        times.set(change.at, at);
      }
    }
    const changes: Change[] = [];
    for (const at of [...times.keys()].sort((a, b) => a - b)) {
      for (const { child, state } of times.get(at) ?? []) states.set(child, state);
      changes.push({ at, state: this.compositeState(definition.alarmRule, (child) => states.get(child)) });
    }
    return changes;
  }

  private childState(child: string, at: number, depth: number): AlarmState | undefined {
    const entry = this.lookup(child);
    return entry && depth < MAX_RULE_DEPTH ? this.rawStateAt(entry.definition, at, depth + 1) : undefined;
  }

  private compositeState(rule: string, stateOf: (child: string) => AlarmState | undefined): AlarmState {
    try {
      // Children are named by name or ARN; the rule compares names as written.
      return evaluateAlarmRule(rule, (nameOrArn) => stateOf(nameOrArn.trim())) ? 'ALARM' : 'OK';
    } catch {
      return 'INSUFFICIENT_DATA';
    }
  }

  /** Hour pieces [fromHour, toHour) of a threshold alarm, computing the missing ones in runs. */
  private pieces(alarm: ThresholdAlarm, fromHour: number, toHour: number): HourPiece[] {
    const cached = this.cache.get(alarm) ?? new Map<number, HourPiece>();
    this.cache.set(alarm, cached);
    const fleet = this.fleet();
    const nowMs = fleet.now.getTime();
    const result: HourPiece[] = [];
    let hour = fromHour;
    while (hour < toHour) {
      const hit = cached.get(hour);
      if (hit) {
        result.push(hit);
        hour++;
        continue;
      }
      let runEnd = hour + 1;
      while (runEnd < toHour && !cached.has(runEnd)) runEnd++;
      const computed = this.computePieces(fleet, alarm, hour, runEnd);
      computed.forEach((piece, i) => {
        // Only whole past hours are final; the current one grows as time passes.
        if ((hour + i + 1) * HOUR_MS <= nowMs) cached.set(hour + i, piece);
        result.push(piece);
      });
      hour = runEnd;
    }
    return result;
  }

  private computePieces(fleet: Fleet, alarm: ThresholdAlarm, fromHour: number, toHour: number): HourPiece[] {
    const periodMs = periodMsOf(alarm);
    const n = alarm.evaluationPeriods;
    // The data start a whole number of hours early (room for the window and the warm-up), so
    // alarms of the same resource ask the fleet for the same window and share its cache.
    const margin = Math.ceil(((n + WARMUP_PERIODS + 1) * periodMs) / HOUR_MS) * HOUR_MS;
    const dataStart = Math.floor((fromHour * HOUR_MS - margin) / periodMs) * periodMs;
    const end = Math.min(Math.floor((toHour * HOUR_MS) / periodMs) * periodMs, Math.floor(fleet.now.getTime() / periodMs) * periodMs);
    const first = dataStart + n * periodMs;
    const last = Math.min(end, Math.ceil((toHour * HOUR_MS) / periodMs) * periodMs - periodMs);
    const pieces: HourPiece[] = Array.from({ length: toHour - fromHour }, () => ({ before: 'INSUFFICIENT_DATA' as AlarmState, changes: [] }));
    if (last < first) return pieces;
    const boundaries = (last - first) / periodMs + 1;
    // values[i] is the period starting at dataStart + i·P; the state at boundary first + j·P reads values[j … j+n−1].
    const values = this.alarmValues(fleet, alarm, end, (end - dataStart) / periodMs, periodMs);

    let present = 0;
    let breaching = 0;
    const add = (value: number | undefined, sign: 1 | -1) => {
      if (value === undefined) return;
      present += sign;
      if (isBreaching(alarm, value)) breaching += sign;
    };
    for (let i = 0; i < n - 1; i++) add(values[i], 1);
    let state: AlarmState = 'INSUFFICIENT_DATA';
    let piece = -1;
    for (let j = 0; j < boundaries; j++) {
      add(values[j + n - 1], 1);
      if (j > 0) add(values[j - 1], -1);
      const at = first + j * periodMs;
      const next: AlarmState = stateOf(alarm, present, breaching) ?? state;
      // Pieces up to this boundary's hour open with the state in force before it.
      const hourIndex = Math.floor(at / HOUR_MS) - fromHour;
      while (piece < hourIndex) {
        piece++;
        if (piece >= 0 && piece < pieces.length) (pieces[piece] as HourPiece).before = state;
      }
      if (next !== state && piece >= 0 && piece < pieces.length) (pieces[piece] as HourPiece).changes.push({ at, state: next });
      state = next;
    }
    for (piece++; piece < pieces.length; piece++) if (piece >= 0) (pieces[piece] as HourPiece).before = state;
    return pieces;
  }

  /** The alarm's values for `count` periods ending at `end` (undefined where there is no data). */
  private alarmValues(fleet: Fleet, alarm: ThresholdAlarm, end: number, count: number, periodMs: number): Array<number | undefined> {
    if (periodMs % MINUTE_MS !== 0) return new Array<undefined>(count).fill(undefined);
    try {
      const wide = { ...alarm, evaluationPeriods: count, datapointsToAlarm: 1 };
      return fleet.evaluateAlarm(wide, new Date(end)).datapoints.map((point) => point.value);
    } catch {
      return new Array<undefined>(count).fill(undefined);
    }
  }
}

/** The fleet's rule (alarm-evaluation.ts) over counts; undefined keeps the state (`ignore` without data). */
function stateOf(alarm: ThresholdAlarm, present: number, breaching: number): AlarmState | undefined {
  const missing = alarm.evaluationPeriods - present;
  if (present === 0 && alarm.treatMissingData === 'missing') return 'INSUFFICIENT_DATA';
  if (present === 0 && alarm.treatMissingData === 'ignore') return undefined;
  const count = breaching + (alarm.treatMissingData === 'breaching' ? missing : 0);
  return count >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
}

import type { Fleet } from '../../../fleet/index.js';
import { actionData, stateUpdateData, type StateSnapshot } from './alarm-history-records.js';
import { evaluateThresholdAlarm } from './alarm-set-evaluation.js';
import type { DerivedTransition } from './alarm-timelines.js';
import { enumValue, type Input, integerInRange, optionalString, optionalTimestamp, stringList, validationError } from './cloudwatch-input.js';
import { type AlarmEntry, type AlarmType, alarmTypeOf, type CloudWatchState, type HistoryItemType } from './cloudwatch-state.js';
import { decodeNextToken, encodeNextToken, requestFingerprint } from './next-token.js';

/**
 * DescribeAlarmHistory. Items after the alarm evaluator started are the ones it recorded; items
 * before are derived from the fleet (state changes, and the notifications they sent). Derivation
 * walks away from the requested end in growing steps and stops once a page is full, at most 14
 * days per call; a longer range continues through NextToken. History is kept 30 days, as in AWS.
 * As in AWS, omitting AlarmTypes returns metric alarms only.
 */
interface HistoryItem {
  alarmName: string;
  alarmType: AlarmType;
  timestamp: number;
  type: HistoryItemType;
  summary: string;
  data: () => string;
  /** Orders items of one instant: configuration, then state, then actions. */
  key: string;
}

interface Cursor {
  t: number;
  k: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const RETENTION_MS = 30 * DAY_MS;
const DERIVATION_BUDGET_MS = 14 * DAY_MS;
/** The first step is short: recent history is what callers usually want. */
const FIRST_STEP_MS = 6 * HOUR_MS;
const ITEM_TYPES = ['ConfigurationUpdate', 'StateUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'] as const;
const TYPE_RANK: Record<HistoryItemType, number> = { ConfigurationUpdate: 0, StateUpdate: 1, Action: 2 };

export function describeAlarmHistory(input: Input, state: CloudWatchState, fleet: Fleet, now: Date) {
  const alarmName = optionalString(input, 'AlarmName');
  const alarmTypes = (stringList(input, 'AlarmTypes') ?? ['MetricAlarm']).map((type, i) => enumValue(type, ['CompositeAlarm', 'MetricAlarm'] as const, `alarmTypes.${i + 1}.member`));
  const itemType = enumValue(optionalString(input, 'HistoryItemType'), ITEM_TYPES, 'historyItemType');
  const start = optionalTimestamp(input, 'StartDate');
  const end = optionalTimestamp(input, 'EndDate');
  if (start && end && start.getTime() > end.getTime()) throw validationError('The parameter StartDate must be less than the parameter EndDate.');
  const maxRecords = integerInRange(input, 'MaxRecords', 'maxRecords', 1, 100, 100);
  const scanBy = enumValue(optionalString(input, 'ScanBy'), ['TimestampDescending', 'TimestampAscending'] as const, 'scanBy') ?? 'TimestampDescending';
  const fingerprint = requestFingerprint({ alarmName, alarmTypes, itemType, start: start?.getTime(), end: end?.getTime(), scanBy });
  const cursor = decodeNextToken(input.NextToken, fingerprint) as Cursor | undefined;
  // Contributor items belong to Metrics Insights alarms, which the simulator does not have.
  if (itemType === 'AlarmContributorStateUpdate' || itemType === 'AlarmContributorAction') return { AlarmHistoryItems: [] };

  const scope = state.everyAlarm().filter(({ definition }) => (alarmName === undefined || definition.alarmName === alarmName) && alarmTypes.includes(alarmTypeOf(definition)));
  const names = new Set(scope.map((entry) => entry.definition.alarmName));
  const wants = (type: HistoryItemType) => itemType === undefined || itemType === type;
  const lo = Math.max(start?.getTime() ?? Number.NEGATIVE_INFINITY, now.getTime() - RETENTION_MS);
  const hi = Math.min(end?.getTime() ?? now.getTime(), now.getTime());
  // Nothing to derive (no such alarm, or only configuration changes asked): the recorded history is all there is.
  const derivable = scope.length > 0 && (wants('StateUpdate') || wants('Action'));
  const derivedUntil = derivable ? Math.min(hi + 1, state.historyCutover(now).getTime() + 1) : lo;
  const recorded: HistoryItem[] = state
    .history()
    .filter((record) => names.has(record.alarmName) && alarmTypes.includes(record.alarmType) && wants(record.type))
    .map((record) => ({ ...record, timestamp: record.timestamp.getTime(), data: () => record.data, key: `${TYPE_RANK[record.type]}|${record.alarmName}|r${String(record.seq).padStart(12, '0')}` }));
  const derive = (from: number, to: number) => derivedItems(state, fleet, scope, Math.max(from, lo), Math.min(to, derivedUntil), wants);

  const descending = scanBy === 'TimestampDescending';
  const after = (item: HistoryItem) =>
    !cursor || (descending ? item.timestamp < cursor.t || (item.timestamp === cursor.t && item.key < cursor.k) : item.timestamp > cursor.t || (item.timestamp === cursor.t && item.key > cursor.k));
  // The window [a, b) grows away from the cursor until a page is full, the range ends or the budget is spent.
  let a = descending ? Math.max(lo, Math.min((cursor?.t ?? hi) + 1, derivedUntil)) : (cursor?.t ?? lo);
  let b = descending ? (cursor?.t ?? hi) + 1 : a;
  const derived: HistoryItem[] = [];
  let budget = DERIVATION_BUDGET_MS;
  let step = FIRST_STEP_MS;
  let eligible: HistoryItem[] = [];
  let exhausted = false;
  for (;;) {
    if (!descending && b >= derivedUntil) b = hi + 1;
    const inWindow = (item: HistoryItem) => item.timestamp >= a && item.timestamp < b && item.timestamp >= lo && item.timestamp <= hi;
    eligible = [...recorded.filter(inWindow), ...derived.filter(inWindow)].filter(after);
    exhausted = descending ? a <= lo : b > hi;
    if (eligible.length > maxRecords || exhausted || budget <= 0) break;
    // Hour-aligned steps, so every alarm reads the same fleet windows and the hour cache fills evenly.
    if (descending) {
      const from = Math.max(lo, Math.floor((a - step) / HOUR_MS) * HOUR_MS);
      derived.push(...derive(from, a));
      budget -= a - from;
      a = from;
    } else {
      const to = Math.min(derivedUntil, Math.ceil((b + step) / HOUR_MS) * HOUR_MS);
      derived.push(...derive(b, to));
      budget -= to - b;
      b = to;
    }
    step = DAY_MS;
  }

  const order = descending ? -1 : 1;
  eligible.sort((x, y) => order * (x.timestamp - y.timestamp || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)));
  const page = eligible.slice(0, maxRecords);
  const last = page[page.length - 1];
  const more = eligible.length > maxRecords || !exhausted;
  const next: Cursor | undefined = !more ? undefined : last ? { t: last.timestamp, k: last.key } : { t: descending ? a : b - 1, k: descending ? '' : '\uffff' };
  return {
    AlarmHistoryItems: page.map((item) => ({
      AlarmName: item.alarmName,
      AlarmType: item.alarmType,
      Timestamp: new Date(item.timestamp),
      HistoryItemType: item.type,
      HistorySummary: item.summary,
      HistoryData: item.data(),
    })),
    ...(next && { NextToken: encodeNextToken(fingerprint, next) }),
  };
}

/** State changes in [from, to) derived from the fleet, and the notifications CloudWatch sent for them. */
function derivedItems(state: CloudWatchState, fleet: Fleet, scope: AlarmEntry[], from: number, to: number, wants: (type: HistoryItemType) => boolean): HistoryItem[] {
  if (to <= from || !(wants('StateUpdate') || wants('Action'))) return [];
  const items: HistoryItem[] = [];
  for (const entry of scope) {
    const { definition } = entry;
    const alarmType = alarmTypeOf(definition);
    for (const transition of state.timelines.transitions(entry, from, to)) {
      const timestamp = transition.at.getTime();
      if (wants('StateUpdate')) {
        items.push({
          alarmName: definition.alarmName,
          alarmType,
          timestamp,
          type: 'StateUpdate',
          summary: `Alarm updated from ${transition.oldState} to ${transition.newState}`,
          data: () => stateUpdateData(snapshot(fleet, entry, transition, 'old'), snapshot(fleet, entry, transition, 'new')),
          key: `1|${definition.alarmName}|d`,
        });
      }
      const targets = !definition.actionsEnabled
        ? []
        : transition.newState === 'ALARM'
          ? definition.alarmActions
          : transition.newState === 'OK'
            ? definition.okActions
            : definition.insufficientDataActions;
      if (!wants('Action')) continue;
      for (const arn of targets) {
        items.push({
          alarmName: definition.alarmName,
          alarmType,
          timestamp,
          type: 'Action',
          summary: `Successfully executed action ${arn}`,
          data: () => actionData(arn, transition.at, { ok: true }),
          key: `2|${definition.alarmName}|d${arn}`,
        });
      }
    }
  }
  return items;
}

/** The state before or after a derived change, with the reason the fleet gives at that instant. */
function snapshot(fleet: Fleet, entry: AlarmEntry, transition: DerivedTransition, which: 'old' | 'new'): StateSnapshot {
  const value = which === 'old' ? transition.oldState : transition.newState;
  const { definition } = entry;
  const at = which === 'old' ? new Date(transition.at.getTime() - 1) : transition.at;
  if (entry.since && at.getTime() < entry.since.getTime() + 60_000 && value === 'INSUFFICIENT_DATA') return { value, reason: 'Unchecked: Initial alarm creation' };
  if (definition.kind === 'composite') return { value, reason: `The alarm rule ${definition.alarmRule} evaluated to ${value === 'ALARM' ? 'TRUE' : 'FALSE'}.` };
  const evaluated = evaluateThresholdAlarm(fleet, definition, at, undefined);
  return { value, reason: evaluated.reason, ...(evaluated.reasonData && { reasonData: evaluated.reasonData }) };
}

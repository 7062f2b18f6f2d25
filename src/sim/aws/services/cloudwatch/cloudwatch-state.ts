import { ALARM_TOPIC_ARN, HISTORY_DAYS, type AlarmState, type SimAlarmDefinition } from '../../../fleet/index.js';
import type { Simulation } from '../../simulation.js';
import { AlarmTimelines } from './alarm-timelines.js';

/**
 * What simulated CloudWatch keeps beyond the scenario: alarms put and deleted through the API,
 * each alarm's current state (written by the alarm evaluator), and the alarm history recorded
 * since the evaluator started. History before that is derived from the fleet (`timelines`).
 */
export type AlarmType = 'MetricAlarm' | 'CompositeAlarm';

export const alarmTypeOf = (definition: SimAlarmDefinition): AlarmType => (definition.kind === 'composite' ? 'CompositeAlarm' : 'MetricAlarm');

export interface AlarmEntry {
  readonly definition: SimAlarmDefinition;
  readonly origin: 'scenario' | 'user';
  /** AlarmConfigurationUpdatedTimestamp. */
  readonly configuredAt: Date;
  /** Created through the API at this instant; scenario alarms have always existed. */
  readonly since: Date | undefined;
  /** This definition is in force from here (an update replaces the previous one); undefined: always. */
  readonly definedFrom: Date | undefined;
  /** Deleted or replaced at this instant (retired entries keep their history). */
  readonly until: Date | undefined;
}

export interface AlarmStatus {
  value: AlarmState;
  reason: string;
  /** StateReasonData, a JSON document. */
  reasonData?: string;
  /** When the state last changed; undefined when it was reached before the simulator started (derived on demand). */
  updatedAt?: Date;
}

export type HistoryItemType = 'StateUpdate' | 'ConfigurationUpdate' | 'Action';

export interface AlarmHistoryRecord {
  alarmName: string;
  alarmType: AlarmType;
  timestamp: Date;
  type: HistoryItemType;
  summary: string;
  /** HistoryData, a JSON document. */
  data: string;
  /** Orders records of the same instant. */
  seq: number;
}

const DAY_MS = 86_400_000;
const HISTORY_RETENTION_MS = 30 * DAY_MS;
/** About four hours of the storm scenario (≈100 changes a minute, each with its action): tens of MB at most. */
const MAX_HISTORY_RECORDS = 50_000;

export class CloudWatchState {
  readonly timelines: AlarmTimelines;
  /** Set by the alarm evaluator: from then on states and history are recorded, before it derived. */
  evaluatorStartedAt: Date | undefined;
  private readonly active = new Map<string, AlarmEntry>();
  private readonly retired: AlarmEntry[] = [];
  private readonly statuses = new Map<string, AlarmStatus>();
  private readonly records: AlarmHistoryRecord[] = [];
  private sequence = 0;

  constructor(readonly sim: Simulation) {
    // The scenario's alarms were configured before the oldest data the fleet holds.
    const configuredAt = new Date(Math.floor(sim.base.now.getTime() / DAY_MS) * DAY_MS - HISTORY_DAYS * DAY_MS);
    for (const definition of sim.base.alarms()) {
      this.active.set(definition.alarmName, { definition, origin: 'scenario', configuredAt, since: undefined, definedFrom: undefined, until: undefined });
    }
    this.timelines = new AlarmTimelines(() => sim.fleet(), (nameOrArn) => this.alarmByNameOrArn(nameOrArn));
  }

  /** Current alarms, by name. */
  alarms(): AlarmEntry[] {
    return [...this.active.values()].sort((a, b) => (a.definition.alarmName < b.definition.alarmName ? -1 : 1));
  }

  alarm(name: string): AlarmEntry | undefined {
    return this.active.get(name);
  }

  alarmByNameOrArn(nameOrArn: string): AlarmEntry | undefined {
    return this.active.get(nameOrArn) ?? [...this.active.values()].find((entry) => entry.definition.alarmArn === nameOrArn);
  }

  /** Current and retired alarms: everything that has history. */
  everyAlarm(): AlarmEntry[] {
    return [...this.retired, ...this.active.values()];
  }

  /** Creates or replaces an alarm; a replaced alarm keeps its state, as PutMetricAlarm does. */
  putAlarm(definition: SimAlarmDefinition, at: Date): { created: boolean; previous: AlarmEntry | undefined } {
    const previous = this.active.get(definition.alarmName);
    if (previous) this.retired.push({ ...previous, until: at });
    this.active.set(definition.alarmName, {
      definition,
      origin: 'user',
      configuredAt: at,
      since: previous ? previous.since : at,
      definedFrom: at,
      until: undefined,
    });
    if (!previous) this.statuses.set(definition.alarmName, { value: 'INSUFFICIENT_DATA', reason: 'Unchecked: Initial alarm creation', updatedAt: at });
    return { created: !previous, previous };
  }

  deleteAlarm(name: string, at: Date): AlarmEntry | undefined {
    const entry = this.active.get(name);
    if (!entry) return undefined;
    this.active.delete(name);
    this.statuses.delete(name);
    this.retired.push({ ...entry, until: at });
    return entry;
  }

  /** Points the scenario alarms' actions at another topic (the evaluator's `topicArn`). */
  useScenarioTopic(topicArn: string): void {
    const swap = (actions: readonly string[]) => actions.map((arn) => (arn === ALARM_TOPIC_ARN ? topicArn : arn));
    for (const [name, entry] of this.active) {
      if (entry.origin !== 'scenario') continue;
      const { definition } = entry;
      const redirected = { ...definition, alarmActions: swap(definition.alarmActions), okActions: swap(definition.okActions), insufficientDataActions: swap(definition.insufficientDataActions) };
      this.active.set(name, { ...entry, definition: redirected });
    }
  }

  status(name: string): AlarmStatus | undefined {
    return this.statuses.get(name);
  }

  setStatus(name: string, status: AlarmStatus): void {
    this.statuses.set(name, status);
  }

  record(record: Omit<AlarmHistoryRecord, 'seq'>): void {
    this.records.push({ ...record, seq: ++this.sequence });
    // AWS keeps 30 days of alarm history; a long storm run must not grow without bound either.
    const oldest = record.timestamp.getTime() - HISTORY_RETENTION_MS;
    let drop = 0;
    while (drop < this.records.length && (this.records[drop]?.timestamp.getTime() ?? 0) < oldest) drop++;
    // Trimmed in batches, so a full history costs one splice per few thousand records.
    if (this.records.length - drop > MAX_HISTORY_RECORDS * 1.1) drop = this.records.length - MAX_HISTORY_RECORDS;
    if (drop > 0) this.records.splice(0, drop);
  }

  /** Recorded history, oldest first. */
  history(): readonly AlarmHistoryRecord[] {
    return this.records;
  }

  /** History before this instant is derived from the fleet; after it, recorded. */
  historyCutover(now: Date): Date {
    return this.evaluatorStartedAt ?? now;
  }
}

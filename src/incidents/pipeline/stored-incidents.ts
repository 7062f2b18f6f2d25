/**
 * Incidents in the store, as `Incident`s: the typed face of `IncidentRepository` for the
 * pipeline and for people's actions (buttons, `/mlobs ack 12`). Each save also keeps the
 * columns that queries need (state, reminder schedule, the next timer — a reminder or a
 * flapping settle, for the reminder job) in step with the incident.
 *
 * Inside a transaction: `const incidents = stored.in(trx)`, then read with `{ lock: true }`
 * and `save` — the row stays locked until commit (PostgreSQL), and `save` checks the version.
 */
import type { Kysely } from 'kysely';
import type { IncidentsConfig } from '../../config/config.js';
import { IncidentRepository, type IncidentRecord, type ReadOptions } from '../../store/incident-repository.js';
import type { Store } from '../../store/database.js';
import type { DatabaseSchema } from '../../store/schema.js';
import { episodeStart, type Incident } from '../incident.js';
import { flappingSettlesAt } from '../incident-flapping.js';
import { firingKeyPrefix } from '../incident-key.js';
import { nextReminderAt } from '../reminder-schedule.js';
import { incidentDocument, incidentFromDocument } from './incident-document.js';
import type { NumberedIncident } from './incident-threads.js';

export interface StoredIncident {
  id: number;
  version: number;
  /** Reminders sent since the incident last (re)opened. */
  remindersSent: number;
  nextReminderAt: Date | null;
  /** When the incident next needs a look with no alarm arriving: a reminder or a flapping settle. */
  nextCheckAt: Date | null;
  incident: NumberedIncident;
}

type ReminderPolicy = Pick<IncidentsConfig, 'reminderAfterMs' | 'reminderBackoff' | 'flapping'>;

export class StoredIncidents {
  constructor(
    readonly repository: IncidentRepository,
    private readonly policy: ReminderPolicy,
  ) {}

  static over(store: Pick<Store, 'db' | 'dialect'>, policy: ReminderPolicy): StoredIncidents {
    return new StoredIncidents(IncidentRepository.over(store), policy);
  }

  in(trx: Kysely<DatabaseSchema>): StoredIncidents {
    return new StoredIncidents(this.repository.in(trx), this.policy);
  }

  transaction<T>(work: (incidents: StoredIncidents, trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.repository.transaction((repository, trx) => work(new StoredIncidents(repository, this.policy), trx));
  }

  /** See `IncidentRepository.serialize`: call first when the incident may not exist yet. */
  serialize(name: string): Promise<void> {
    return this.repository.serialize(name);
  }

  async findOpen(key: string, options?: ReadOptions): Promise<StoredIncident | undefined> {
    return storedFrom(await this.repository.findOpen(key, options));
  }

  /** `group_by: none`: the newest open firing of this alarm. */
  async findOpenFiringOf(alarmArn: string, options?: ReadOptions): Promise<StoredIncident | undefined> {
    return storedFrom(await this.repository.findOpenByKeyPrefix(firingKeyPrefix(alarmArn), options));
  }

  async findLastResolved(key: string, options?: ReadOptions): Promise<StoredIncident | undefined> {
    return storedFrom(await this.repository.findLastResolved(key, options));
  }

  async findLastResolvedFiringOf(alarmArn: string, options?: ReadOptions): Promise<StoredIncident | undefined> {
    return storedFrom(await this.repository.findLastResolvedByKeyPrefix(firingKeyPrefix(alarmArn), options));
  }

  async findByNumber(number: number, options?: ReadOptions): Promise<StoredIncident | undefined> {
    return storedFrom(await this.repository.findByNumber(number, options));
  }

  /** Open and acknowledged incidents, newest first. */
  async listOpen(options?: { limit?: number }): Promise<StoredIncident[]> {
    return (await this.repository.listOpen(options)).map((record) => storedFrom(record)!);
  }

  /** Incidents whose next timer has come, earliest first; unlocked (see `IncidentRepository.listDue`). */
  async listDue(now: Date, options?: { limit?: number }): Promise<StoredIncident[]> {
    return (await this.repository.listDue(now, options)).map((record) => storedFrom(record)!);
  }

  /** The earliest pending timer of any incident, to sleep until then. */
  nextCheckAt(): Promise<Date | undefined> {
    return this.repository.nextCheckAt();
  }

  /** What `save` would store as `nextCheckAt` for `incident` with `remindersSent`. */
  nextCheckFor(incident: Incident, remindersSent: number): Date | null {
    return earliest(nextReminderAt(incident, this.policy, remindersSent), flappingSettlesAt(incident, this.policy)) ?? null;
  }

  /** Stores a new incident (throws `IncidentKeyTaken` when its key is already open). */
  async create(incident: Incident, now: Date): Promise<StoredIncident> {
    return storedFrom(await this.repository.create(this.fields(incident, now, 0)))!;
  }

  /**
   * Stores `incident` over `stored` (throws `IncidentVersionConflict` when it changed since it
   * was read). The reminder count restarts when the incident (re)opened since; pass
   * `remindersSent` when a reminder was just sent.
   */
  async save(stored: StoredIncident, incident: Incident, now: Date, options: { remindersSent?: number } = {}): Promise<StoredIncident> {
    const reopened = episodeStart(incident).getTime() !== episodeStart(stored.incident).getTime();
    const remindersSent = options.remindersSent ?? (reopened ? 0 : stored.remindersSent);
    const record = await this.repository.save({ id: stored.id, number: stored.incident.number, version: stored.version }, this.fields(incident, now, remindersSent));
    return storedFrom(record)!;
  }

  private fields(incident: Incident, now: Date, remindersSent: number) {
    return {
      key: incident.key,
      state: incident.state,
      channel: incident.channel,
      document: incidentDocument(incident),
      openedAt: incident.openedAt,
      resolvedAt: incident.state === 'resolved' ? (incident.resolved?.at ?? now) : null,
      updatedAt: now,
      nextReminderAt: nextReminderAt(incident, this.policy, remindersSent) ?? null,
      remindersSent,
      nextCheckAt: this.nextCheckFor(incident, remindersSent),
    };
  }
}

function storedFrom(record: IncidentRecord | undefined): StoredIncident | undefined {
  if (record === undefined) return undefined;
  return {
    id: record.id,
    version: record.version,
    remindersSent: record.remindersSent,
    nextReminderAt: record.nextReminderAt,
    nextCheckAt: record.nextCheckAt,
    incident: incidentFromDocument(record.document, record.number),
  };
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return a.getTime() <= b.getTime() ? a : b;
}

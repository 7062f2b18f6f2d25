/**
 * The incidents' timers: CloudWatch notifies only on state changes, so what must happen with no
 * alarm arriving happens here — a reminder in the thread of an incident still open and not
 * acknowledged (`reminder-schedule.ts`), and the end of flapping once an incident has been quiet
 * for a whole window (`settleFlapping`). Every save stores the incident's next timer in
 * `next_check_at`; each tick lists the due incidents and handles each in its own transaction:
 * read it locked, check it is still due, save (which moves the timer on), hand the replies to
 * `IncidentThreads` — all committing together.
 *
 * Several replicas: each may list the same incident, but only the first to lock it finds it due;
 * the next one reads the moved timer and does nothing. The replies' causes
 * (`reminder:<number>:<episodeStartMs>:<n>`) make even a duplicate enqueue post once.
 *
 * Resolution: the job sleeps until the earliest timer of any incident, but at most its tick
 * (`pollIntervalMs`), which bounds how late it sees a timer another replica (or a change after
 * the sleep began) set.
 */
import type { IncidentsConfig } from '../../config/config.js';
import { BackgroundLoop, sleepUnlessWoken } from '../../jobs/background-loop.js';
import type { Store } from '../../store/database.js';
import { IncidentVersionConflict } from '../../store/incident-repository.js';
import type { Logger } from '../../telemetry/logger.js';
import { episodeStart, isSilenced } from '../incident.js';
import type { Incident, IncidentEffect } from '../incident.js';
import { flappingSettlesAt, settleFlapping } from '../incident-flapping.js';
import { renderReminder } from '../incident-replies.js';
import { nextReminderAt } from '../reminder-schedule.js';
import type { IncidentThreads, StoreTransaction } from './incident-threads.js';
import { StoredIncidents, type StoredIncident } from './stored-incidents.js';

export type TimerPolicy = Pick<IncidentsConfig, 'reminderAfterMs' | 'reminderBackoff' | 'flapping'>;

export interface ReminderJobOptions {
  store: Store;
  threads: IncidentThreads;
  policy: TimerPolicy;
  log: Logger;
  clock?: () => Date;
  /** Due incidents handled per query (default 50). */
  batchSize?: number;
  /** Longest sleep between looks (default: a tenth of the shortest timer, between 1 s and 30 s). */
  pollIntervalMs?: number;
}

/** What one due incident came to. */
export type TimerOutcome =
  | { kind: 'acted'; number: number; reminded: boolean; settled: boolean }
  /** Another replica acted first, or the incident changed (acknowledged, resolved, silenced). */
  | { kind: 'not-due'; number: number; rescheduled: boolean }
  | { kind: 'failed'; number: number };

const MAX_TICK_MS = 30_000;
const MIN_TICK_MS = 1_000;
/** Never spin: a timer due "now" again right after a look waits at least this long. */
const MIN_SLEEP_MS = 200;
const IMMEDIATE_RETRIES = 3;
/** Reminders skipped after an outage, at most (the schedule itself stops at 1 000). */
const MAX_SKIPPED = 1_000;

export class ReminderJob {
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly incidents: StoredIncidents;
  private readonly loop: BackgroundLoop;
  private readonly tickMs: number;
  private stopRequested = false;

  constructor(private readonly options: ReminderJobOptions) {
    this.log = options.log.child({ component: 'reminder-job' });
    this.clock = options.clock ?? (() => new Date());
    this.incidents = StoredIncidents.over(options.store, options.policy);
    this.tickMs = options.pollIntervalMs ?? defaultTickMs(options.policy);
    this.loop = new BackgroundLoop('reminder job', this.log, (signal) => this.iteration(signal));
  }

  start(): void {
    this.stopRequested = false;
    this.loop.start();
  }

  /** Resolves once the incident in hand is done (its transaction committed or rolled back). */
  stop(): Promise<void> {
    this.stopRequested = true;
    return this.loop.stop();
  }

  /** A timer may have moved closer in this process: look again now. */
  wake(): void {
    this.loop.wake();
  }

  /** Handles the incidents due now, up to `limit`, earliest first (also for tests and one-shot tools). */
  async runDue(limit = this.options.batchSize ?? 50): Promise<TimerOutcome[]> {
    const due = await this.incidents.listDue(this.clock(), { limit });
    const outcomes: TimerOutcome[] = [];
    for (const each of due) {
      if (this.stopRequested) break;
      outcomes.push(await this.handle(each.incident.number));
    }
    return outcomes;
  }

  private async iteration(signal: AbortSignal): Promise<void> {
    const batchSize = this.options.batchSize ?? 50;
    let sleepMs = this.tickMs;
    try {
      const outcomes = await this.runDue(batchSize);
      const failed = outcomes.some((outcome) => outcome.kind === 'failed');
      // A full batch: more may be due. A failure waits a whole tick rather than retrying at once.
      if (outcomes.length >= batchSize && !failed) return;
      if (!failed) {
        const next = await this.incidents.nextCheckAt();
        if (next !== undefined) sleepMs = Math.min(this.tickMs, Math.max(MIN_SLEEP_MS, next.getTime() - this.clock().getTime()));
      }
    } catch (error) {
      this.log.error({ err: error }, 'listing due incidents failed; retrying');
    }
    if (this.loop.running) await sleepUnlessWoken(sleepMs, signal);
  }

  private async handle(number: number): Promise<TimerOutcome> {
    const log = this.log.child({ incident: number });
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.incidents.transaction(async (incidents, trx) => {
          const stored = await incidents.findByNumber(number, { lock: true });
          if (stored === undefined) return { kind: 'not-due', number, rescheduled: false } as const;
          return this.act(incidents, trx, stored, this.clock(), log);
        });
      } catch (error) {
        if (error instanceof IncidentVersionConflict && attempt < IMMEDIATE_RETRIES) {
          log.debug({ err: error, attempt }, 'incident changed concurrently; looking again');
          continue;
        }
        log.error({ err: error }, 'incident timer failed; retrying at the next tick');
        return { kind: 'failed', number };
      }
    }
  }

  /** Under the incident's lock: what is due now, from the incident itself rather than the listed row. */
  private async act(incidents: StoredIncidents, trx: StoreTransaction, stored: StoredIncident, now: Date, log: Logger): Promise<TimerOutcome> {
    const { policy } = this.options;
    const number = stored.incident.number;
    let incident: Incident = stored.incident;
    const changes: Array<{ effects: IncidentEffect[]; cause: string }> = [];

    const settlesAt = flappingSettlesAt(incident, policy);
    const settled = settleFlapping(incident, policy, now);
    if (settled !== undefined && settlesAt !== undefined) {
      incident = settled.incident;
      changes.push({ effects: settled.effects, cause: `flapping-settled:${number}:${settlesAt.getTime()}` });
    }

    let remindersSent = stored.remindersSent;
    const reminderAt = nextReminderAt(incident, policy, remindersSent);
    const reminderDue = reminderAt !== undefined && reminderAt.getTime() <= now.getTime();
    if (reminderDue && incident.state === 'open' && !isSilenced(incident, now)) {
      const cause = `reminder:${number}:${episodeStart(incident).getTime()}:${remindersSent}`;
      changes.push({ effects: [renderReminder(incident, now)], cause });
      remindersSent = remindersSentAfter(incident, policy, remindersSent, now);
    }

    if (changes.length === 0) {
      // Listed as due but nothing is: another replica acted first (the timer moved on), or the
      // policy changed since the timer was stored — then store the right one, or it stays due.
      const listedDue = stored.nextCheckAt !== null && stored.nextCheckAt.getTime() <= now.getTime();
      const rightTimer = incidents.nextCheckFor(incident, remindersSent);
      const rescheduled = listedDue && rightTimer?.getTime() !== stored.nextCheckAt?.getTime();
      if (rescheduled) await incidents.save(stored, incident, now);
      return { kind: 'not-due', number, rescheduled };
    }

    const saved = await incidents.save(stored, incident, now, { remindersSent });
    for (const change of changes) {
      await this.options.threads.apply(trx, { incident: saved.incident, effects: change.effects, cause: change.cause, now });
    }
    const reminded = remindersSent !== stored.remindersSent;
    log.info(
      { reminded, settled: settled !== undefined, remindersSent, nextCheckAt: saved.nextCheckAt?.toISOString() ?? null },
      reminded ? 'incident reminder sent' : 'incident stopped flapping',
    );
    return { kind: 'acted', number, reminded, settled: settled !== undefined };
  }
}

/** A tenth of the shortest timer the policy can set, between 1 s and 30 s. */
export function defaultTickMs(policy: TimerPolicy): number {
  const reminder = policy.reminderAfterMs > 0 ? policy.reminderAfterMs : Number.POSITIVE_INFINITY;
  const shortest = Math.min(reminder, policy.flapping.withinMs);
  return Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(shortest / 10)));
}

/**
 * The count to store after sending reminder number `sent`: normally `sent + 1`; after an
 * outage, past every reminder already overdue too, so people get one reminder, not a burst.
 */
export function remindersSentAfter(incident: Incident, policy: TimerPolicy, sent: number, now: Date): number {
  let next = sent + 1;
  while (next < sent + MAX_SKIPPED) {
    const at = nextReminderAt(incident, policy, next);
    if (at === undefined || at.getTime() > now.getTime()) break;
    next += 1;
  }
  return next;
}

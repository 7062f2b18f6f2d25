/**
 * Fetches the metric behind each newly firing alarm (`MetricPointsThreads` asks) and puts it on
 * the incident for the parent's sparkline and chart. Each tick takes every due follow-up at once
 * (up to `batchSize`, one replica per row by a lease), so an alarm storm costs a handful of
 * GetMetricData requests, not one per incident: single-metric alarms of one region share one
 * request (CloudWatch takes 500 queries per request; the adapter splits beyond), and at most
 * `maxConcurrentRequests` are in flight. A metric-math alarm gets a request of its own: an
 * expression CloudWatch refuses must not cost the other incidents their charts.
 *
 * The points are stored under the incident's lock with its version check, and the parent is
 * re-rendered (a coalescible update) in the same transaction. A failed fetch is retried twice
 * (30 s, 2 min) and then given up, logged: the parent simply stays without a chart.
 */
import { DueWorkJob, DueWorkLoop } from '../../jobs/due-work-loop.js';
import type { IncidentFollowup, IncidentFollowups } from '../../store/incident-followups.js';
import type { Logger } from '../../telemetry/logger.js';
import { compactPoints, LOOKBACK_BEFORE_BREACH_MS, withMetricPoints, type AlarmMetricQuery } from '../alarm-metric-points.js';
import { episodeStart } from '../incident.js';
import type { IncidentThreads } from './incident-threads.js';
import { METRIC_POINTS_KIND, type MetricPointsSubject } from './metric-points-threads.js';
import type { StoredIncidents } from './stored-incidents.js';

export interface SeriesPoints {
  timestamps: number[];
  values: number[];
}

/** One region's series for several alarms, by `key`, in as few requests as allowed; throws when AWS could not be asked. */
export type FetchAlarmSeries = (
  region: string,
  requests: ReadonlyArray<{ key: string; query: AlarmMetricQuery }>,
  window: { start: Date; end: Date },
) => Promise<Map<string, SeriesPoints>>;

export interface MetricPointsJobOptions {
  followups: IncidentFollowups;
  incidents: StoredIncidents;
  fetch: FetchAlarmSeries;
  /** Re-renders the parent (`update-parent`) inside the transaction that stored the points. */
  threads: IncidentThreads;
  log: Logger;
  clock?: () => Date;
  /** Longest sleep between looks (default 5 s); an opening in this process wakes it at once. */
  pollIntervalMs?: number;
  /** How long a claim holds a row (default 2 min). */
  leaseMs?: number;
  /** Waits before the 2nd and 3rd attempts (default 30 s, 2 min). */
  retryDelaysMs?: readonly number[];
  /** Follow-ups taken per tick (default 300: a whole storm's worth in one go). */
  batchSize?: number;
  /** GetMetricData requests in flight at once (default 2). */
  maxConcurrentRequests?: number;
}

const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000];

/** Follow-ups whose series come back in one `fetch`. */
interface FetchGroup {
  region: string;
  followups: IncidentFollowup[];
}

export class MetricPointsJob extends DueWorkJob {
  private readonly log: Logger;
  private readonly clock: () => Date;
  protected readonly loop: DueWorkLoop;

  constructor(private readonly options: MetricPointsJobOptions) {
    super();
    this.log = options.log.child({ component: 'metric-points-job' });
    this.clock = options.clock ?? (() => new Date());
    this.loop = new DueWorkLoop({
      name: 'metric points job',
      log: this.log,
      clock: this.clock,
      tickMs: options.pollIntervalMs ?? 5_000,
      runDue: () => this.runDue(),
      nextDueAt: () => options.followups.nextDueAt(METRIC_POINTS_KIND),
      failure: 'fetching metric points for incident parents failed; retrying',
    });
  }

  /** Does every follow-up due now, in batches; resolves when done. */
  async runDue(): Promise<void> {
    const { followups } = this.options;
    const batchSize = this.options.batchSize ?? 300;
    for (;;) {
      const due = await followups.listDue(this.clock().getTime(), batchSize, METRIC_POINTS_KIND);
      if (due.length === 0) return;
      const claimed: IncidentFollowup[] = [];
      for (const listed of due) {
        const followup = await followups.claim(listed, this.clock().getTime(), this.options.leaseMs ?? 120_000);
        if (followup !== undefined) claimed.push(followup);
      }
      await this.runBatch(claimed);
      if (due.length < batchSize) return;
    }
  }

  private async runBatch(claimed: IncidentFollowup[]): Promise<void> {
    const fetched = new Map<string, SeriesPoints | undefined>();
    const fetchedAt = new Map<string, number>();
    await inPool(fetchGroups(claimed), this.options.maxConcurrentRequests ?? 2, async (group) => {
      const subjects = group.followups.map((followup) => followup.subject as MetricPointsSubject);
      const window = {
        start: new Date(Math.min(...subjects.map((subject) => subject.breachAtMs)) - LOOKBACK_BEFORE_BREACH_MS),
        // A clock behind the alarm's own (simulated time, a skewed host) still gets the breach itself.
        end: new Date(Math.max(this.clock().getTime(), ...subjects.map((subject) => subject.breachAtMs + 60_000))),
      };
      let series: Map<string, SeriesPoints>;
      try {
        series = await this.options.fetch(group.region, group.followups.map((followup, i) => ({ key: followup.key, query: subjects[i]!.query })), window);
      } catch (error) {
        this.log.warn({ err: error, region: group.region, alarms: group.followups.length }, 'GetMetricData for incident charts failed');
        for (const followup of group.followups) await this.failed(followup, error);
        return;
      }
      for (const followup of group.followups) {
        fetched.set(followup.key, series.get(followup.key));
        fetchedAt.set(followup.key, window.end.getTime());
      }
    });
    const byIncident = new Map<number, IncidentFollowup[]>();
    for (const followup of claimed) {
      if (!fetched.has(followup.key)) continue;
      byIncident.set(followup.incidentNumber, [...(byIncident.get(followup.incidentNumber) ?? []), followup]);
    }
    for (const [number, followups] of byIncident) {
      try {
        await this.store(number, followups, fetched, fetchedAt);
      } catch (error) {
        this.log.warn({ err: error, incident: number }, 'storing metric points failed');
        for (const followup of followups) await this.failed(followup, error);
      }
    }
  }

  /** The fetched points onto the incident, its parent re-rendered, the follow-ups finished: one transaction. */
  private async store(number: number, followups: IncidentFollowup[], fetched: Map<string, SeriesPoints | undefined>, fetchedAt: Map<string, number>): Promise<void> {
    const now = this.clock();
    const outcome = await this.options.incidents.transaction(async (incidents, trx) => {
      const stored = await incidents.findByNumber(number, { lock: true });
      let incident = stored?.incident;
      const finished: Array<{ key: string; outcome: 'posted' | 'skipped'; detail?: string }> = [];
      for (const followup of followups) {
        const subject = followup.subject as MetricPointsSubject;
        const series = fetched.get(followup.key);
        if (incident === undefined) finished.push({ key: followup.key, outcome: 'skipped', detail: 'the incident is gone' });
        else if (episodeStart(incident).getTime() !== subject.episodeStartMs) finished.push({ key: followup.key, outcome: 'skipped', detail: 'the incident reopened since' });
        else if (series === undefined || series.values.length === 0) finished.push({ key: followup.key, outcome: 'skipped', detail: 'CloudWatch returned no datapoints' });
        else {
          const from = subject.breachAtMs - LOOKBACK_BEFORE_BREACH_MS;
          const inWindow = series.timestamps.map((at, i) => [at, series.values[i]!] as const).filter(([at]) => at >= from);
          const points = compactPoints(inWindow.map(([at]) => at), inWindow.map(([, value]) => value));
          incident = {
            ...incident,
            metricPoints: withMetricPoints(incident.metricPoints, { alarmArn: subject.alarmArn, breachAt: new Date(subject.breachAtMs), fetchedAt: new Date(fetchedAt.get(followup.key) ?? now.getTime()), ...points }),
          };
          finished.push({ key: followup.key, outcome: 'posted' });
        }
      }
      if (stored !== undefined && incident !== undefined && incident !== stored.incident) {
        const saved = await incidents.save(stored, incident, now);
        await this.options.threads.apply(trx, { incident: saved.incident, effects: [{ kind: 'update-parent' }], now });
      }
      for (const done of finished) await this.options.followups.finish(done.key, done.outcome, done.detail, now.getTime(), trx);
      return finished;
    });
    this.log.info({ incident: number, charted: outcome.filter((done) => done.outcome === 'posted').length, skipped: outcome.filter((done) => done.outcome === 'skipped').map((done) => done.detail) }, 'metric points stored on the incident');
  }

  private async failed(followup: IncidentFollowup, error: unknown): Promise<void> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const detail = error instanceof Error ? error.message : String(error);
    const now = this.clock().getTime();
    const delay = delays[followup.attempts - 1];
    const log = this.log.child({ followup: followup.key, incident: followup.incidentNumber });
    if (delay === undefined) {
      log.error({ err: error, attempts: followup.attempts }, 'metric points given up: the parent stays without a chart');
      await this.options.followups.finish(followup.key, 'failed', detail, now);
      return;
    }
    log.warn({ attempts: followup.attempts, retryInMs: delay }, 'metric points could not be fetched; retrying');
    await this.options.followups.retryAt(followup.key, now + delay, detail);
  }
}

/** Single-metric alarms grouped per region; each metric-math alarm alone. */
function fetchGroups(followups: readonly IncidentFollowup[]): FetchGroup[] {
  const groups: FetchGroup[] = [];
  const byRegion = new Map<string, FetchGroup>();
  for (const followup of followups) {
    const subject = followup.subject as MetricPointsSubject;
    if ('queries' in subject.query) {
      groups.push({ region: subject.region, followups: [followup] });
      continue;
    }
    let group = byRegion.get(subject.region);
    if (group === undefined) {
      group = { region: subject.region, followups: [] };
      byRegion.set(subject.region, group);
      groups.push(group);
    }
    group.followups.push(followup);
  }
  return groups;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * The incident pipeline's `IncidentThreads`, plus: for each alarm in ALARM of an open incident,
 * a follow-up that fetches its metric around the breach for the parent's sparkline and chart —
 * written in the same transaction as the change, once per alarm per episode (the key), so an
 * opening, a new alarm joining, and a reopen each ask once, and a storm of redeliveries asks
 * nothing more. The pipeline never waits for AWS: `MetricPointsJob` does the fetching.
 */
import type { IncidentFollowups } from '../../store/incident-followups.js';
import { metricPointsOf, metricQueryOf, type AlarmMetricQuery } from '../alarm-metric-points.js';
import { episodeStart } from '../incident.js';
import type { IncidentThreads, PlainNotice, StoreTransaction, ThreadChange } from './incident-threads.js';

export const METRIC_POINTS_KIND = 'metric-points';
/** Due at once whatever the replica's clock (see `cost-burn-threads.ts`). */
const DUE_AT_ONCE = 0;

/** What one follow-up fetches: one alarm's query, from an hour before `breachAtMs`. */
export interface MetricPointsSubject {
  alarmArn: string;
  region: string;
  episodeStartMs: number;
  breachAtMs: number;
  query: AlarmMetricQuery;
}

export function metricPointsKey(incidentNumber: number, episodeStartMs: number, alarmArn: string): string {
  return `incident:${incidentNumber}:metric:${episodeStartMs}:${alarmArn}`;
}

export class MetricPointsThreads implements IncidentThreads {
  constructor(
    private readonly inner: IncidentThreads,
    private readonly followups: Pick<IncidentFollowups, 'request'>,
    private readonly onRequested: () => void = () => undefined,
  ) {}

  async apply(trx: StoreTransaction, change: ThreadChange): Promise<void> {
    await this.inner.apply(trx, change);
    const { incident } = change;
    if (incident.state === 'resolved') return;
    const episodeStartMs = episodeStart(incident).getTime();
    let requested = false;
    for (const alarm of incident.alarms) {
      if (alarm.state !== 'ALARM') continue;
      // Already charted this episode: no need to even ask the table.
      const kept = metricPointsOf(incident, alarm.arn);
      if (kept !== undefined && kept.breachAt.getTime() >= episodeStartMs) continue;
      const query = metricQueryOf(alarm);
      if (query === undefined) continue;
      const subject: MetricPointsSubject = { alarmArn: alarm.arn, region: incident.region, episodeStartMs, breachAtMs: alarm.since.getTime(), query };
      const recorded = await this.followups.request(
        {
          key: metricPointsKey(incident.number, episodeStartMs, alarm.arn),
          kind: METRIC_POINTS_KIND,
          incidentNumber: incident.number,
          channel: incident.channel,
          subject,
          dueAt: DUE_AT_ONCE,
          now: change.now.getTime(),
        },
        trx,
      );
      requested ||= recorded;
    }
    if (requested) this.onRequested();
  }

  notice(trx: StoreTransaction, notice: PlainNotice): Promise<void> {
    return this.inner.notice(trx, notice);
  }
}

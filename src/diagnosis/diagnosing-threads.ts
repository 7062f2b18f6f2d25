/**
 * The incident pipeline's `IncidentThreads`, plus: when a change of an open incident says its
 * routing rule wants a diagnosis, a request for the incident's current episode is written in
 * the same transaction (idempotent per episode, so the opening and a reopen each ask once).
 */
import type { Config } from '../config/config.js';
import { episodeStart } from '../incidents/incident.js';
import type { IncidentThreads, PlainNotice, StoreTransaction, ThreadChange } from '../incidents/pipeline/incident-threads.js';
import type { IncidentDiagnoses } from '../store/incident-diagnoses.js';
import { subjectFor } from './diagnosis-subject.js';

export class DiagnosingThreads implements IncidentThreads {
  constructor(
    private readonly inner: IncidentThreads,
    private readonly requests: IncidentDiagnoses,
    private readonly config: Pick<Config, 'endpoints' | 'aws'>,
    private readonly onRequested: () => void = () => undefined,
  ) {}

  async apply(trx: StoreTransaction, change: ThreadChange): Promise<void> {
    await this.inner.apply(trx, change);
    const { incident } = change;
    if (change.diagnose !== true || incident.state !== 'open') return;
    const subject = subjectFor(incident, this.config);
    if (subject === undefined) return;
    const recorded = await this.requests.request(
      { incidentNumber: incident.number, episodeStartMs: episodeStart(incident).getTime(), subject, channel: incident.channel, requestedAt: change.now.getTime() },
      trx,
    );
    if (recorded) this.onRequested();
  }

  notice(trx: StoreTransaction, notice: PlainNotice): Promise<void> {
    return this.inner.notice(trx, notice);
  }
}

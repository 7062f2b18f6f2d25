/**
 * The incident pipeline's `IncidentThreads`, plus: when a change resolves an incident on a
 * SageMaker endpoint — all alarms OK or by hand — a cost burn follow-up is written in the same
 * transaction (`incident:<n>:cost:<resolvedAtMs>`: asked twice, done once), and the job that
 * does it is woken. The resolve itself never waits for AWS.
 *
 * A change without a thread reply asks for nothing: a resolve while flapping or silenced is kept
 * quiet, and the later parent-only updates of a resolved incident are not resolves.
 */
import { episodeStart } from '../incident.js';
import type { IncidentFollowups } from '../../store/incident-followups.js';
import type { IncidentThreads, PlainNotice, StoreTransaction, ThreadChange } from './incident-threads.js';

export const COST_BURN_KIND = 'cost-burn';
/**
 * Due at once, whatever the clock of the replica that runs it: the pipeline and the desk may not
 * share one (tests give the desk simulated time), and a row stamped by a clock running ahead
 * would wait for the other to catch up.
 */
const DUE_AT_ONCE = 0;

/** What the follow-up measures: the endpoint over the incident's last episode. */
export interface CostBurnSubject {
  endpoint: string;
  variant?: string;
  region: string;
  startMs: number;
  endMs: number;
}

export function costBurnKey(incidentNumber: number, resolvedAtMs: number): string {
  return `incident:${incidentNumber}:cost:${resolvedAtMs}`;
}

export class CostBurnThreads implements IncidentThreads {
  constructor(
    private readonly inner: IncidentThreads,
    private readonly followups: Pick<IncidentFollowups, 'request'>,
    private readonly onRequested: () => void = () => undefined,
  ) {}

  async apply(trx: StoreTransaction, change: ThreadChange): Promise<void> {
    await this.inner.apply(trx, change);
    const { incident } = change;
    if (incident.state !== 'resolved' || incident.resolved === undefined || incident.resource.kind !== 'sagemaker-endpoint') return;
    if (!change.effects.some((effect) => effect.kind === 'reply')) return;
    const resolvedAtMs = incident.resolved.at.getTime();
    const subject: CostBurnSubject = {
      endpoint: incident.resource.name,
      ...(incident.resource.variant === undefined ? {} : { variant: incident.resource.variant }),
      region: incident.region,
      startMs: episodeStart(incident).getTime(),
      endMs: resolvedAtMs,
    };
    const recorded = await this.followups.request(
      { key: costBurnKey(incident.number, resolvedAtMs), kind: COST_BURN_KIND, incidentNumber: incident.number, channel: incident.channel, subject, dueAt: DUE_AT_ONCE, now: change.now.getTime() },
      trx,
    );
    if (recorded) this.onRequested();
  }

  notice(trx: StoreTransaction, notice: PlainNotice): Promise<void> {
    return this.inner.notice(trx, notice);
  }
}

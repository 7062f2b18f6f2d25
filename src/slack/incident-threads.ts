/**
 * The incident pipeline's `IncidentThreads` port over the Slack outbox: every effect becomes an
 * outbox row written in the pipeline's transaction, so an incident change and its Slack writes
 * commit together, and the outbox paces, coalesces and retries them.
 *
 * - `open-thread` → the parent (`incident:<n>:parent`), rendered with `renderIncidentParent`
 *   (with the metric's sparklines, and its chart in `charts.mode: url`, once they are fetched);
 * - `update-parent` → `chat.update` of the parent, coalesced with pending ones by the outbox;
 * - `reply` → a thread reply: `replyMrkdwn` (the mention first, alarm data already escaped) as
 *   the message text, broadcast to the channel when the effect asks (reopens).
 */
import type { IncidentsConfig } from '../config/config.js';
import { replyMrkdwn } from '../incidents/incident-replies.js';
import { renderIncidentParent } from '../incidents/render-incident.js';
import type { ParentCharts } from '../incidents/render-metric-points.js';
import { incidentParentKey, type IncidentThreads, type NumberedIncident, type PlainNotice, type StoreTransaction, type ThreadChange } from '../incidents/pipeline/incident-threads.js';
import type { Outbox, OutboxMessage } from './outbox/outbox.js';
import { renderBlocks } from './render-blocks.js';

export interface OutboxIncidentThreadsOptions {
  outbox: Outbox;
  policy: Pick<IncidentsConfig, 'buttons' | 'flapping'>;
  /** Links to the alarm, metric and logs in the AWS console (default true). */
  consoleLinks?: boolean;
  /** `charts.mode` and QuickChart, for the chart of the metric around the breach (none without). */
  charts?: ParentCharts;
}

export class OutboxIncidentThreads implements IncidentThreads {
  constructor(private readonly options: OutboxIncidentThreadsOptions) {}

  async apply(trx: StoreTransaction, change: ThreadChange): Promise<void> {
    const { outbox } = this.options;
    const { incident, now, cause } = change;
    const parentKey = incidentParentKey(incident.number);
    const metadata = { incident: incident.number };
    let parent: OutboxMessage | undefined;
    const rendered = (): OutboxMessage => (parent ??= this.renderParent(incident, now));
    let replies = 0;
    for (const effect of change.effects) {
      switch (effect.kind) {
        case 'open-thread':
          await outbox.enqueuePost(parentKey, incident.channel, rendered(), { trx, metadata });
          break;
        case 'update-parent':
          await outbox.enqueueUpdate(parentKey, rendered(), { trx });
          break;
        case 'reply': {
          // A stable key per cause: the same change enqueued twice is one reply.
          const key = cause === undefined ? undefined : `${parentKey}:reply:${cause}:${replies}`;
          replies += 1;
          await outbox.enqueueReply(parentKey, incident.channel, { text: replyMrkdwn(effect) }, {
            trx,
            metadata,
            ...(key === undefined ? {} : { key }),
            ...(effect.broadcast === true ? { broadcast: true } : {}),
          });
          break;
        }
      }
    }
  }

  async notice(trx: StoreTransaction, notice: PlainNotice): Promise<void> {
    await this.options.outbox.enqueuePost(notice.key, notice.channel, { text: notice.text }, { trx });
  }

  private renderParent(incident: NumberedIncident, now: Date): OutboxMessage {
    const { policy, charts } = this.options;
    return renderBlocks(
      renderIncidentParent(incident, {
        buttons: policy.buttons,
        now,
        consoleLinks: this.options.consoleLinks ?? true,
        flappingWindowMs: policy.flapping.withinMs,
        ...(charts === undefined ? {} : { charts }),
      }),
      // Upload mode: never a chart URL in a message (the parent has none then; this holds it anyway).
      { charts: charts?.mode === 'upload' ? 'caption' : 'image' },
    );
  }
}

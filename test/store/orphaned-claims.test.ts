import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { releaseOrphanedClaims } from '../../src/store/orphaned-claims.js';
import { claimDeliveries } from '../../src/store/slack-outbox-claims.js';
import { outboxDb } from '../../src/store/slack-outbox.js';
import { SnsInbox } from '../../src/store/sns-inbox.js';
import { describeEachStore } from '../support/database.js';

const NOW = Date.UTC(2026, 10, 23, 14, 0, 0);

describeEachStore('claims left by a run that died', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(() => store.close());

  /** A dead run's state: one inbox message and one Slack post claimed, one message processed, one post sent. */
  async function deadRun(): Promise<void> {
    const inbox = new SnsInbox(store, { clock: () => new Date(NOW - 1_000), claimLeaseMs: 60_000 });
    const message = (id: string) => ({ messageId: id, kind: 'notification' as const, topicArn: 'arn:aws:sns:us-east-1:123456789012:ml-alarms', subject: null, message: '{}', snsTimestamp: new Date(NOW - 2_000) });
    await inbox.store(message('done'));
    const [done] = await inbox.claimUnprocessed(1);
    await inbox.markProcessed(done!.id);
    await inbox.store(message('claimed'));
    expect(await inbox.claimUnprocessed(10)).toHaveLength(1);

    const db = outboxDb(store.db);
    const row = { channel: '#ml-incidents', kind: 'post' as const, thread_key: null, gate: 'chat.postMessage #ml-incidents', payload_json: '{"text":"x"}', state: 'pending' as const, attempts: 0, maybe_sent: 0, not_before: NOW - 1_000, created_at: NOW - 1_000, sent_at: null, last_error: null, claimed_by: null, claimed_until: null };
    await db.insertInto('slack_outbox').values({ ...row, message_key: 'incident:1:parent' }).execute();
    const claimed = await claimDeliveries(db, store.dialect, { now: NOW - 1_000, worker: 'dead', leaseMs: 60_000, limit: 10, gateInterval: () => 0 });
    expect(claimed).toHaveLength(1);
    await db.insertInto('slack_outbox').values({ ...row, message_key: 'incident:2:parent', state: 'sent', sent_at: NOW - 500 }).execute();
  }

  it(target.name === 'sqlite' ? 'are taken back at start: the message is claimable and the post is taken over as possibly sent' : 'are left to their leases: another replica may hold them', async () => {
    await deadRun();

    const released = await releaseOrphanedClaims(store, NOW);

    const inbox = new SnsInbox(store, { clock: () => new Date(NOW) });
    const claimable = await inbox.claimUnprocessed(10);
    const takeover = await claimDeliveries(outboxDb(store.db), store.dialect, { now: NOW, worker: 'next', leaseMs: 60_000, limit: 10, gateInterval: () => 0 });
    if (target.name === 'sqlite') {
      expect(released).toEqual({ messages: 1, writes: 1 });
      expect(claimable.map((m) => m.messageId)).toEqual(['claimed']);
      expect(takeover.map((row) => [row.message_key, row.abandoned, row.maybe_sent])).toEqual([['incident:1:parent', true, 1]]);
    } else {
      expect(released).toEqual({ messages: 0, writes: 0 });
      expect(claimable).toEqual([]);
      expect(takeover).toEqual([]);
    }
  });
});

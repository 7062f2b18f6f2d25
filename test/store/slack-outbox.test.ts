import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { claimDeliveries, closeGateUntil, nextDueAt, type ClaimOptions } from '../../src/store/slack-outbox-claims.js';
import { markDead, pruneDelivered, recordPosted } from '../../src/store/slack-outbox-results.js';
import { enqueueSlackPost, enqueueSlackUpdate, outboxDb, type OutboxDb } from '../../src/store/slack-outbox.js';
import { describeEachStore } from '../support/database.js';

const T0 = Date.UTC(2026, 10, 23, 14, 0, 0);

describeEachStore('slack outbox store', (target) => {
  let store: Store;
  let db: OutboxDb;

  beforeEach(async () => {
    store = await target.open();
    db = outboxDb(store.db);
  });

  afterEach(() => store.close());

  const claim = (now: number, overrides: Partial<ClaimOptions> = {}) =>
    claimDeliveries(db, store.dialect, { now, worker: 'w1', leaseMs: 60_000, limit: 10, gateInterval: () => 1_000, ...overrides });
  const post = (key: string, channel = 'C1', now = T0) => enqueueSlackPost(db, { kind: 'post', key, channel, payload: { text: key }, now });
  const reply = (threadKey: string, key: string, now = T0) => enqueueSlackPost(db, { kind: 'reply', key, channel: 'C1', threadKey, payload: { text: key }, now });
  const rows = () => db.selectFrom('slack_outbox').select(['message_key', 'kind', 'state', 'payload_json']).orderBy('id').execute();

  it('keeps one live post per message key, even when two transactions enqueue it at once', async () => {
    const enqueue = (text: string) =>
      store.db.transaction().execute((trx) => enqueueSlackPost(outboxDb(trx), { kind: 'post', key: 'incident:1:parent', channel: 'C1', payload: { text }, now: T0 }));
    const outcomes = await Promise.all([enqueue('first'), enqueue('second')]);

    expect(outcomes.sort()).toEqual(['folded', 'queued']);
    expect((await rows()).map((r) => [r.kind, r.state])).toEqual([['post', 'pending']]);
  });

  it('claims at most one row per rate gate and closes the gate for the interval', async () => {
    for (const key of ['a1', 'a2', 'a3']) await post(key, 'C1');
    for (const key of ['b1', 'b2']) await post(key, 'C2');

    expect((await claim(T0)).map((r) => r.message_key)).toEqual(['a1', 'b1']);
    expect(await claim(T0 + 999)).toEqual([]);
    expect(await nextDueAt(db, T0)).toBe(T0 + 1_000);
    expect((await claim(T0 + 1_000)).map((r) => r.message_key)).toEqual(['a2', 'b2']);
  });

  it('never gives the same row to two concurrent claims', async () => {
    for (let n = 0; n < 6; n += 1) await post(`p${n}`, `C${n}`);
    const [first, second] = await Promise.all([claim(T0, { worker: 'w1' }), claim(T0, { worker: 'w2' })]);

    const ids = [...first!, ...second!].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(6);
  });

  it('keeps a closed gate closed until its Retry-After runs out', async () => {
    await post('a1', 'C1');
    await closeGateUntil(db, 'chat.postMessage C1', T0 + 30_000);
    await closeGateUntil(db, 'chat.postMessage C1', T0 + 5_000);

    expect(await claim(T0 + 29_999)).toEqual([]);
    expect((await claim(T0 + 30_000)).map((r) => r.message_key)).toEqual(['a1']);
  });

  it('takes over a claim whose lease ran out, marking the post as maybe sent', async () => {
    await post('a1');
    await claim(T0, { worker: 'crashed' });

    expect(await claim(T0 + 30_000, { worker: 'w2' })).toEqual([]);
    const [takenOver] = await claim(T0 + 60_001, { worker: 'w2' });
    expect(takenOver).toMatchObject({ message_key: 'a1', abandoned: true, maybe_sent: 1 });
  });

  it('holds replies until the parent has a ts, then releases them one at a time in order', async () => {
    await post('parent');
    await reply('parent', 'r1');
    await reply('parent', 'r2');

    const [parent] = await claim(T0, { gateInterval: () => 0 });
    expect(parent?.message_key).toBe('parent');
    expect(await claim(T0 + 1, { gateInterval: () => 0 })).toEqual([]);
    await recordPosted(db, parent!, { channel: 'C1', ts: '1.000001', threadTs: null, at: T0 });

    const [first] = await claim(T0 + 2, { gateInterval: () => 0 });
    expect(first?.message_key).toBe('r1');
    expect(await claim(T0 + 3, { gateInterval: () => 0 })).toEqual([]);
    await recordPosted(db, first!, { channel: 'C1', ts: '1.000002', threadTs: '1.000001', at: T0 });
    expect((await claim(T0 + 4, { gateInterval: () => 0 })).map((r) => r.message_key)).toEqual(['r2']);
  });

  it('records a post as sent together with its ts', async () => {
    await post('a1');
    const [row] = await claim(T0);
    expect(await recordPosted(db, row!, { channel: 'C1', ts: '1.000001', threadTs: null, at: T0 + 5 })).toBe(true);
    expect(await recordPosted(db, row!, { channel: 'C1', ts: '1.000009', threadTs: null, at: T0 + 6 })).toBe(false);

    expect(await db.selectFrom('slack_messages').selectAll().execute()).toEqual([
      { message_key: 'a1', channel: 'C1', ts: '1.000001', thread_ts: null, posted_at: T0 + 5, updated_at: null },
    ]);
    expect((await rows()).map((r) => r.state)).toEqual(['sent']);
  });

  it('coalesces pending updates of a posted message into one row holding the latest content', async () => {
    await post('a1');
    const [row] = await claim(T0);
    await recordPosted(db, row!, { channel: 'C1', ts: '1.000001', threadTs: null, at: T0 });

    expect(await enqueueSlackUpdate(db, 'a1', { text: 'v2' }, T0)).toBe('queued');
    expect(await enqueueSlackUpdate(db, 'a1', { text: 'v3' }, T0)).toBe('coalesced');
    expect((await rows()).filter((r) => r.kind === 'update').map((r) => JSON.parse(r.payload_json).text)).toEqual(['v3']);
    await expect(enqueueSlackUpdate(db, 'unknown', { text: 'x' }, T0)).rejects.toThrow('no Slack message "unknown" to update');
  });

  it('drops a write that carries the content its message already has or is about to get', async () => {
    await post('a1');
    await reply('a1', 'a1:reply:sns-1');
    expect(await post('a1')).toBe('unchanged');
    expect(await reply('a1', 'a1:reply:sns-1')).toBe('unchanged');
    const [row] = await claim(T0);
    await recordPosted(db, row!, { channel: 'C1', ts: '1.000001', threadTs: null, at: T0 });

    expect(await enqueueSlackUpdate(db, 'a1', { text: 'a1' }, T0)).toBe('unchanged');
    expect((await rows()).map((r) => r.kind)).toEqual(['post', 'reply']);
  });

  it('kills the updates and replies that depend on a dead post, and re-posts on a later update', async () => {
    await post('parent');
    await reply('parent', 'r1');
    const [row] = await claim(T0);
    expect(await enqueueSlackUpdate(db, 'parent', { text: 'while sending' }, T0)).toBe('queued');

    const orphans = await markDead(db, row!, 'channel_not_found', 1);
    expect(orphans.map((o) => o.message_key).sort()).toEqual(['parent', 'r1']);
    expect(await reply('parent', 'r2')).toBe('dead');

    expect(await enqueueSlackUpdate(db, 'parent', { text: 'latest' }, T0 + 10)).toBe('queued');
    const live = (await rows()).filter((r) => r.state === 'pending');
    expect(live.map((r) => [r.message_key, r.kind, JSON.parse(r.payload_json).text])).toEqual([['parent', 'post', 'latest']]);
  });

  it('prunes delivered rows but keeps the ts of every message', async () => {
    await post('a1');
    const [row] = await claim(T0);
    await recordPosted(db, row!, { channel: 'C1', ts: '1.000001', threadTs: null, at: T0 });

    expect(await pruneDelivered(db, T0 + 1)).toBe(1);
    expect(await rows()).toEqual([]);
    expect(await enqueueSlackPost(db, { kind: 'post', key: 'a1', channel: 'C1', payload: { text: 'again' }, now: T0 + 2 })).toBe('queued');
    expect((await rows()).map((r) => r.kind)).toEqual(['update']);
  });
});

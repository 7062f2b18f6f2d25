import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { NamedDigestSchedule } from '../../src/config/config.js';
import { DigestJob, type DigestJobOptions } from '../../src/jobs/digest-job.js';
import { DigestPoster } from '../../src/jobs/digest-poster.js';
import type { Reply } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { Outbox } from '../../src/slack/outbox/outbox.js';
import { openStore, type Store } from '../../src/store/database.js';
import { DigestRuns } from '../../src/store/digest-runs.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { describeEachStore, type FreshDatabase } from '../support/database.js';

const DAILY: NamedDigestSchedule = { name: 'daily', schedule: '0 9 * * *', timeZone: 'Europe/Berlin', channel: '#ml-costs', monthlyBudgetUsd: undefined };
const log = createLogger({ level: 'silent' });

/** A clock the test moves by hand. */
function fakeClock(start: string) {
  let now = new Date(start);
  return { now: () => now, set: (iso: string) => void (now = new Date(iso)) };
}

/** The digest posts waiting in the outbox, as the sender would find them. */
async function digestPosts(store: Store): Promise<Array<{ key: string; channel: string; text: string }>> {
  const rows = await store.db.selectFrom('slack_outbox').select(['message_key', 'channel', 'payload_json']).where('message_key', 'like', 'digest:%').orderBy('id').execute();
  return rows.map((row) => ({ key: row.message_key, channel: row.channel, text: (JSON.parse(row.payload_json) as { text: string }).text }));
}

async function sequentially<T>(calls: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  for (const call of calls) results.push(await call());
  return results;
}

function replica(store: Store, clock: () => Date, options: Partial<DigestJobOptions> = {}) {
  const composed: Date[] = [];
  const job = new DigestJob({
    digests: [DAILY],
    poster: new DigestPoster({ store, outbox: new Outbox(store), render: renderBlocks }),
    compose: async (digest, now): Promise<Reply> => {
      composed.push(now);
      return { heading: `Cost digest ${digest.name} as of ${now.toISOString()}`, parts: [], visibility: 'channel' };
    },
    log,
    clock,
    ...options,
  });
  return { job, composed };
}

describeEachStore('digest job', (target) => {
  let database: FreshDatabase;
  const stores: Store[] = [];
  const open = async () => {
    const store = await openStore(database.url);
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    database = target.freshDatabase();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await database.dispose();
  });

  it('posts once at the slot: nothing for the slot before its first start, one post at 09:00 Berlin, nothing more that day', async () => {
    const store = await open();
    const clock = fakeClock('2026-11-23T07:30:00Z');
    const { job, composed } = replica(store, clock.now);

    expect(await job.runDue()).toEqual([{ kind: 'first-run', digest: 'daily', slot: new Date('2026-11-22T08:00:00Z') }]);
    clock.set('2026-11-23T07:59:59Z');
    expect((await job.runDue())[0]?.kind).toBe('taken');
    clock.set('2026-11-23T08:00:00Z');
    expect(await job.runDue()).toEqual([{ kind: 'posted', digest: 'daily', slot: new Date('2026-11-23T08:00:00Z') }]);
    clock.set('2026-11-23T08:01:00Z');
    expect((await job.runDue())[0]?.kind).toBe('taken');

    expect(composed).toEqual([new Date('2026-11-23T08:00:00Z')]);
    expect(await digestPosts(store)).toEqual([{ key: 'digest:daily:2026-11-23T08:00:00.000Z', channel: '#ml-costs', text: expect.stringContaining('Cost digest daily') }]);
    expect(await new DigestRuns(store).slot('daily', new Date('2026-11-23T08:00:00Z'))).toMatchObject({ state: 'posted', postedAt: new Date('2026-11-23T08:00:00Z') });
  });

  it('two replicas at the slot on one database: one post', async () => {
    const [first, second] = [await open(), await open()];
    const clock = fakeClock('2026-11-23T07:00:00Z');
    const a = replica(first, clock.now);
    const b = replica(second, clock.now);
    await a.job.runDue();
    clock.set('2026-11-23T08:00:00Z');

    // Two SQLite connections in one process cannot wait for each other (better-sqlite3 blocks the
    // event loop while busy), so there the replicas take turns; PostgreSQL races them for real.
    const looks = [a, b, a, b].map(({ job }) => () => job.runDue());
    const outcomes = (target.name === 'postgres' ? await Promise.all(looks.map((look) => look())) : await sequentially(looks)).flat();

    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'taken')).toHaveLength(3);
    expect(a.composed.length + b.composed.length).toBe(1);
    expect(await digestPosts(first)).toHaveLength(1);
  });

  it('a bot down over the slot posts that digest once when it starts again', async () => {
    const store = await open();
    const clock = fakeClock('2026-11-22T08:00:00Z');
    const before = replica(store, clock.now);
    await before.job.runDue();
    // It ran yesterday, then was down from 20:00 until 10:30 today.
    clock.set('2026-11-23T09:30:00Z');
    const after = replica(store, clock.now, { pollIntervalMs: 60_000 });
    after.job.start();
    try {
      await vi.waitFor(async () => expect(await digestPosts(store)).toHaveLength(1));
    } finally {
      await after.job.stop();
    }
    expect((await after.job.runDue())[0]?.kind).toBe('taken');
    expect((await digestPosts(store)).map((post) => post.key)).toEqual(['digest:daily:2026-11-23T08:00:00.000Z']);
    expect(after.composed).toEqual([new Date('2026-11-23T09:30:00Z')]);
  });

  it('two missed days: only the latest is posted', async () => {
    const store = await open();
    const clock = fakeClock('2026-11-20T08:00:00Z');
    const { job } = replica(store, clock.now);
    await job.runDue();
    clock.set('2026-11-23T11:00:00Z');
    await job.runDue();
    await job.runDue();
    expect((await digestPosts(store)).map((post) => post.key)).toEqual(['digest:daily:2026-11-23T08:00:00.000Z']);
    expect(await new DigestRuns(store).slot('daily', new Date('2026-11-22T08:00:00Z'))).toBeUndefined();
  });

  it('a slot older than the catch-up window is not posted late', async () => {
    const store = await open();
    const clock = fakeClock('2026-11-20T08:00:00Z');
    const { job } = replica(store, clock.now, { catchUpMs: 60 * 60_000 });
    await job.runDue();
    clock.set('2026-11-23T10:00:00Z');
    expect(await job.runDue()).toEqual([{ kind: 'none', digest: 'daily' }]);
    expect(await digestPosts(store)).toEqual([]);
  });

  it('a replica that died after claiming is taken over once its lease runs out', async () => {
    const store = await open();
    const runs = new DigestRuns(store);
    const clock = fakeClock('2026-11-22T08:00:00Z');
    const { job } = replica(store, clock.now, { leaseMs: 5 * 60_000 });
    await job.runDue();
    // The dead replica's claim at 08:00, never posted.
    await runs.claimSlot('daily', new Date('2026-11-23T08:00:00Z'), '#ml-costs', new Date('2026-11-23T08:00:00Z'), 5 * 60_000);

    clock.set('2026-11-23T08:04:00Z');
    expect((await job.runDue())[0]?.kind).toBe('taken');
    clock.set('2026-11-23T08:06:00Z');
    expect((await job.runDue())[0]?.kind).toBe('posted');
    expect(await digestPosts(store)).toHaveLength(1);
  });

  it('a digest that fails to build is retried later, and posted once', async () => {
    const store = await open();
    const clock = fakeClock('2026-11-22T08:00:00Z');
    let fail = true;
    const job = new DigestJob({
      digests: [DAILY],
      poster: new DigestPoster({ store, outbox: new Outbox(store), render: renderBlocks }),
      compose: async () => {
        if (fail) throw new Error('Cost Explorer timed out');
        return { heading: 'Cost digest', parts: [], visibility: 'channel' };
      },
      log,
      clock: clock.now,
      retryAfterMs: 5 * 60_000,
    });
    await job.runDue();
    clock.set('2026-11-23T08:00:00Z');
    expect((await job.runDue())[0]?.kind).toBe('failed');
    fail = false;
    clock.set('2026-11-23T08:01:00Z');
    expect((await job.runDue())[0]?.kind).toBe('taken');
    clock.set('2026-11-23T08:05:01Z');
    expect((await job.runDue())[0]?.kind).toBe('posted');
    expect(await digestPosts(store)).toHaveLength(1);
  });

  it('with no digest (disabled in config) the job does not start', async () => {
    const store = await open();
    const { job } = replica(store, () => new Date(), { digests: [] });
    job.start();
    await job.stop();
    expect(await store.db.selectFrom('digest_runs').selectAll().execute()).toEqual([]);
  });
});

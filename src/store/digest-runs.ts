import { randomUUID } from 'node:crypto';
import type { Generated } from 'kysely';
import type { Store } from './database.js';
import type { EpochMs } from './schema.js';

export type DigestRunKind = 'scheduled' | 'manual';
/** `skipped`: a slot before the digest's first run, recorded so a first start posts no "missed" digest. */
export type DigestRunState = 'claimed' | 'posted' | 'skipped';

export interface DigestRunsTable {
  id: Generated<number>;
  digest: string;
  kind: DigestRunKind;
  slot_at: EpochMs;
  channel: string;
  state: DigestRunState;
  claim_token: string | null;
  lease_until: EpochMs | null;
  requested_by: string | null;
  created_at: EpochMs;
  posted_at: EpochMs | null;
}

/** The right to post one run: held by one replica until `leaseUntil`. */
export interface DigestClaim {
  id: number;
  token: string;
}

export interface DigestRunRow {
  digest: string;
  kind: DigestRunKind;
  slotAt: Date;
  channel: string;
  state: DigestRunState;
  requestedBy: string | undefined;
  createdAt: Date;
  postedAt: Date | undefined;
}

export type ManualClaim = { kind: 'claimed'; claim: DigestClaim } | { kind: 'too-soon'; last: DigestRunRow };

/**
 * The record of digest runs every replica shares. A scheduled slot is posted by whoever inserts
 * its row first; a claim whose lease ran out (its replica died between claim and post) may be
 * taken over. `complete` is meant to run in the transaction that enqueues the Slack post, so a
 * run is marked posted exactly when its post is durable.
 */
export class DigestRuns {
  constructor(private readonly store: Pick<Store, 'db'>) {}

  /** Claims a scheduled slot: a fresh one, or one whose claimer's lease has run out. */
  async claimSlot(digest: string, slot: Date, channel: string, now: Date, leaseMs: number): Promise<DigestClaim | undefined> {
    const token = randomUUID();
    const leaseUntil = now.getTime() + leaseMs;
    const inserted = await this.store.db
      .insertInto('digest_runs')
      .values({ digest, kind: 'scheduled', slot_at: slot.getTime(), channel, state: 'claimed', claim_token: token, lease_until: leaseUntil, requested_by: null, created_at: now.getTime(), posted_at: null })
      .onConflict((conflict) => conflict.columns(['digest', 'kind', 'slot_at']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { id: Number(inserted.id), token };
    const taken = await this.store.db
      .updateTable('digest_runs')
      .set({ claim_token: token, lease_until: leaseUntil })
      .where('digest', '=', digest)
      .where('kind', '=', 'scheduled')
      .where('slot_at', '=', slot.getTime())
      .where('state', '=', 'claimed')
      .where('lease_until', '<', now.getTime())
      .returning('id')
      .executeTakeFirst();
    return taken && { id: Number(taken.id), token };
  }

  /** Marks the claimed run posted; false when the claim was lost (another replica took it over). */
  async complete(claim: DigestClaim, now: Date): Promise<boolean> {
    const result = await this.store.db
      .updateTable('digest_runs')
      .set({ state: 'posted', posted_at: now.getTime(), lease_until: null })
      .where('id', '=', claim.id)
      .where('claim_token', '=', claim.token)
      .where('state', '=', 'claimed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives a claim back early (building the digest failed): anyone may retry it from `retryAt`. */
  async release(claim: DigestClaim, retryAt: Date): Promise<void> {
    await this.store.db
      .updateTable('digest_runs')
      .set({ lease_until: retryAt.getTime() })
      .where('id', '=', claim.id)
      .where('claim_token', '=', claim.token)
      .where('state', '=', 'claimed')
      .execute();
  }

  /** Whether this digest has any scheduled row at all: without one, it has never run here. */
  async hasHistory(digest: string): Promise<boolean> {
    const row = await this.store.db.selectFrom('digest_runs').select('id').where('digest', '=', digest).where('kind', '=', 'scheduled').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Records a slot as not to be posted (the one before a digest's first run). */
  async skipSlot(digest: string, slot: Date, channel: string, now: Date): Promise<void> {
    await this.store.db
      .insertInto('digest_runs')
      .values({ digest, kind: 'scheduled', slot_at: slot.getTime(), channel, state: 'skipped', claim_token: null, lease_until: null, requested_by: null, created_at: now.getTime(), posted_at: null })
      .onConflict((conflict) => conflict.columns(['digest', 'kind', 'slot_at']).doNothing())
      .execute();
  }

  async slot(digest: string, slot: Date): Promise<DigestRunRow | undefined> {
    const row = await this.store.db
      .selectFrom('digest_runs')
      .selectAll()
      .where('digest', '=', digest)
      .where('kind', '=', 'scheduled')
      .where('slot_at', '=', slot.getTime())
      .executeTakeFirst();
    return row && runRow(row);
  }

  /** The latest manual post in `channel` within `withinMs` of now, if any. */
  async lastManualPost(channel: string, now: Date, withinMs: number): Promise<DigestRunRow | undefined> {
    const row = await this.store.db
      .selectFrom('digest_runs')
      .selectAll()
      .where('channel', '=', channel)
      .where('kind', '=', 'manual')
      .where('created_at', '>', now.getTime() - withinMs)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && runRow(row);
  }

  /**
   * Claims a manual post in `channel` unless one was made within `minIntervalMs`. The row is
   * keyed by the interval the request falls in, so two requests at once claim once.
   */
  async claimManual(digest: string, channel: string, requestedBy: string, now: Date, minIntervalMs: number): Promise<ManualClaim> {
    const last = await this.lastManualPost(channel, now, minIntervalMs);
    if (last) return { kind: 'too-soon', last };
    const token = randomUUID();
    const bucket = Math.floor(now.getTime() / minIntervalMs) * minIntervalMs;
    const inserted = await this.store.db
      .insertInto('digest_runs')
      .values({ digest, kind: 'manual', slot_at: bucket, channel, state: 'claimed', claim_token: token, lease_until: null, requested_by: requestedBy, created_at: now.getTime(), posted_at: null })
      .onConflict((conflict) => conflict.columns(['digest', 'kind', 'slot_at']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { kind: 'claimed', claim: { id: Number(inserted.id), token } };
    // Another request won the same interval a moment ago.
    const winner = await this.store.db
      .selectFrom('digest_runs')
      .selectAll()
      .where('digest', '=', digest)
      .where('kind', '=', 'manual')
      .where('slot_at', '=', bucket)
      .executeTakeFirstOrThrow();
    return { kind: 'too-soon', last: runRow(winner) };
  }

  /** Drops a manual claim whose post could not be made, so the person can try again at once. */
  async forget(claim: DigestClaim): Promise<void> {
    await this.store.db.deleteFrom('digest_runs').where('id', '=', claim.id).where('claim_token', '=', claim.token).where('state', '=', 'claimed').execute();
  }
}

function runRow(row: { digest: string; kind: DigestRunKind; slot_at: number; channel: string; state: DigestRunState; requested_by: string | null; created_at: number; posted_at: number | null }): DigestRunRow {
  return {
    digest: row.digest,
    kind: row.kind,
    slotAt: new Date(row.slot_at),
    channel: row.channel,
    state: row.state,
    requestedBy: row.requested_by ?? undefined,
    createdAt: new Date(row.created_at),
    postedAt: row.posted_at === null ? undefined : new Date(row.posted_at),
  };
}

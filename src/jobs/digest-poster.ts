import type { Kysely } from 'kysely';
import type { DigestPostOutcome, DigestPosts } from '../command/ports.js';
import type { NamedDigestSchedule } from '../config/config.js';
import type { Reply } from '../reply/reply.js';
import type { Store } from '../store/database.js';
import { DigestRuns, type DigestClaim } from '../store/digest-runs.js';
import type { DatabaseSchema } from '../store/schema.js';

/** The Slack outbox as the digest needs it (`Outbox` fits): a post, in the caller's transaction. */
export interface DigestOutbox {
  enqueuePost(key: string, channel: string, message: DigestMessage, options: { trx: Kysely<DatabaseSchema> }): Promise<unknown>;
}

/** A rendered message (`renderBlocks` output fits). */
export interface DigestMessage {
  text: string;
  blocks?: readonly unknown[];
}

export interface DigestPosterOptions {
  store: Store;
  outbox: DigestOutbox;
  /** Reply → Slack message; wired to `renderBlocks`. */
  render(reply: Reply): DigestMessage;
  /** `digest --now` in one channel at most this often (default 10 minutes). */
  manualIntervalMs?: number;
}

export const MANUAL_POST_INTERVAL_MS = 10 * 60_000;

/**
 * Puts a digest into the Slack outbox together with the record of its run, in one transaction:
 * a run is marked posted exactly when its post is durable, and the outbox key
 * (`digest:<name>:<slot ISO>`) makes even a repeated enqueue one message.
 */
export class DigestPoster implements DigestPosts {
  readonly runs: DigestRuns;
  private readonly manualIntervalMs: number;

  constructor(private readonly options: DigestPosterOptions) {
    this.runs = new DigestRuns(options.store);
    this.manualIntervalMs = options.manualIntervalMs ?? MANUAL_POST_INTERVAL_MS;
  }

  /** Posts a claimed scheduled slot; false when the claim was lost to another replica meanwhile (nothing posted). */
  postSlot(digest: NamedDigestSchedule, slot: Date, claim: DigestClaim, reply: Reply, now: Date): Promise<boolean> {
    return this.post(claim, slotKey(digest.name, slot), digest.channel, reply, now);
  }

  async postNow(digest: NamedDigestSchedule, reply: Reply, requestedBy: string, now: Date): Promise<DigestPostOutcome> {
    const claimed = await this.runs.claimManual(digest.name, digest.channel, requestedBy, now, this.manualIntervalMs);
    if (claimed.kind === 'too-soon') {
      const { last } = claimed;
      return { kind: 'too-soon', channel: digest.channel, lastAt: last.createdAt, lastBy: last.requestedBy, nextAt: new Date(last.createdAt.getTime() + this.manualIntervalMs) };
    }
    try {
      await this.post(claimed.claim, `digest:${digest.name}:now:${now.toISOString()}`, digest.channel, reply, now);
    } catch (error) {
      // Nothing was posted: the person may try again at once rather than wait out the rate limit.
      await this.runs.forget(claimed.claim).catch(() => undefined);
      throw error;
    }
    return { kind: 'posted', channel: digest.channel };
  }

  private async post(claim: DigestClaim, key: string, channel: string, reply: Reply, now: Date): Promise<boolean> {
    const message = this.options.render(reply);
    return this.options.store.db.transaction().execute(async (trx) => {
      if (!(await new DigestRuns({ db: trx }).complete(claim, now))) return false;
      await this.options.outbox.enqueuePost(key, channel, message, { trx });
      return true;
    });
  }
}

/** The outbox key of a scheduled digest: the same on every replica, so it posts once. */
export function slotKey(digestName: string, slot: Date): string {
  return `digest:${digestName}:${slot.toISOString()}`;
}

/**
 * The scheduled digests. Each tick, for each configured digest: the latest slot its cron
 * schedule names (in its time zone, `digest-slots.ts`); if that slot is at most `catchUpMs` old
 * and has no row yet in `digest_runs`, this replica inserts one (the unique key lets one replica
 * win), builds the digest and, in one transaction, marks the row posted and enqueues the Slack
 * post. So:
 *
 * - several replicas post each slot once (the insert decides; PostgreSQL and SQLite alike);
 * - a replica that dies between its claim and the post leaves a `claimed` row whose lease runs
 *   out, and the next replica to tick (or itself, restarted) takes it over;
 * - a bot that was down at 09:00 posts that digest when it comes back — the latest slot only,
 *   so three missed days are one digest, not three;
 * - a digest that has never run here posts nothing for the slot before its first start: it
 *   records that slot as `skipped` (a fresh install does not open with a "missed" digest).
 *
 * The loop sleeps until the next slot of any digest, at most `pollIntervalMs`, so a clock change
 * or another replica's work is noticed within that time.
 */
import type { NamedDigestSchedule } from '../config/config.js';
import type { Reply } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import { BackgroundLoop, sleepUnlessWoken } from './background-loop.js';
import type { DigestPoster } from './digest-poster.js';
import { dueSlot, latestSlot, nextSlot } from './digest-slots.js';

export interface DigestJobOptions {
  /** The enabled digests (`configuredDigests(config.digest)`); none: the job is not started. */
  digests: readonly NamedDigestSchedule[];
  poster: DigestPoster;
  /** Builds one digest's reply as of `now`. */
  compose(digest: NamedDigestSchedule, now: Date): Promise<Reply>;
  log: Logger;
  clock?: () => Date;
  /** Longest sleep between looks (default 60 s). */
  pollIntervalMs?: number;
  /** A slot older than this is not posted late (default 24 h: yesterday's digest, never older). */
  catchUpMs?: number;
  /** How long a claim is held before another replica may take it over (default 5 min). */
  leaseMs?: number;
  /** After a failure to build or enqueue, the slot is retried this much later (default 5 min). */
  retryAfterMs?: number;
}

export type DigestRunOutcome =
  | { kind: 'posted'; digest: string; slot: Date }
  /** Another replica posted it, holds it, or it was skipped as before the first run. */
  | { kind: 'taken'; digest: string; slot: Date }
  | { kind: 'first-run'; digest: string; slot: Date }
  /** No slot within the catch-up window. */
  | { kind: 'none'; digest: string }
  | { kind: 'failed'; digest: string; slot: Date };

const DEFAULT_POLL_MS = 60_000;
const DEFAULT_CATCH_UP_MS = 24 * 3_600_000;
const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_RETRY_MS = 5 * 60_000;
const MIN_SLEEP_MS = 200;

export class DigestJob {
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: DigestJobOptions) {
    this.log = options.log.child({ component: 'digest-job' });
    this.clock = options.clock ?? (() => new Date());
    this.loop = new BackgroundLoop('digest job', this.log, (signal) => this.iteration(signal));
  }

  /** Does nothing without a digest (disabled in config). */
  start(): void {
    if (this.options.digests.length > 0) this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Looks at every digest once: posts what is due (also for tests and one-shot tools). */
  async runDue(): Promise<DigestRunOutcome[]> {
    const outcomes: DigestRunOutcome[] = [];
    for (const digest of this.options.digests) outcomes.push(await this.runDigest(digest));
    return outcomes;
  }

  private async runDigest(digest: NamedDigestSchedule): Promise<DigestRunOutcome> {
    const { poster } = this.options;
    const now = this.clock();
    const slot = latestSlot(digest, now);
    if (slot === undefined) return { kind: 'none', digest: digest.name };
    if (!(await poster.runs.hasHistory(digest.name))) {
      await poster.runs.skipSlot(digest.name, slot, digest.channel, now);
      this.log.info({ digest: digest.name, slot: slot.toISOString() }, 'digest scheduled; the first one posts at its next slot');
      return { kind: 'first-run', digest: digest.name, slot };
    }
    if (dueSlot(digest, now, this.options.catchUpMs ?? DEFAULT_CATCH_UP_MS) === undefined) return { kind: 'none', digest: digest.name };

    const claim = await poster.runs.claimSlot(digest.name, slot, digest.channel, now, this.options.leaseMs ?? DEFAULT_LEASE_MS);
    if (claim === undefined) return { kind: 'taken', digest: digest.name, slot };
    const log = this.log.child({ digest: digest.name, slot: slot.toISOString(), channel: digest.channel });
    try {
      const reply = await this.options.compose(digest, now);
      const posted = await poster.postSlot(digest, slot, claim, reply, this.clock());
      if (!posted) {
        log.warn('digest claim was taken over by another replica before it was posted; it posts it');
        return { kind: 'taken', digest: digest.name, slot };
      }
      log.info({ lateMs: now.getTime() - slot.getTime() }, 'digest posted');
      return { kind: 'posted', digest: digest.name, slot };
    } catch (error) {
      log.error({ err: error }, 'digest failed; retrying later');
      await poster.runs.release(claim, new Date(this.clock().getTime() + (this.options.retryAfterMs ?? DEFAULT_RETRY_MS))).catch((releaseError: unknown) => {
        log.error({ err: releaseError }, 'could not release the digest claim; it is retried when its lease ends');
      });
      return { kind: 'failed', digest: digest.name, slot };
    }
  }

  private async iteration(signal: AbortSignal): Promise<void> {
    const tickMs = this.options.pollIntervalMs ?? DEFAULT_POLL_MS;
    try {
      await this.runDue();
    } catch (error) {
      this.log.error({ err: error }, 'digest job look failed; retrying');
    }
    if (!this.loop.running) return;
    const now = this.clock();
    const next = Math.min(...this.options.digests.map((digest) => nextSlot(digest, now)?.getTime() ?? Number.POSITIVE_INFINITY));
    await sleepUnlessWoken(Math.min(tickMs, Math.max(MIN_SLEEP_MS, next - now.getTime())), signal);
  }
}

/**
 * Group commit: writes asked for in the same event-loop turn are handed to `writeBatch`
 * together, so they share one transaction — and on SQLite with `synchronous=FULL`, one
 * fsync. Without it every `/sns` delivery paid its own fsync while better-sqlite3 held the
 * event loop, which capped ingest far below what a storm sends.
 *
 * Each caller's promise settles only after its batch's `writeBatch` did: with that batch's
 * outcome for its item, or with the batch's error — nothing is reported written that was not.
 */
export interface GroupCommitOptions {
  /** Most items in one batch (default 256); more waiting go in the next one. */
  maxBatch?: number;
}

/** Writes `items` in one transaction; resolves with one outcome per item, in the same order. */
export type WriteBatch<Item, Outcome> = (items: Item[]) => Promise<Outcome[]>;

interface Waiting<Item, Outcome> {
  item: Item;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_BATCH = 256;

export class GroupCommit<Item, Outcome> {
  private readonly maxBatch: number;
  private waiting: Array<Waiting<Item, Outcome>> = [];
  private flushScheduled = false;

  constructor(
    private readonly writeBatch: WriteBatch<Item, Outcome>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) throw new RangeError(`group commit maxBatch must be a positive integer, got ${this.maxBatch}`);
  }

  write(item: Item): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate runs after the I/O callbacks of this turn: every request that arrived
        // with this one has had its chance to join the batch, and none waits on a timer.
        setImmediate(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.commit(batch);
    }
  }

  private commit(batch: Array<Waiting<Item, Outcome>>): void {
    let written: Promise<Outcome[]>;
    try {
      written = this.writeBatch(batch.map((waiting) => waiting.item));
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(
      (outcomes) => {
        if (outcomes.length !== batch.length) {
          const error = new Error(`group commit: writeBatch returned ${outcomes.length} outcomes for ${batch.length} items`);
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        batch.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}

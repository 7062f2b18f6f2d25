/**
 * The Slack outbox's tables and how writes enter it. Every Slack write of the incident
 * pipeline is a `slack_outbox` row, written in the caller's transaction, so an incident
 * change and its Slack effects commit together. Rules applied on the way in:
 *
 * - a second post of a key that is already posted (or queued) becomes an update, and an
 *   update carrying the content the message already has (or is about to get) is dropped;
 * - an update replaces the payload of a pending update of the same message (only the latest
 *   `chat.update` is sent), else folds into its message's post while that post is still
 *   pending (the post goes out with the latest content), else queues a new update;
 * - an update of a message whose post died re-posts it with the latest content;
 * - a reply to a message whose post died is dead at once (it could never thread).
 *
 * Claiming and recording results: `slack-outbox-claims.ts`, `slack-outbox-results.ts`.
 */
import { sql, type Generated, type Kysely } from 'kysely';
import type { DatabaseSchema, EpochMs, JsonText } from './schema.js';

export type OutboxKind = 'post' | 'update' | 'reply';
export type OutboxState = 'pending' | 'sending' | 'sent' | 'dead';

/** What a row sends: the rendered message plus the options of its call. */
export interface OutboxPayload {
  text: string;
  blocks?: unknown[];
  /** Replies only: also show the reply in the channel. */
  reply_broadcast?: boolean;
  /** Extra `event_payload` fields for the message metadata (the sender adds the key). */
  metadata?: Record<string, string | number | boolean>;
}

export interface SlackOutboxTable {
  id: Generated<number>;
  channel: string;
  kind: OutboxKind;
  message_key: string;
  thread_key: string | null;
  gate: string;
  payload_json: JsonText;
  state: OutboxState;
  /** Failed attempts that count toward the retry limit (a 429 does not). */
  attempts: number;
  /** 0/1: an earlier attempt may have reached Slack; look for the message before posting. */
  maybe_sent: number;
  not_before: EpochMs;
  created_at: EpochMs;
  sent_at: EpochMs | null;
  last_error: string | null;
  claimed_by: string | null;
  claimed_until: EpochMs | null;
}

export interface SlackMessagesTable {
  message_key: string;
  /** The channel ID Slack answered with. */
  channel: string;
  ts: string;
  /** Replies: the parent's ts. */
  thread_ts: string | null;
  posted_at: EpochMs;
  updated_at: EpochMs | null;
}

export interface SlackRateGatesTable {
  /** `chat.postMessage <channel>` or `chat.update`. */
  gate: string;
  /** No call spending this bucket before this time (pacing, or a 429's Retry-After). */
  next_at: EpochMs;
}

/** A type alias, not an interface: `withTables` needs an index-compatible type. */
export type SlackOutboxTables = {
  slack_outbox: SlackOutboxTable;
  slack_messages: SlackMessagesTable;
  slack_rate_gates: SlackRateGatesTable;
};

export type OutboxTables = DatabaseSchema & SlackOutboxTables;

/** The store's database (or a transaction on it) seen with the outbox tables. */
export type OutboxDb = Kysely<OutboxTables>;

export type SlackOutboxRow = Omit<SlackOutboxTable, 'id'> & { id: number };
export type SlackMessageRef = SlackMessagesTable;

/** Works whether or not `DatabaseSchema` already lists the outbox tables. */
export function outboxDb(db: Kysely<DatabaseSchema>): OutboxDb {
  return db.withTables<SlackOutboxTables>();
}

export const UPDATE_GATE = 'chat.update';
export function postGate(channel: string): string {
  return `chat.postMessage ${channel}`;
}

/** What an enqueue did. */
export type EnqueueOutcome =
  | 'queued'
  /** Merged into the pending post of the same message. */
  | 'folded'
  /** Replaced the payload of a pending update of the same message. */
  | 'coalesced'
  /** The message already shows (or is about to show) exactly this content: nothing to send. */
  | 'unchanged'
  /** The thread's parent is dead, so the reply is a dead letter at once. */
  | 'dead';

export interface NewSlackPost {
  kind: 'post' | 'reply';
  key: string;
  channel: string;
  /** Replies: the parent's message key. */
  threadKey?: string;
  payload: OutboxPayload;
  now: EpochMs;
}

export async function enqueueSlackPost(db: OutboxDb, post: NewSlackPost): Promise<EnqueueOutcome> {
  if (await messageRef(db, post.key)) return enqueueSlackUpdate(db, post.key, post.payload, post.now);
  if (post.kind === 'reply') {
    const threadKey = post.threadKey ?? '';
    const parentState = await parentStateOf(db, threadKey);
    if (parentState === 'missing') throw new Error(`no Slack message "${threadKey}" to reply to: enqueue its post first`);
    if (parentState === 'dead') {
      await insertRow(db, post, { state: 'dead', last_error: `parent ${threadKey} is dead` });
      return 'dead';
    }
  }
  // The partial unique index makes this a no-op when a live post of the key exists (also one
  // a concurrent transaction just committed); the content then goes out as an update.
  const inserted = await insertRow(db, post, { state: 'pending', last_error: null }, { skipIfPosted: true });
  return inserted ? 'queued' : enqueueSlackUpdate(db, post.key, post.payload, post.now);
}

export async function enqueueSlackUpdate(db: OutboxDb, key: string, payload: OutboxPayload, now: EpochMs): Promise<EnqueueOutcome> {
  // A redelivered cause enqueues the same content again: the newest live write of the message already carries it.
  const newest = await db.selectFrom('slack_outbox').select('payload_json').where('message_key', '=', key).where('state', '<>', 'dead').orderBy('id', 'desc').executeTakeFirst();
  if (newest && sameContent(parsePayload(newest.payload_json), payload)) return 'unchanged';

  // A pending update goes out after the post, so it must carry the latest content: coalesce into
  // it first. (One queued while the post was in flight would otherwise overwrite a later fold.)
  const pendingUpdate = await db
    .selectFrom('slack_outbox')
    .select('id')
    .where('message_key', '=', key)
    .where('kind', '=', 'update')
    .where('state', '=', 'pending')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (pendingUpdate && (await replacePendingPayload(db, pendingUpdate.id, payload))) return 'coalesced';
  const post = await latestPost(db, key);
  if (post?.state === 'pending' && post.maybe_sent === 0) {
    const merged = { ...parsePayload(post.payload_json), text: payload.text, blocks: payload.blocks };
    if (await replacePendingPayload(db, post.id, merged, { unlessMaybeSent: true })) return 'folded';
  }

  const channel = (await messageRef(db, key))?.channel ?? (post && post.state !== 'dead' ? post.channel : undefined);
  if (channel !== undefined) {
    await insertRow(db, { kind: 'update', key, channel, payload, now }, { state: 'pending', last_error: null });
    return 'queued';
  }
  if (post?.state === 'dead') {
    // The message never reached Slack; its latest content is what should be there now.
    const repost = { ...parsePayload(post.payload_json), text: payload.text, blocks: payload.blocks };
    return enqueueSlackPost(db, {
      kind: post.kind === 'reply' ? 'reply' : 'post',
      key,
      channel: post.channel,
      ...(post.thread_key !== null ? { threadKey: post.thread_key } : {}),
      payload: repost,
      now,
    });
  }
  throw new Error(`no Slack message "${key}" to update: enqueue its post first`);
}

export async function messageRef(db: OutboxDb, key: string): Promise<SlackMessageRef | undefined> {
  return db.selectFrom('slack_messages').selectAll().where('message_key', '=', key).executeTakeFirst();
}

export function parsePayload(json: JsonText): OutboxPayload {
  return JSON.parse(json) as OutboxPayload;
}

function sameContent(a: OutboxPayload, b: OutboxPayload): boolean {
  return a.text === b.text && JSON.stringify(a.blocks ?? []) === JSON.stringify(b.blocks ?? []);
}

async function parentStateOf(db: OutboxDb, threadKey: string): Promise<'posted' | 'live' | 'dead' | 'missing'> {
  if (await messageRef(db, threadKey)) return 'posted';
  const post = await latestPost(db, threadKey);
  if (!post) return 'missing';
  return post.state === 'dead' ? 'dead' : 'live';
}

/** The newest post (or reply) row of a message, live ones first. */
async function latestPost(db: OutboxDb, key: string): Promise<SlackOutboxRow | undefined> {
  const rows = await db
    .selectFrom('slack_outbox')
    .selectAll()
    .where('message_key', '=', key)
    .where('kind', '<>', 'update')
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  return rows.find((row) => row.state !== 'dead') ?? rows[0];
}

async function replacePendingPayload(db: OutboxDb, id: number, payload: OutboxPayload, options: { unlessMaybeSent?: boolean } = {}): Promise<boolean> {
  // `state = 'pending'` again: a sender may have claimed the row since we read it.
  let query = db
    .updateTable('slack_outbox')
    .set({ payload_json: JSON.stringify(payload) })
    .where('id', '=', id)
    .where('state', '=', 'pending');
  if (options.unlessMaybeSent) query = query.where('maybe_sent', '=', 0);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

async function insertRow(
  db: OutboxDb,
  row: { kind: OutboxKind; key: string; channel: string; threadKey?: string; payload: OutboxPayload; now: EpochMs },
  initial: { state: OutboxState; last_error: string | null },
  options: { skipIfPosted?: boolean } = {},
): Promise<boolean> {
  const values = {
    channel: row.channel,
    kind: row.kind,
    message_key: row.key,
    thread_key: row.threadKey ?? null,
    gate: row.kind === 'update' ? UPDATE_GATE : postGate(row.channel),
    payload_json: JSON.stringify(row.payload),
    state: initial.state,
    attempts: 0,
    maybe_sent: 0,
    not_before: row.now,
    created_at: row.now,
    sent_at: null,
    last_error: initial.last_error,
    claimed_by: null,
    claimed_until: null,
  };
  const insert = db.insertInto('slack_outbox').values(values);
  if (!options.skipIfPosted) {
    await insert.execute();
    return true;
  }
  // The conflict target names the partial index's predicate, as both dialects require.
  const result = await insert
    .onConflict((oc) =>
      oc
        .column('message_key')
        .where((eb) => eb.and([eb('kind', '<>', sql.lit('update')), eb('state', '<>', sql.lit('dead'))]))
        .doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

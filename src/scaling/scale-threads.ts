/**
 * The port through which the scale flow shows a request: the request message (posted once,
 * updated in place) and thread replies, written inside the transaction that stored the change
 * so the change and its messages commit together. `src/slack/scale-threads.ts` implements it
 * over the outbox.
 */
import type { Kysely } from 'kysely';
import type { Reply } from '../reply/reply.js';
import type { DatabaseSchema } from '../store/schema.js';
import type { ScaleRequest } from './scale-request.js';

export type StoreTransaction = Kysely<DatabaseSchema>;

export interface ScaleThreads {
  /** Posts the request message: in the channel, or as a reply in its incident's thread. */
  post(trx: StoreTransaction, request: ScaleRequest, message: Reply): Promise<void>;
  /** Replaces the request message's content. */
  update(trx: StoreTransaction, request: ScaleRequest, message: Reply): Promise<void>;
  /** A reply in the request's thread (mrkdwn); `cause` makes the same reply enqueued twice post once. */
  reply(trx: StoreTransaction, request: ScaleRequest, text: string, cause: string): Promise<void>;
}

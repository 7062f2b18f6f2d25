/**
 * The port through which the pipeline shows incidents: what Slack (or any other surface) must
 * do after a change, written inside the transaction that stored the change, so the change and
 * its messages commit — or roll back — together. `src/slack/incident-threads.ts` implements it
 * over the outbox.
 */
import type { Kysely } from 'kysely';
import type { ChannelRef } from '../../config/config.js';
import type { DatabaseSchema } from '../../store/schema.js';
import type { Incident, IncidentEffect } from '../incident.js';

/** The transaction of the change (Kysely's `trx`). */
export type StoreTransaction = Kysely<DatabaseSchema>;

/** An incident as stored: it has its number. */
export type NumberedIncident = Incident & { number: number };

export interface ThreadChange {
  incident: NumberedIncident;
  effects: readonly IncidentEffect[];
  /**
   * What caused the change, unique per cause (`sns:<MessageId>`, a click's id): replies get
   * stable message keys from it, so enqueueing the same change twice posts it once.
   */
  cause?: string;
  /** The bot's clock, for "open for 12 min" on the parent. */
  now: Date;
  /** The routing rule asks for an automatic diagnosis (`diagnose: true`). */
  diagnose?: boolean;
}

/** A one-off message that belongs to no incident: a non-alarm notification, a subscription change. */
export interface PlainNotice {
  /** Unique per notice (`sns:<MessageId>`): the same notice is never posted twice. */
  key: string;
  channel: ChannelRef;
  /** Slack mrkdwn, data already escaped. */
  text: string;
}

export interface IncidentThreads {
  apply(trx: StoreTransaction, change: ThreadChange): Promise<void>;
  notice(trx: StoreTransaction, notice: PlainNotice): Promise<void>;
}

/** The message key of an incident's parent message: `incident:12:parent`. */
export function incidentParentKey(number: number): string {
  return `incident:${number}:parent`;
}

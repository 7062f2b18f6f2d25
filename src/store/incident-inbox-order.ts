/**
 * Keeping the order of one alarm's notifications when several processes work through the SNS
 * inbox at once. An OK for an alarm with no open incident is ignored ("never saw it firing"),
 * so if a replica reaches the OK before another replica has stored the ALARM published just
 * before it, the OK would be lost. The pipeline asks `hasEarlierUnprocessed` before ignoring
 * such a message, and `defer`s it a moment instead while an earlier message is still waiting.
 */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

export interface InboxPosition {
  id: number;
  snsTimestamp: Date;
}

/**
 * Whether a message published before this one (or at the same time and stored earlier) is
 * still unprocessed. Messages claimed `maxAttempts` times or more are left out: a message that
 * keeps failing must not hold the others back.
 */
export async function hasEarlierUnprocessed(db: Kysely<DatabaseSchema>, message: InboxPosition, options: { maxAttempts: number }): Promise<boolean> {
  const at = message.snsTimestamp.getTime();
  const row = await db
    .selectFrom('sns_inbox')
    .select('id')
    .where('processed_at', 'is', null)
    .where('id', '<>', message.id)
    .where('attempts', '<', options.maxAttempts)
    .where((eb) => eb.or([eb('sns_timestamp', '<', at), eb.and([eb('sns_timestamp', '=', at), eb('id', '<', message.id)])]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Gives a claimed message back until `until`, without counting the claim as an attempt or
 * recording an error: it was not processed, on purpose.
 */
export async function deferInboxMessage(db: Kysely<DatabaseSchema>, id: number, until: Date): Promise<void> {
  await db
    .updateTable('sns_inbox')
    .set((eb) => ({ locked_until: until.getTime(), attempts: eb('attempts', '-', 1) }))
    .where('id', '=', id)
    .where('processed_at', 'is', null)
    .execute();
}

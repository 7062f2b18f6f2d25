/**
 * One attempt at one claimed outbox row: the Slack call, then what its answer means for the
 * row — recorded as sent (with the message's `ts`, in the same transaction), retried after
 * `Retry-After` or a backoff, retried once as plain text when Slack refuses the blocks, or
 * made a dead letter (logged at error level and counted; never silent).
 */
import { closeGateUntil, type ClaimedDelivery } from '../../store/slack-outbox-claims.js';
import { markDead, recordPosted, recordUpdated, scheduleRetry } from '../../store/slack-outbox-results.js';
import { messageRef, parsePayload, type OutboxDb, type OutboxPayload } from '../../store/slack-outbox.js';
import type { Logger } from '../../telemetry/logger.js';
import type { OutboxMetrics } from './outbox-metrics.js';
import type { RetryPolicy } from './retry-policy.js';
import { REFUSED_BLOCKS_ERRORS, SlackCallError, type SlackFailure } from './slack-call-failure.js';
import type { SlackChatApi } from './slack-chat-api.js';

export interface DeliveryContext {
  db: OutboxDb;
  slack: SlackChatApi;
  log: Logger;
  metrics: OutboxMetrics;
  policy: RetryPolicy;
  clock: () => number;
}

type Attempt =
  | { type: 'posted'; channel: string; ts: string; threadTs: string | null; adopted: boolean }
  | { type: 'updated' }
  | { type: 'failed'; method: string; failure: SlackFailure };

/** Never throws: a failure to record an outcome leaves the row to be taken over when its lease ends. */
export async function deliver(context: DeliveryContext, row: ClaimedDelivery): Promise<void> {
  const log = context.log.child({ outboxId: row.id, key: row.message_key, kind: row.kind, channel: row.channel });
  try {
    const payload = parsePayload(row.payload_json);
    const attempt = await attemptDelivery(context, row, payload, log);
    if (attempt.type === 'failed') return await handleFailure(context, row, payload, attempt.method, attempt.failure, log);

    const now = context.clock();
    const recorded =
      attempt.type === 'updated'
        ? await recordUpdated(context.db, row, now)
        : await recordPosted(context.db, row, { channel: attempt.channel, ts: attempt.ts, threadTs: attempt.threadTs, at: now });
    if (!recorded) log.warn('slack write was already finished by another sender');
    context.metrics.sent.inc({ kind: row.kind });
    context.metrics.deliverySeconds.observe({ kind: row.kind }, Math.max(0, now - row.created_at) / 1000);
    if (attempt.type === 'posted' && attempt.adopted) {
      context.metrics.adopted.inc({ kind: row.kind });
      log.warn({ ts: attempt.ts }, 'slack message from an interrupted attempt found in the channel; adopted instead of posting again');
    }
  } catch (error) {
    log.error({ err: error, leaseEndsAt: row.claimed_until }, 'slack outbox delivery failed; the row is retried when its lease ends');
  }
}

async function attemptDelivery(context: DeliveryContext, row: ClaimedDelivery, payload: OutboxPayload, log: Logger): Promise<Attempt> {
  const { slack, db } = context;
  if (row.kind === 'update') {
    const message = await messageRef(db, row.message_key);
    if (!message) throw new Error(`claimed an update of ${row.message_key}, which has no ts`);
    return callSlack('chat.update', async () => {
      await slack.updateMessage({ channel: message.channel, ts: message.ts, text: payload.text, blocks: payload.blocks ?? [] });
      return { type: 'updated' };
    });
  }

  let channel = row.channel;
  let threadTs: string | null = null;
  if (row.kind === 'reply') {
    const parent = await messageRef(db, row.thread_key ?? '');
    if (!parent) throw new Error(`claimed a reply under ${String(row.thread_key)}, which has no ts`);
    channel = parent.channel;
    threadTs = parent.thread_ts ?? parent.ts;
  }

  if (row.maybe_sent === 1) {
    const search = { channel, key: row.message_key, oldestMs: row.created_at, ...(threadTs ? { threadTs } : {}) };
    try {
      // The channel as Slack names it (an ID): the row may address it by name, which chat.update refuses.
      const found = await slack.findPostedMessage(search);
      if (found) return { type: 'posted', channel: found.channel, ts: found.ts, threadTs, adopted: true };
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind !== 'permanent') return { type: 'failed', method: methodOf(error), failure };
      // History unreadable here (no access, scope): posting again is all that is left.
      log.warn({ error: failure.code }, 'cannot look for an earlier attempt of this slack message; posting it again');
    }
  }

  return callSlack('chat.postMessage', async () => {
    const posted = await slack.postMessage({
      channel,
      text: payload.text,
      ...(payload.blocks ? { blocks: payload.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(payload.reply_broadcast ? { replyBroadcast: true } : {}),
      metadata: { ...payload.metadata, key: row.message_key },
    });
    return { type: 'posted', channel: posted.channel, ts: posted.ts, threadTs, adopted: false };
  });
}

async function callSlack(method: string, call: () => Promise<Attempt>): Promise<Attempt> {
  try {
    return await call();
  } catch (error) {
    return { type: 'failed', method: error instanceof SlackCallError ? error.method : method, failure: failureOf(error) };
  }
}

function failureOf(error: unknown): SlackFailure {
  if (error instanceof SlackCallError) return error.failure;
  return { kind: 'transient', code: 'unexpected_error', ambiguous: true, detail: error instanceof Error ? error.message : String(error) };
}

function methodOf(error: unknown): string {
  return error instanceof SlackCallError ? error.method : 'unknown';
}

async function handleFailure(context: DeliveryContext, row: ClaimedDelivery, payload: OutboxPayload, method: string, failure: SlackFailure, log: Logger): Promise<void> {
  const { db, metrics, policy } = context;
  const now = context.clock();
  // Only a failed post can have put a message in the channel.
  const maybeSent = row.maybe_sent === 1 || (failure.ambiguous && method === 'chat.postMessage');

  if (failure.kind === 'rate_limited') {
    const retryAfterMs = failure.retryAfterMs ?? 1_000;
    const until = now + retryAfterMs;
    // The whole bucket is closed, for every replica, not just this row.
    if (method === 'chat.postMessage' || method === 'chat.update') await closeGateUntil(db, row.gate, until);
    await scheduleRetry(db, row.id, { notBefore: until, attempts: row.attempts, lastError: `ratelimited (Retry-After ${retryAfterMs / 1000} s)`, maybeSent });
    metrics.rateLimited.inc({ method });
    log.warn({ method, retryAfterSeconds: retryAfterMs / 1000, until }, 'slack rate limited; waiting Retry-After');
    return;
  }

  const attempts = row.attempts + 1;
  if (failure.kind === 'permanent' && REFUSED_BLOCKS_ERRORS.has(failure.code) && payload.blocks && payload.blocks.length > 0) {
    const { blocks: _refused, ...textOnly } = payload;
    await scheduleRetry(db, row.id, { notBefore: now, attempts, lastError: `${failure.code}; retrying as text only`, maybeSent, payload: textOnly });
    metrics.retries.inc({ kind: row.kind, reason: failure.code });
    log.warn({ method, error: failure.code }, 'slack refused the blocks; retrying as text only');
    return;
  }

  if (failure.kind === 'permanent' || policy.exhausted(attempts)) {
    const reason = failure.kind === 'permanent' ? failure.code : `${failure.code} after ${attempts} attempts`;
    const orphans = await markDead(db, row, reason, attempts);
    metrics.dead.inc({ kind: row.kind, reason: failure.code });
    for (const orphan of orphans) metrics.dead.inc({ kind: orphan.kind, reason: 'parent_dead' });
    log.error(
      { method, error: failure.code, detail: failure.detail, attempts, reason, deadDependants: orphans.map((o) => o.message_key) },
      'slack write dead: gave up',
    );
    return;
  }

  const delayMs = policy.delayAfter(attempts);
  await scheduleRetry(db, row.id, { notBefore: now + delayMs, attempts, lastError: failure.detail ? `${failure.code}: ${failure.detail}` : failure.code, maybeSent });
  metrics.retries.inc({ kind: row.kind, reason: failure.code });
  log.warn({ method, error: failure.code, attempts, retryInMs: delayMs }, 'slack write failed; will retry');
}

/**
 * One inbox message, inside one transaction: an alarm transition goes through the incident
 * state machine; anything else on an accepted topic becomes a plain notice in the default
 * channel; the subscription handshake becomes a one-line notice. The caller marks the message
 * processed in the same transaction.
 */
import type { InboxMessage } from '../../store/sns-inbox.js';
import { hasEarlierUnprocessed } from '../../store/incident-inbox-order.js';
import { parseAlarmMessage } from '../alarm-notification/index.js';
import { applyAlarmTransition, type AlarmContext, type AlarmOutcome } from './apply-alarm-transition.js';
import { otherNotificationNotice, subscriptionNotice } from './inbox-notices.js';
import type { StoreTransaction } from './incident-threads.js';

export type MessageOutcome =
  | AlarmOutcome
  | { kind: 'notice'; what: 'other' | 'subscription-confirmation' | 'unsubscribe-confirmation'; reason?: string }
  /** Not processed now, on purpose: an earlier message must go first. */
  | { kind: 'deferred'; reason: string };

export interface OrderPolicy {
  /** An earlier message claimed this many times counts as stuck and no longer holds others back. */
  maxAttempts: number;
  /** Waiting for earlier messages stops this long after the message arrived. */
  maxWaitMs: number;
}

/** The notice's message key: one notice per SNS MessageId, whatever happens. */
export function noticeKey(message: Pick<InboxMessage, 'messageId'>): string {
  return `sns:${message.messageId}`;
}

export async function processInboxMessage(trx: StoreTransaction, message: InboxMessage, context: AlarmContext, order: OrderPolicy): Promise<MessageOutcome> {
  const channel = context.config.slack.defaultChannel;
  if (message.kind !== 'notification') {
    await context.threads.notice(trx, { key: noticeKey(message), channel, text: subscriptionNotice(message.kind, message.topicArn) });
    return { kind: 'notice', what: message.kind };
  }

  const parsed = parseAlarmMessage(message.message, {
    ...(message.subject === null ? {} : { subject: message.subject }),
    topicArn: message.topicArn,
    timestamp: message.snsTimestamp.toISOString(),
  });
  if (parsed.kind === 'other') {
    const text = otherNotificationNotice({ topicArn: message.topicArn, subject: parsed.subject, text: parsed.text, reason: parsed.reason });
    await context.threads.notice(trx, { key: noticeKey(message), channel, text });
    return { kind: 'notice', what: 'other', reason: parsed.reason };
  }

  const outcome = await applyAlarmTransition(trx, parsed.transition, context, noticeKey(message));
  if (outcome.kind === 'ignored' && outcome.unseen && parsed.transition.newState !== 'ALARM') {
    // Another replica may still be storing the ALARM published before this OK: let it go first.
    const waitedMs = context.now.getTime() - message.receivedAt.getTime();
    if (waitedMs < order.maxWaitMs && (await hasEarlierUnprocessed(trx, message, { maxAttempts: order.maxAttempts }))) {
      return { kind: 'deferred', reason: 'an earlier SNS message is still unprocessed' };
    }
  }
  return outcome;
}

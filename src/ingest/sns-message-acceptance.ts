import type { Config } from '../config/config.js';
import type { InboxMessageKind, SnsInbox } from '../store/sns-inbox.js';
import type { CertificateFetcher } from './sns-certificates.js';
import { confirmSubscriptionByGet, type SubscriptionConfirmer } from './sns-confirm-subscription.js';
import { readSnsEnvelope, type SnsMessageType } from './sns-envelope.js';
import type { SnsAcceptedOutcome, SnsRejection } from './sns-rejection.js';
import { SnsSignatureVerifier } from './sns-signature.js';
import { checkSnsTimestamp } from './sns-timestamp.js';
import { acceptedSnsTopics, refuseTopic } from './sns-topic-policy.js';
import { SnsUrlPolicy } from './sns-url-policy.js';

/**
 * Verify and accept one SNS message, whichever way it came (`POST /sns`, or an SQS queue
 * subscribed to the topic): envelope, topic, age, SignatureVersion and URLs first — cheap and
 * request-free — then the signature (the only step that may fetch: the certificate). An accepted
 * message is stored in the inbox; a SubscriptionConfirmation is confirmed before it is stored.
 */

export interface SnsAcceptanceDeps {
  inbox: Pick<SnsInbox, 'store'>;
  config: Pick<Config, 'sns' | 'aws'>;
  /** Default: a GET with a timeout and a size cap (`fetchCertificatePem`). Only ever called with checked URLs. */
  fetchCertificate?: CertificateFetcher;
  /** Default: a GET on the SubscribeURL. Only ever called with a checked URL. */
  confirmSubscription?: SubscriptionConfirmer;
  clock?: () => Date;
}

/** What a log line may say about the message (unverified until the signature is). */
export interface SeenSnsMessage {
  messageId?: string | undefined;
  topicArn?: string | undefined;
  type?: SnsMessageType;
}

export type SnsAcceptance = { ok: true; outcome: SnsAcceptedOutcome; text: string } | ({ ok: false; error?: unknown } & SnsRejection);

export interface SnsAcceptOptions {
  /** SNS's `x-amz-sns-rawdelivery: true` header: only picks the more helpful refusal. */
  rawDeliveryHeader?: boolean;
  /** Oldest accepted Timestamp; default `sns.max_age`. */
  maxAgeMs?: number;
}

export type AcceptSnsMessage = (body: string, seen: SeenSnsMessage, options?: SnsAcceptOptions) => Promise<SnsAcceptance>;

const KINDS: Record<SnsMessageType, InboxMessageKind> = {
  Notification: 'notification',
  SubscriptionConfirmation: 'subscription-confirmation',
  UnsubscribeConfirmation: 'unsubscribe-confirmation',
};

export function snsMessageAcceptor(deps: SnsAcceptanceDeps): AcceptSnsMessage {
  const clock = deps.clock ?? (() => new Date());
  const urlPolicy = new SnsUrlPolicy(deps.config.sns.trustedUrlPrefixes);
  const verifier = new SnsSignatureVerifier({
    urlPolicy,
    clock,
    ...(deps.fetchCertificate && { fetchCertificate: deps.fetchCertificate }),
  });
  const topics = acceptedSnsTopics(deps.config);
  const confirm = deps.confirmSubscription ?? confirmSubscriptionByGet;

  return async function accept(body, seen, options = {}) {
    const reading = readSnsEnvelope(body, { rawDeliveryHeader: options.rawDeliveryHeader ?? false });
    if (!reading.ok) {
      Object.assign(seen, { messageId: reading.messageId, topicArn: reading.topicArn });
      return reading;
    }
    const envelope = reading.envelope;
    Object.assign(seen, { messageId: envelope.MessageId, topicArn: envelope.TopicArn, type: envelope.Type });

    const topicRefused = refuseTopic(topics, envelope.TopicArn);
    if (topicRefused !== undefined) return { ok: false, status: 403, outcome: 'topic_not_allowed', reason: topicRefused };
    const age = checkSnsTimestamp(envelope.Timestamp, clock(), options.maxAgeMs ?? deps.config.sns.maxAgeMs);
    if (!age.ok) return age;
    const precheck = verifier.precheck(envelope);
    if (!precheck.ok) return precheck;
    let subscribeUrl: URL | undefined;
    if (envelope.Type === 'SubscriptionConfirmation') {
      const checked = urlPolicy.subscribeUrl(envelope.SubscribeURL);
      if (!checked.ok) return { ok: false, status: 403, outcome: 'untrusted_subscribe_url', reason: checked.reason };
      subscribeUrl = checked.url;
    }
    const signature = await verifier.verify(envelope);
    if (!signature.ok) return signature;

    if (subscribeUrl) {
      try {
        // Before storing: a failed confirmation is answered as retryable, SNS redelivers, we confirm again.
        await confirm(subscribeUrl.href);
      } catch (error) {
        return { ok: false, status: 503, outcome: 'confirmation_failed', reason: `subscription confirmation failed: ${(error as Error).message}`, error };
      }
    }
    let stored: 'stored' | 'duplicate';
    try {
      stored = await deps.inbox.store({
        messageId: envelope.MessageId,
        kind: KINDS[envelope.Type],
        topicArn: envelope.TopicArn,
        subject: envelope.Type === 'Notification' ? (envelope.Subject ?? null) : null,
        message: envelope.Message,
        snsTimestamp: age.at,
        receivedAt: clock(),
      });
    } catch (error) {
      return { ok: false, status: 503, outcome: 'storage_failed', reason: 'message not stored: the database is unavailable, SNS will retry', error };
    }
    if (envelope.Type === 'SubscriptionConfirmation') return { ok: true, outcome: 'subscription_confirmed', text: 'subscription confirmed' };
    if (envelope.Type === 'UnsubscribeConfirmation') return { ok: true, outcome: 'unsubscribe_recorded', text: 'unsubscribe recorded' };
    // SNS redelivers with the same MessageId; the inbox's unique key makes this a no-op.
    return stored === 'stored' ? { ok: true, outcome: 'stored', text: 'stored' } : { ok: true, outcome: 'duplicate', text: 'duplicate: already stored' };
  };
}

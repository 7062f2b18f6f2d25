import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/config.js';
import type { HttpRoute } from '../http/http-route.js';
import type { InboxMessageKind, SnsInbox } from '../store/sns-inbox.js';
import type { Logger } from '../telemetry/logger.js';
import type { BotMetrics } from '../telemetry/metrics.js';
import { readCappedBody } from './read-capped-body.js';
import type { CertificateFetcher } from './sns-certificates.js';
import { confirmSubscriptionByGet, type SubscriptionConfirmer } from './sns-confirm-subscription.js';
import { readSnsEnvelope, type SnsMessageType } from './sns-envelope.js';
import { snsOutcomeCounter } from './sns-ingest-metrics.js';
import type { SnsAcceptedOutcome, SnsRejection } from './sns-rejection.js';
import { SnsSignatureVerifier } from './sns-signature.js';
import { checkSnsTimestamp } from './sns-timestamp.js';
import { acceptedSnsTopics, refuseTopic } from './sns-topic-policy.js';
import { SnsUrlPolicy } from './sns-url-policy.js';

/** SNS messages are at most 256 KB; a larger body is not from SNS. */
export const MAX_SNS_BODY_BYTES = 256 * 1024;

export interface SnsRouteDeps {
  inbox: Pick<SnsInbox, 'store'>;
  config: Pick<Config, 'sns' | 'aws'>;
  log: Logger;
  metrics?: BotMetrics;
  /** Default: a GET with a timeout and a size cap (`fetchCertificatePem`). Only ever called with checked URLs. */
  fetchCertificate?: CertificateFetcher;
  /** Default: a GET on the SubscribeURL. Only ever called with a checked URL. */
  confirmSubscription?: SubscriptionConfirmer;
  clock?: () => Date;
}

interface Seen {
  messageId?: string | undefined;
  topicArn?: string | undefined;
  type?: SnsMessageType;
}

type Answer = { ok: true; outcome: SnsAcceptedOutcome; text: string } | ({ ok: false; error?: unknown } & SnsRejection);

const KINDS: Record<SnsMessageType, InboxMessageKind> = {
  Notification: 'notification',
  SubscriptionConfirmation: 'subscription-confirmation',
  UnsubscribeConfirmation: 'unsubscribe-confirmation',
};

/**
 * `POST /sns`: Amazon SNS HTTP(S) deliveries. Checks, cheapest and request-free first: size,
 * JSON, envelope, topic, age, SignatureVersion and URLs; then the signature (the only step
 * that may fetch, the certificate). An accepted message is stored in the inbox and only then
 * answered 200 — the durability rule; a SubscriptionConfirmation is confirmed first.
 * The `x-amz-sns-*` headers are never trusted: everything comes from the signed body.
 */
export function snsRoute(deps: SnsRouteDeps): HttpRoute {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log.child({ component: 'sns' });
  const count = snsOutcomeCounter(deps.metrics);
  const urlPolicy = new SnsUrlPolicy(deps.config.sns.trustedUrlPrefixes);
  const verifier = new SnsSignatureVerifier({
    urlPolicy,
    clock,
    ...(deps.fetchCertificate && { fetchCertificate: deps.fetchCertificate }),
  });
  const topics = acceptedSnsTopics(deps.config);
  const confirm = deps.confirmSubscription ?? confirmSubscriptionByGet;

  /** `seen`: what the log line may say about the message (unverified until the signature is). */
  async function receive(req: IncomingMessage, seen: Seen): Promise<Answer> {
    const read = await readCappedBody(req, MAX_SNS_BODY_BYTES);
    if (!read.ok) {
      return read.problem === 'too-large'
        ? { ok: false, status: 413, outcome: 'too_large', reason: `body too large: SNS messages are at most ${MAX_SNS_BODY_BYTES / 1024} KB` }
        : { ok: false, status: 400, outcome: 'unreadable_body', reason: 'request body was cut off' };
    }
    const reading = readSnsEnvelope(read.body.toString('utf8'), { rawDeliveryHeader: req.headers['x-amz-sns-rawdelivery'] === 'true' });
    if (!reading.ok) {
      Object.assign(seen, { messageId: reading.messageId, topicArn: reading.topicArn });
      return reading;
    }
    const envelope = reading.envelope;
    Object.assign(seen, { messageId: envelope.MessageId, topicArn: envelope.TopicArn, type: envelope.Type });

    const topicRefused = refuseTopic(topics, envelope.TopicArn);
    if (topicRefused !== undefined) return { ok: false, status: 403, outcome: 'topic_not_allowed', reason: topicRefused };
    const age = checkSnsTimestamp(envelope.Timestamp, clock(), deps.config.sns.maxAgeMs);
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
        // Before storing: a failed confirmation answers 503, SNS redelivers, we confirm again.
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
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const seen: Seen = {};
    const answer = await receive(req, seen);
    count(answer.outcome);
    const about = { messageId: seen.messageId, topicArn: seen.topicArn, remote: req.socket.remoteAddress };
    if (answer.ok) {
      if (answer.outcome === 'unsubscribe_recorded') {
        log.warn({ ...about, outcome: answer.outcome }, 'sns subscription removed: this topic will deliver no more alarms');
      } else {
        log.info({ ...about, type: seen.type, outcome: answer.outcome }, 'sns message accepted');
      }
      send(res, 200, answer.text);
      return;
    }
    const reason = oneLine(answer.reason);
    const error = answer.error instanceof Error ? answer.error.message : undefined;
    log.warn({ reason, ...about, status: answer.status, outcome: answer.outcome, ...(error && { error }) }, 'sns message rejected');
    send(res, answer.status, reason, answer.status === 413);
  }

  return {
    path: '/sns',
    method: 'POST',
    handler: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        log.error({ err: error }, 'sns delivery failed unexpectedly');
        deps.metrics?.errors.inc({ where: 'sns' });
        // 5xx: SNS retries, and nothing was acknowledged.
        if (!res.headersSent) send(res, 500, 'internal error; SNS will retry');
      });
    },
  };
}

function send(res: ServerResponse, status: number, text: string, close = false): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...(close && { connection: 'close' }) });
  res.end(`${text}\n`);
}

/** Reasons quote attacker-chosen text: keep them one bounded line. */
function oneLine(text: string, max = 500): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

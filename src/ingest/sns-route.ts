import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/config.js';
import type { HttpRoute } from '../http/http-route.js';
import type { SnsInbox } from '../store/sns-inbox.js';
import type { Logger } from '../telemetry/logger.js';
import type { BotMetrics } from '../telemetry/metrics.js';
import { readCappedBody } from './read-capped-body.js';
import type { CertificateFetcher } from './sns-certificates.js';
import type { SubscriptionConfirmer } from './sns-confirm-subscription.js';
import { snsOutcomeCounter } from './sns-ingest-metrics.js';
import { snsMessageAcceptor, type SeenSnsMessage, type SnsAcceptance } from './sns-message-acceptance.js';

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

/**
 * `POST /sns`: Amazon SNS HTTP(S) deliveries. The size first, then the checks every SNS message
 * goes through whichever way it came (`snsMessageAcceptor`: JSON, envelope, topic, age,
 * SignatureVersion and URLs, then the signature). An accepted message is stored in the inbox and
 * only then answered 200 — the durability rule; a SubscriptionConfirmation is confirmed first.
 * The `x-amz-sns-*` headers are never trusted: everything comes from the signed body.
 */
export function snsRoute(deps: SnsRouteDeps): HttpRoute {
  const log = deps.log.child({ component: 'sns' });
  const count = snsOutcomeCounter(deps.metrics);
  const accept = snsMessageAcceptor(deps);

  async function receive(req: IncomingMessage, seen: SeenSnsMessage): Promise<SnsAcceptance> {
    const read = await readCappedBody(req, MAX_SNS_BODY_BYTES);
    if (!read.ok) {
      return read.problem === 'too-large'
        ? { ok: false, status: 413, outcome: 'too_large', reason: `body too large: SNS messages are at most ${MAX_SNS_BODY_BYTES / 1024} KB` }
        : { ok: false, status: 400, outcome: 'unreadable_body', reason: 'request body was cut off' };
    }
    return accept(read.body.toString('utf8'), seen, { rawDeliveryHeader: req.headers['x-amz-sns-rawdelivery'] === 'true' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const seen: SeenSnsMessage = {};
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

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SignedSnsMessage, SnsMessageType } from './sns-message.js';

/**
 * SNS's HTTP(S) delivery policy: a timeout or a status outside 200–499 is a failed attempt,
 * retried `retries` times; any answer in 200–499 counts as delivered. The default is SNS's
 * own (3 retries, 20 s apart). Like a custom SNS delivery policy (up to 100 retries with an
 * exponential backoff from `minDelayTarget` to `maxDelayTarget`), `maxRetryDelayMs` makes
 * the delay double from `retryDelayMs` up to that cap, so an endpoint that is down for a
 * while (a bot restarting) still gets its messages.
 */
export interface SnsDeliveryPolicy {
  retries: number;
  /** The delay before the first retry (and every retry, without `maxRetryDelayMs`). */
  retryDelayMs: number;
  /** Exponential backoff: each retry waits twice the previous one, at most this long. Default `retryDelayMs` (no backoff). */
  maxRetryDelayMs?: number;
  /** How long SNS waits for an answer. */
  timeoutMs: number;
}

export const defaultSnsDeliveryPolicy: SnsDeliveryPolicy = { retries: 3, retryDelayMs: 20_000, timeoutMs: 15_000 };

/** The wait before retry number `retry` (1 for the first retry). */
export function snsRetryDelayMs(policy: SnsDeliveryPolicy, retry: number): number {
  const cap = Math.max(policy.retryDelayMs, policy.maxRetryDelayMs ?? policy.retryDelayMs);
  return Math.min(cap, policy.retryDelayMs * 2 ** Math.min(30, retry - 1));
}

export interface SnsDeliveryAttempt {
  messageId: string;
  type: SnsMessageType;
  topicArn: string;
  subscriptionArn: string;
  endpoint: string;
  /** 1 for the first try. */
  attempt: number;
  /** The endpoint's HTTP status, when it answered. */
  status?: number;
  /** Why there was no answer (timeout, connection refused…). */
  error?: string;
  outcome: 'delivered' | 'retrying' | 'failed';
  at: Date;
  durationMs: number;
}

export interface DeliveryTarget {
  endpoint: string;
  subscriptionArn: string;
}

export interface DeliveryHooks {
  record(attempt: SnsDeliveryAttempt): void;
  /** Waits between attempts; resolves false when the simulator is closing and delivery should stop. */
  wait(ms: number): Promise<boolean>;
}

/** POSTs the message until it is delivered or the retries run out; returns this delivery's attempts. */
export async function deliverSnsMessage(target: DeliveryTarget, message: SignedSnsMessage, policy: SnsDeliveryPolicy, hooks: DeliveryHooks): Promise<SnsDeliveryAttempt[]> {
  const attempts: SnsDeliveryAttempt[] = [];
  const body = JSON.stringify(message);
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=UTF-8',
    'user-agent': 'Amazon Simple Notification Service Agent',
    'x-amz-sns-message-type': message.Type,
    'x-amz-sns-message-id': message.MessageId,
    'x-amz-sns-topic-arn': message.TopicArn,
    ...(message.Type !== 'SubscriptionConfirmation' && { 'x-amz-sns-subscription-arn': target.subscriptionArn }),
  };
  for (let attempt = 1; attempt <= policy.retries + 1; attempt++) {
    const started = performance.now();
    const answer = await post(target.endpoint, headers, body, policy.timeoutMs);
    const delivered = answer.status !== undefined && answer.status >= 200 && answer.status <= 499;
    const last = attempt === policy.retries + 1;
    const record: SnsDeliveryAttempt = {
      messageId: message.MessageId,
      type: message.Type,
      topicArn: message.TopicArn,
      subscriptionArn: target.subscriptionArn,
      endpoint: target.endpoint,
      attempt,
      ...answer,
      outcome: delivered ? 'delivered' : last ? 'failed' : 'retrying',
      at: new Date(),
      durationMs: performance.now() - started,
    };
    attempts.push(record);
    hooks.record(record);
    if (delivered || last) break;
    if (!(await hooks.wait(snsRetryDelayMs(policy, attempt)))) break;
  }
  return attempts;
}

function post(endpoint: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      resolve({ error: `invalid endpoint URL ${endpoint}` });
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', (error) => resolve({ status: res.statusCode ?? 0, error: error.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(body);
  });
}

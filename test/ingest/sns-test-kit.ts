/**
 * A world for /sns tests: a fresh SQLite inbox, the route on a real HTTP server, a certificate
 * fetcher and a subscription confirmer that record their calls, captured log lines, and SNS
 * messages signed by the simulator's own signer (src/sim/aws/sns/) — valid, or tampered after signing.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Server } from 'node:http';
import { afterEach, vi, type Mock } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { serveRoutes } from '../support/serve-routes.js';
import type { CertificateFetcher } from '../../src/ingest/sns-certificates.js';
import type { SubscriptionConfirmer } from '../../src/ingest/sns-confirm-subscription.js';
import { snsRoute } from '../../src/ingest/sns-route.js';
import { signSnsMessage, type SnsSignatureVersion, type UnsignedNotification, type UnsignedSubscriptionMessage } from '../../src/sim/aws/sns/sns-message.js';
import { createSnsSigningCertificate, sharedSnsSigningCertificate } from '../../src/sim/aws/sns/sns-signing-certificate.js';
import type { Store } from '../../src/store/database.js';
import { SnsInbox } from '../../src/store/sns-inbox.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { BotMetrics } from '../../src/telemetry/metrics.js';
import { storeTargets } from '../support/database.js';

export const topicArn = 'arn:aws:sns:us-east-1:123456789012:ml-alarms';
export const signingCertificate = sharedSnsSigningCertificate();
/** Where real SNS would serve the simulator's certificate; the test fetcher answers for it. */
export const certificateUrl = `https://sns.us-east-1.amazonaws.com/${signingCertificate.fileName}`;
export const subscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=2336412f37fb687f5d51e6e2425c464de1`;

/** The p99-latency alarm fixture, as SNS delivers it. */
const alarmEnvelope = JSON.parse(readFileSync(new URL('../fixtures/sns/envelope-alarm-metric-p99-latency.json', import.meta.url), 'utf8')) as Record<string, string>;

export type SnsBody = Record<string, string | undefined>;

interface SigningOptions {
  version?: SnsSignatureVersion;
  signingCertUrl?: string;
  /** Sign with another key than the certificate's (a forgery). */
  forged?: boolean;
}

let forger: ReturnType<typeof createSnsSigningCertificate> | undefined;
function signing(options: SigningOptions) {
  forger ??= options.forged ? createSnsSigningCertificate() : undefined;
  return {
    version: options.version ?? '2',
    privateKey: options.forged ? forger!.privateKey : signingCertificate.privateKey,
    signingCertUrl: options.signingCertUrl ?? certificateUrl,
  };
}

/** The alarm fixture, timestamped `at` and signed; `changes` are applied before signing. */
export function signedNotification(at: Date, changes: Partial<UnsignedNotification> = {}, options: SigningOptions = {}): SnsBody {
  const unsigned: UnsignedNotification = {
    Type: 'Notification',
    MessageId: alarmEnvelope.MessageId!,
    TopicArn: topicArn,
    Subject: alarmEnvelope.Subject!,
    Message: alarmEnvelope.Message!,
    Timestamp: at.toISOString(),
    ...changes,
  };
  if ('Subject' in changes && changes.Subject === undefined) delete unsigned.Subject;
  const unsubscribeUrl = `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:0b4f2a3e`;
  return { ...signSnsMessage(unsigned, signing(options), unsubscribeUrl) };
}

export function signedSubscriptionMessage(
  type: UnsignedSubscriptionMessage['Type'],
  at: Date,
  changes: Partial<UnsignedSubscriptionMessage> = {},
  options: SigningOptions = {},
): SnsBody {
  const unsigned: UnsignedSubscriptionMessage = {
    Type: type,
    MessageId: `c0ffee00-${type === 'SubscriptionConfirmation' ? '0001' : '0002'}-4000-8000-000000000000`,
    Token: '2336412f37fb687f5d51e6e2425c464de1',
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.`,
    SubscribeURL: subscribeUrl,
    Timestamp: at.toISOString(),
    ...changes,
  };
  return { ...signSnsMessage(unsigned, signing(options)) };
}

export interface SnsEndpointOptions {
  sns?: Partial<Config['sns']>;
  accountIds?: string[];
  /** The route's clock; default: the kit's `now`. */
  clock?: () => Date;
  confirmSubscription?: SubscriptionConfirmer;
  fetchCertificate?: CertificateFetcher;
}

export interface SnsEndpoint {
  url: string;
  now: Date;
  store: Store;
  inbox: SnsInbox;
  fetchCertificate: Mock<CertificateFetcher>;
  confirmSubscription: Mock<SubscriptionConfirmer>;
  metrics: BotMetrics;
  /** Every log line, parsed. */
  logs: Array<Record<string, unknown>>;
  post(body: SnsBody | string, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  inboxRows(): Promise<Array<{ message_id: string; type: string }>>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

export async function startSnsEndpoint(options: SnsEndpointOptions = {}): Promise<SnsEndpoint> {
  const now = new Date();
  const sqlite = storeTargets().find((t) => t.name === 'sqlite')!;
  const store = await sqlite.open();
  const inbox = new SnsInbox(store, { clock: () => now });
  const fetchCertificate = vi.fn<CertificateFetcher>(options.fetchCertificate ?? (async () => signingCertificate.certificatePem));
  const confirmSubscription = vi.fn<SubscriptionConfirmer>(options.confirmSubscription ?? (async () => undefined));
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const metrics = new BotMetrics({ processMetrics: false });
  const route = snsRoute({
    inbox,
    config: {
      sns: { allowedTopicArns: [topicArn], maxAgeMs: 3_600_000, trustedUrlPrefixes: [], ...options.sns },
      aws: { defaultRegion: 'us-east-1', endpointUrl: undefined, accounts: (options.accountIds ?? []).map((id) => ({ id, name: id, regions: [], roleArn: undefined })) },
    },
    log,
    metrics,
    fetchCertificate,
    confirmSubscription,
    clock: options.clock ?? (() => now),
  });
  const { server, port } = await serveRoutes([route], { port: 0, host: '127.0.0.1' });
  open.push(async () => {
    await closeServer(server);
    await store.close();
  });
  const url = `http://127.0.0.1:${port}/sns`;
  return {
    url,
    now,
    store,
    inbox,
    fetchCertificate,
    confirmSubscription,
    metrics,
    logs,
    async post(body, headers = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8', ...headers }, body: text });
      return { status: response.status, text: await response.text() };
    },
    inboxRows: () => store.db.selectFrom('sns_inbox').select(['message_id', 'type']).orderBy('id').execute(),
  };
}

/** A POST through node:http, streaming `size` bytes; with `chunked`, no Content-Length is sent. */
export function postLargeBody(url: string, size: number, chunked: boolean): Promise<{ status: number; text: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers: chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), connection: res.headers.connection }));
    });
    // The server may close once it has answered; the answer is what the test reads.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(16 * 1024, 'a');
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk.subarray(0, Math.min(chunk.length, size - sent)));
    req.end();
  });
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Metric value of mlobs_sns_messages_total for that outcome. */
export async function outcomeCount(metrics: BotMetrics, outcome: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('mlobs_sns_messages_total')?.get();
  return metric?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

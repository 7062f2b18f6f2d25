import { describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/ingest/sns-certificates.js';
import {
  outcomeCount,
  postLargeBody,
  signedNotification,
  signedSubscriptionMessage,
  startSnsEndpoint,
  topicArn,
  type SnsBody,
  type SnsEndpointOptions,
} from './sns-test-kit.js';

const HOUR = 3_600_000;
const otherTopic = 'arn:aws:sns:us-east-1:123456789012:other-topic';
const tampered = (body: SnsBody, changes: SnsBody): SnsBody => ({ ...body, ...changes });
const withoutKey = (body: SnsBody, key: string): SnsBody => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
const pem = 'SimpleNotificationService-0123456789abcdef.pem';

interface RejectionCase {
  name: string;
  status: number;
  outcome: string;
  /** The whole body of the answer, without its newline, or a pattern for it. */
  reason: string | RegExp;
  body: (now: Date) => SnsBody | string;
  headers?: Record<string, string>;
  endpoint?: SnsEndpointOptions;
  /** The certificate URL is trusted, so fetching it is allowed; otherwise no request may be made. */
  fetches?: boolean;
}

type Forgery = Pick<RejectionCase, 'name' | 'body' | 'endpoint'>;

const forgeries: RejectionCase[] = (<Forgery[]>[
  { name: 'a signature made with another key', body: (now) => signedNotification(now, {}, { forged: true }) },
  { name: 'an altered Message', body: (now) => tampered(signedNotification(now), { Message: '{"AlarmName":"x","NewStateValue":"OK"}' }) },
  { name: 'a Subject added after signing', body: (now) => tampered(signedNotification(now, { Subject: undefined }), { Subject: 'OK: "x"' }) },
  { name: 'the Subject removed after signing', body: (now) => withoutKey(signedNotification(now), 'Subject') },
  { name: 'an altered Timestamp', body: (now) => tampered(signedNotification(now), { Timestamp: new Date(now.getTime() - 1000).toISOString() }) },
  { name: 'an altered MessageId', body: (now) => tampered(signedNotification(now), { MessageId: '00000000-0000-4000-8000-000000000000' }) },
  {
    name: 'an altered TopicArn (to another allowed topic)',
    body: (now) => tampered(signedNotification(now), { TopicArn: otherTopic }),
    endpoint: { sns: { allowedTopicArns: [topicArn, otherTopic] } },
  },
  { name: 'an altered SubscribeURL', body: (now) => tampered(signedSubscriptionMessage('SubscriptionConfirmation', now), { SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=other' }) },
  { name: 'a Signature that is not base64', body: (now) => tampered(signedNotification(now), { Signature: '!!not base64!!' }) },
]).map((c) => ({ ...c, status: 403, outcome: 'bad_signature', reason: 'signature does not verify', fetches: true }));

const untrustedUrls: RejectionCase[] = [
  ['a certificate URL on a non-SNS host', `https://evil.example/${pem}`, 'host evil.example is not an SNS host'],
  ['a certificate URL over plain http', `http://sns.us-east-1.amazonaws.com/${pem}`, 'http is not https (SNS serves only https)'],
  ['a look-alike certificate host', `https://sns.us-east-1.amazonaws.com.evil.example/${pem}`, 'host sns.us-east-1.amazonaws.com.evil.example is not an SNS host'],
  ['an SNS host name in the path of another host', `https://evil.com/sns.us-east-1.amazonaws.com/${pem}`, 'host evil.com is not an SNS host'],
  ['the user-info trick', `https://sns.us-east-1.amazonaws.com@evil.example/${pem}`, 'it carries user info before the host evil.example'],
  ['a certificate path not ending in .pem', 'https://sns.us-east-1.amazonaws.com/cert.txt', 'path "/cert.txt" does not end in .pem'],
  ['a port beside a trusted prefix (4566 trusted, 45660 not)', `http://127.0.0.1:45660/sns/${pem}`, 'http is not https (SNS serves only https)'],
].map(([name, url, why]) => ({
  name: name!,
  status: 403,
  outcome: 'untrusted_certificate_url',
  reason: `certificate URL not trusted: ${why}`,
  body: (now: Date) => signedNotification(now, {}, { signingCertUrl: url! }),
  endpoint: { sns: { trustedUrlPrefixes: ['http://127.0.0.1:4566'] } },
}));

const refused: RejectionCase[] = [
  {
    name: 'an unsupported SignatureVersion',
    status: 403,
    outcome: 'unsupported_signature_version',
    reason: 'unsupported SignatureVersion "3" (1 = SHA1 and 2 = SHA256 are supported)',
    body: (now) => tampered(signedNotification(now), { SignatureVersion: '3' }),
  },
  {
    name: 'a stale Timestamp (2 h old)',
    status: 400,
    outcome: 'stale',
    reason: /^stale: Timestamp \S+ is 2 h old \(at most 1 h accepted\)$/,
    body: (now) => signedNotification(new Date(now.getTime() - 2 * HOUR)),
  },
  {
    name: 'a Timestamp 10 min in the future',
    status: 400,
    outcome: 'stale',
    reason: /^stale: Timestamp \S+ is 10 min in the future/,
    body: (now) => signedNotification(new Date(now.getTime() + 10 * 60_000)),
  },
  { name: 'a Timestamp that is not ISO 8601', status: 400, outcome: 'missing_field', reason: 'field Timestamp "yesterday" is not an ISO 8601 time', body: (now) => tampered(signedNotification(now), { Timestamp: 'yesterday' }) },
  {
    name: 'a topic not in sns.allowed_topics',
    status: 403,
    outcome: 'topic_not_allowed',
    reason: `topic not allowed: ${otherTopic} is not in sns.allowed_topics`,
    body: (now) => signedNotification(now, { TopicArn: otherTopic }),
  },
  {
    name: 'a topic of an account not in aws.accounts',
    status: 403,
    outcome: 'topic_not_allowed',
    reason: 'topic not allowed: arn:aws:sns:us-east-1:999999999999:ml-alarms belongs to account 999999999999, not to one of aws.accounts',
    body: (now) => signedNotification(now, { TopicArn: 'arn:aws:sns:us-east-1:999999999999:ml-alarms' }),
    endpoint: { sns: { allowedTopicArns: [] }, accountIds: ['123456789012'] },
  },
  {
    name: 'a SubscriptionConfirmation for a topic not allowed',
    status: 403,
    outcome: 'topic_not_allowed',
    reason: `topic not allowed: ${otherTopic} is not in sns.allowed_topics`,
    body: (now) => signedSubscriptionMessage('SubscriptionConfirmation', now, { TopicArn: otherTopic }),
  },
  {
    name: 'a SubscribeURL on a non-SNS host',
    status: 403,
    outcome: 'untrusted_subscribe_url',
    reason: 'SubscribeURL not trusted: host evil.example is not an SNS host',
    body: (now) => signedSubscriptionMessage('SubscriptionConfirmation', now, { SubscribeURL: 'https://evil.example/?Action=ConfirmSubscription' }),
  },
  {
    name: 'a SubscribeURL over plain http',
    status: 403,
    outcome: 'untrusted_subscribe_url',
    reason: 'SubscribeURL not trusted: http is not https (SNS serves only https)',
    body: (now) => signedSubscriptionMessage('SubscriptionConfirmation', now, { SubscribeURL: 'http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription' }),
  },
  { name: 'malformed JSON', status: 400, outcome: 'malformed_json', reason: /^malformed JSON: .+/, body: () => '{"Type": "Notification",' },
  { name: 'a JSON array', status: 400, outcome: 'malformed_json', reason: 'malformed JSON: expected an object, got an array', body: () => '[]' },
  { name: 'raw message delivery (an alarm without envelope)', status: 400, outcome: 'raw_delivery', reason: /^not an SNS envelope: this looks like raw message delivery.*turn RawMessageDelivery off/, body: () => '{"AlarmName":"fraud-detector-p99-latency","NewStateValue":"ALARM"}' },
  { name: 'raw message delivery of a non-JSON message', status: 400, outcome: 'raw_delivery', reason: /^not an SNS envelope/, body: () => 'hello', headers: { 'x-amz-sns-rawdelivery': 'true' } },
  { name: 'an envelope without Signature', status: 400, outcome: 'missing_field', reason: 'missing field Signature', body: (now) => withoutKey(signedNotification(now), 'Signature') },
  { name: 'an unknown Type', status: 400, outcome: 'unknown_type', reason: /^unknown Type "Gossip"/, body: (now) => tampered(signedNotification(now), { Type: 'Gossip' }) },
  {
    name: 'a certificate URL serving something else than a certificate',
    status: 403,
    outcome: 'certificate_invalid',
    reason: 'the certificate URL did not serve an X.509 certificate',
    body: (now) => signedNotification(now),
    endpoint: { fetchCertificate: async () => '<html>not found</html>' },
    fetches: true,
  },
  {
    name: 'a certificate URL answering 404',
    status: 403,
    outcome: 'certificate_invalid',
    reason: 'certificate unavailable: HTTP 404 from the certificate URL',
    body: (now) => signedNotification(now),
    endpoint: {
      fetchCertificate: async () => {
        throw new CertificateError('certificate unavailable: HTTP 404 from the certificate URL', false);
      },
    },
    fetches: true,
  },
  {
    name: 'an expired certificate',
    status: 403,
    outcome: 'certificate_invalid',
    reason: /^certificate is not valid now \(valid from .* to .*\)$/,
    body: (now) => signedNotification(now),
    endpoint: { clock: () => new Date(Date.now() + 400 * 24 * HOUR) },
    fetches: true,
  },
];

describe('POST /sns refuses, stores nothing and says why', () => {
  it.each([...forgeries, ...untrustedUrls, ...refused])('$name: $status', async (c) => {
    const sns = await startSnsEndpoint(c.endpoint);
    const clockNow = c.endpoint?.clock?.() ?? sns.now;
    const body = c.body(clockNow);

    const answer = await sns.post(body, c.headers);

    expect(answer.status).toBe(c.status);
    expect(answer.text.endsWith('\n') && !answer.text.slice(0, -1).includes('\n')).toBe(true);
    if (typeof c.reason === 'string') expect(answer.text).toBe(`${c.reason}\n`);
    else expect(answer.text.slice(0, -1)).toMatch(c.reason);
    expect(await sns.inboxRows()).toEqual([]);
    expect(sns.confirmSubscription).not.toHaveBeenCalled();
    if (!c.fetches) expect(sns.fetchCertificate).not.toHaveBeenCalled();
    const rejected = sns.logs.filter((line) => line.msg === 'sns message rejected');
    const about = typeof body === 'string' ? {} : { messageId: body.MessageId, topicArn: body.TopicArn };
    expect(rejected).toEqual([expect.objectContaining({ level: 40, reason: answer.text.slice(0, -1), ...about, remote: '127.0.0.1' })]);
    expect(await outcomeCount(sns.metrics, c.outcome)).toBe(1);
  });

  it.each([
    ['with a Content-Length', false],
    ['chunked, without a Content-Length', true],
  ] as const)('a 300 KB body %s gets 413 and the connection is closed', async (_how, chunked) => {
    const sns = await startSnsEndpoint();

    const answer = await postLargeBody(sns.url, 300 * 1024, chunked);

    expect(answer).toEqual({ status: 413, text: 'body too large: SNS messages are at most 256 KB\n', connection: 'close' });
    expect(await sns.inboxRows()).toEqual([]);
    expect(sns.logs).toContainEqual(expect.objectContaining({ msg: 'sns message rejected', outcome: 'too_large', status: 413 }));
    expect(await outcomeCount(sns.metrics, 'too_large')).toBe(1);
  });
});

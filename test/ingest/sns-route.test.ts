import { describe, expect, it } from 'vitest';
import { CertificateError } from '../../src/ingest/sns-certificates.js';
import {
  certificateUrl,
  outcomeCount,
  signedNotification,
  signedSubscriptionMessage,
  signingCertificate,
  startSnsEndpoint,
  subscribeUrl,
  topicArn,
} from './sns-test-kit.js';

describe('POST /sns accepts', () => {
  it('a signed alarm notification: 200 only once it is in the inbox, stored exactly once', async () => {
    const sns = await startSnsEndpoint();
    const body = signedNotification(sns.now);

    const answer = await sns.post(body);

    expect(answer).toEqual({ status: 200, text: 'stored\n' });
    expect(await sns.inboxRows()).toEqual([{ message_id: body.MessageId, type: 'notification' }]);
    expect(await sns.inbox.byMessageId(body.MessageId!)).toMatchObject({
      kind: 'notification',
      topicArn,
      subject: 'ALARM: "fraud-detector-p99-latency" in US East (N. Virginia)',
      message: body.Message,
      snsTimestamp: sns.now,
      processedAt: null,
    });
    expect(sns.fetchCertificate).toHaveBeenCalledWith(certificateUrl);
    expect(await outcomeCount(sns.metrics, 'stored')).toBe(1);
  });

  it.each(['1', '2'] as const)('a notification signed with SignatureVersion %s verifies', async (version) => {
    const sns = await startSnsEndpoint();

    const answer = await sns.post(signedNotification(sns.now, {}, { version }));

    expect(answer.status).toBe(200);
    expect(await sns.inboxRows()).toHaveLength(1);
  });

  it('a notification without Subject verifies and is stored with no subject', async () => {
    const sns = await startSnsEndpoint();
    const body = signedNotification(sns.now, { Subject: undefined });
    expect(Object.keys(body)).not.toContain('Subject');

    expect((await sns.post(body)).status).toBe(200);

    expect((await sns.inbox.byMessageId(body.MessageId!))?.subject).toBeNull();
  });

  it('200 redeliveries of one MessageId all get 200 and leave one row; the certificate is fetched once', async () => {
    const sns = await startSnsEndpoint();
    const body = signedNotification(sns.now);

    const answers = await Promise.all(Array.from({ length: 200 }, () => sns.post(body)));

    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.text === 'stored\n')).toHaveLength(1);
    expect(answers.filter((a) => a.text === 'duplicate: already stored\n')).toHaveLength(199);
    expect(await sns.inboxRows()).toHaveLength(1);
    expect(sns.fetchCertificate).toHaveBeenCalledTimes(1);
    expect(await outcomeCount(sns.metrics, 'duplicate')).toBe(199);
  });

  it('the x-amz-sns-* headers are ignored: the signed body decides', async () => {
    const sns = await startSnsEndpoint();
    const body = signedNotification(sns.now);

    const answer = await sns.post(body, {
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
      'x-amz-sns-topic-arn': 'arn:aws:sns:us-east-1:999999999999:elsewhere',
      'x-amz-sns-message-id': 'not-the-message-id',
    });

    expect(answer.status).toBe(200);
    expect(await sns.inboxRows()).toEqual([{ message_id: body.MessageId, type: 'notification' }]);
    expect(sns.confirmSubscription).not.toHaveBeenCalled();
  });

  it('a SubscriptionConfirmation for an allowed topic is confirmed by its SubscribeURL, then recorded', async () => {
    const sns = await startSnsEndpoint();
    const body = signedSubscriptionMessage('SubscriptionConfirmation', sns.now);

    const answer = await sns.post(body);

    expect(answer).toEqual({ status: 200, text: 'subscription confirmed\n' });
    expect(sns.confirmSubscription).toHaveBeenCalledExactlyOnceWith(subscribeUrl);
    expect(await sns.inbox.byMessageId(body.MessageId!)).toMatchObject({ kind: 'subscription-confirmation', topicArn, subject: null });
  });

  it('a SubscriptionConfirmation whose confirmation fails gets 503 (SNS retries) and nothing is stored', async () => {
    const sns = await startSnsEndpoint({
      confirmSubscription: async () => {
        throw new Error('SubscribeURL answered HTTP 500');
      },
    });

    const answer = await sns.post(signedSubscriptionMessage('SubscriptionConfirmation', sns.now));

    expect(answer).toEqual({ status: 503, text: 'subscription confirmation failed: SubscribeURL answered HTTP 500\n' });
    expect(await sns.inboxRows()).toEqual([]);
  });

  it('an UnsubscribeConfirmation is recorded and logged as a warning, not acted on', async () => {
    const sns = await startSnsEndpoint();
    const body = signedSubscriptionMessage('UnsubscribeConfirmation', sns.now);

    const answer = await sns.post(body);

    expect(answer).toEqual({ status: 200, text: 'unsubscribe recorded\n' });
    expect(sns.confirmSubscription).not.toHaveBeenCalled();
    expect(await sns.inboxRows()).toEqual([{ message_id: body.MessageId, type: 'unsubscribe-confirmation' }]);
    expect(sns.logs).toContainEqual(expect.objectContaining({ level: 40, topicArn, msg: expect.stringContaining('sns subscription removed') }));
  });

  it('a topic of a configured account is accepted when sns.allowed_topics is empty', async () => {
    const sns = await startSnsEndpoint({ sns: { allowedTopicArns: [] }, accountIds: ['123456789012'] });

    expect((await sns.post(signedNotification(sns.now))).status).toBe(200);
  });

  it('a certificate under a trusted prefix (the simulator) is fetched and verifies', async () => {
    const sns = await startSnsEndpoint({ sns: { trustedUrlPrefixes: ['http://127.0.0.1:4566'] } });
    const simulatorCertificate = 'http://127.0.0.1:4566/sns/SimpleNotificationService-0123456789abcdef.pem';

    const answer = await sns.post(signedNotification(sns.now, {}, { signingCertUrl: simulatorCertificate }));

    expect(answer.status).toBe(200);
    expect(sns.fetchCertificate).toHaveBeenCalledExactlyOnceWith(simulatorCertificate);
  });
});

describe('POST /sns asks SNS to retry', () => {
  it('when the inbox cannot store the message: 503, and no 200 was given for it', async () => {
    const sns = await startSnsEndpoint();
    await sns.store.close();

    const answer = await sns.post(signedNotification(sns.now));

    expect(answer).toEqual({ status: 503, text: 'message not stored: the database is unavailable, SNS will retry\n' });
    expect(sns.logs).toContainEqual(expect.objectContaining({ msg: 'sns message rejected', outcome: 'storage_failed', status: 503 }));
  });

  it('when the certificate host is unreachable: 503, nothing stored, and the next delivery tries again', async () => {
    let reachable = false;
    const sns = await startSnsEndpoint({
      fetchCertificate: async () => {
        if (!reachable) throw new CertificateError('certificate unavailable: ECONNRESET', true);
        return signingCertificate.certificatePem;
      },
    });
    const body = signedNotification(sns.now);

    const first = await sns.post(body);
    expect(first).toEqual({ status: 503, text: 'certificate unavailable: ECONNRESET\n' });
    expect(await sns.inboxRows()).toEqual([]);

    reachable = true;
    // A failed fetch is remembered for 30 s, not for ever.
    sns.now.setTime(sns.now.getTime() + 31_000);
    expect((await sns.post(body)).status).toBe(200);
  });
});

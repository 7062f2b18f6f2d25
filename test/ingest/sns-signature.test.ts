import { describe, expect, it, vi } from 'vitest';
import type { CertificateFetcher } from '../../src/ingest/sns-certificates.js';
import type { SnsEnvelope } from '../../src/ingest/sns-envelope.js';
import { SnsSignatureVerifier, snsStringToSign } from '../../src/ingest/sns-signature.js';
import { SnsUrlPolicy } from '../../src/ingest/sns-url-policy.js';
import { snsStringToSign as simulatorStringToSign } from '../../src/sim/aws/sns/sns-message.js';
import { signedNotification, signedSubscriptionMessage, signingCertificate } from './sns-test-kit.js';

const now = new Date();

describe('the SNS string to sign', () => {
  it('for a Notification: Message, MessageId, Subject, Timestamp, TopicArn, Type', () => {
    const body = signedNotification(now) as unknown as SnsEnvelope & { Subject: string };

    expect(snsStringToSign(body)).toBe(
      `Message\n${body.Message}\nMessageId\n${body.MessageId}\nSubject\n${body.Subject}\nTimestamp\n${body.Timestamp}\nTopicArn\n${body.TopicArn}\nType\nNotification\n`,
    );
  });

  it.each([
    ['a Notification with a Subject', signedNotification(now)],
    ['a Notification without Subject', signedNotification(now, { Subject: undefined })],
    ['a SubscriptionConfirmation', signedSubscriptionMessage('SubscriptionConfirmation', now)],
    ['an UnsubscribeConfirmation', signedSubscriptionMessage('UnsubscribeConfirmation', now)],
  ])('for %s, is what the simulator signs', (_what, body) => {
    expect(snsStringToSign(body as unknown as SnsEnvelope)).toBe(simulatorStringToSign(body as never));
  });
});

describe('the signature verifier', () => {
  const verifier = (fetch: CertificateFetcher) => new SnsSignatureVerifier({ urlPolicy: new SnsUrlPolicy(), fetchCertificate: fetch, clock: () => now });

  it.each(['1', '2'] as const)('verifies SignatureVersion %s', async (version) => {
    const verify = verifier(async () => signingCertificate.certificatePem);

    expect(await verify.verify(signedNotification(now, {}, { version }) as unknown as SnsEnvelope)).toEqual({ ok: true });
  });

  it('refuses a SignatureVersion 1 signature presented as version 2', async () => {
    const verify = verifier(async () => signingCertificate.certificatePem);
    const body = { ...signedNotification(now, {}, { version: '1' }), SignatureVersion: '2' };

    expect(await verify.verify(body as unknown as SnsEnvelope)).toMatchObject({ ok: false, status: 403, reason: 'signature does not verify' });
  });

  it('never fetches a certificate URL it does not trust', async () => {
    const fetch = vi.fn<CertificateFetcher>(async () => signingCertificate.certificatePem);
    const body = signedNotification(now, {}, { signingCertUrl: 'https://sns.us-east-1.amazonaws.com.evil.example/x.pem' });

    expect(await verifier(fetch).verify(body as unknown as SnsEnvelope)).toMatchObject({ ok: false, outcome: 'untrusted_certificate_url' });
    expect(fetch).not.toHaveBeenCalled();
  });
});

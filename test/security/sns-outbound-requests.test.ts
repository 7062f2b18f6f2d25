/**
 * The forgeries `test/ingest/sns-route-rejections.test.ts` does not cover, with the real
 * certificate fetcher and the real subscription confirmer: loopback servers stand for SNS (a
 * trusted prefix serving the certificate and the SubscribeURL) and for an attacker, and record
 * every request — so "no outbound request was made" is asserted, not assumed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmSubscriptionByGet } from '../../src/ingest/sns-confirm-subscription.js';
import { fetchCertificatePem } from '../../src/ingest/sns-certificates.js';
import { createSnsSigningCertificate } from '../../src/sim/aws/sns/sns-signing-certificate.js';
import { signedNotification, signedSubscriptionMessage, signingCertificate, startSnsEndpoint, type SnsEndpoint } from '../ingest/sns-test-kit.js';
import { startRecordingServer, type RecordingServer } from './recording-server.js';

const otherCertificate = createSnsSigningCertificate();

describe('SNS forgeries and outbound requests', () => {
  let sns: RecordingServer;
  let attacker: RecordingServer;
  let endpoint: SnsEndpoint;
  const certificatePath = (name: string) => `/sns/${name}`;

  beforeEach(async () => {
    attacker = await startRecordingServer();
    sns = await startRecordingServer({
      serve: (req) => {
        if (req.url === certificatePath(signingCertificate.fileName)) return signingCertificate.certificatePem;
        if (req.url === certificatePath(otherCertificate.fileName)) return otherCertificate.certificatePem;
        if (req.url?.startsWith('/sns/?Action=ConfirmSubscription')) return '<ConfirmSubscriptionResponse/>';
        return undefined;
      },
      redirectTo: `${attacker.origin}/stolen`,
    });
    endpoint = await startSnsEndpoint({
      sns: { trustedUrlPrefixes: [`${sns.origin}/sns`] },
      fetchCertificate: fetchCertificatePem,
      confirmSubscription: confirmSubscriptionByGet,
    });
  });

  afterEach(async () => {
    await sns.close();
    await attacker.close();
  });

  const certUrl = (name = signingCertificate.fileName) => `${sns.origin}${certificatePath(name)}`;
  const subscription = (subscribeUrl: string) => signedSubscriptionMessage('SubscriptionConfirmation', endpoint.now, { SubscribeURL: subscribeUrl }, { signingCertUrl: certUrl() });

  it('a SubscribeURL on the trusted prefix is confirmed with exactly one GET (the control)', async () => {
    const answer = await endpoint.post(subscription(`${sns.origin}/sns/?Action=ConfirmSubscription&Token=abc`));

    expect(answer.status).toBe(200);
    expect(sns.hits.filter((hit) => hit.url.startsWith('/sns/?Action'))).toEqual([{ method: 'GET', url: '/sns/?Action=ConfirmSubscription&Token=abc' }]);
    expect(attacker.hits).toEqual([]);
  });

  it.each([
    ['another host', (s: string, a: string) => `${a}/?Action=ConfirmSubscription`],
    ['the trusted host outside its prefix', (s: string) => `${s}/admin/?Action=ConfirmSubscription`],
    ['a dot-segment climbing out of the prefix', (s: string) => `${s}/sns/../admin/?Action=ConfirmSubscription`],
    ['an encoded dot-segment', (s: string) => `${s}/sns/%2e%2e/admin/?Action=ConfirmSubscription`],
    ['user info naming the trusted host', (s: string, a: string) => a.replace('http://', `http://${new URL(s).host}@`) + '/?Action=ConfirmSubscription'],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
  ])('a signed SubscribeURL aimed at %s is refused (403) and never requested', async (_what, url) => {
    const answer = await endpoint.post(subscription(url(sns.origin, attacker.origin)));

    expect(answer.status).toBe(403);
    expect(answer.text).toMatch(/^SubscribeURL not trusted: /);
    expect(attacker.hits).toEqual([]);
    expect(sns.hits.filter((hit) => !hit.url.endsWith('.pem'))).toEqual([]);
    expect(endpoint.confirmSubscription).not.toHaveBeenCalled();
    expect(await endpoint.inboxRows()).toEqual([]);
  });

  it('a trusted SubscribeURL that redirects elsewhere is not followed: 503, and the redirect target is never requested', async () => {
    const answer = await endpoint.post(subscription(`${sns.origin}/sns/moved?Action=ConfirmSubscription`));

    expect(answer.status).toBe(503);
    expect(sns.hits.filter((hit) => hit.url.startsWith('/sns/moved'))).toHaveLength(1);
    expect(attacker.hits).toEqual([]);
    expect(await endpoint.inboxRows()).toEqual([]);
  });

  it('a certificate URL that redirects elsewhere is not followed, and nothing is stored', async () => {
    const answer = await endpoint.post(signedNotification(endpoint.now, {}, { signingCertUrl: certUrl('moved.pem') }));

    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(attacker.hits).toEqual([]);
    expect(await endpoint.inboxRows()).toEqual([]);
  });

  it.each([
    ['SigningCertURL swapped for another trusted certificate', (body: Record<string, string | undefined>) => ({ ...body, SigningCertURL: certUrl(otherCertificate.fileName) })],
    ['Token of a SubscriptionConfirmation altered', (body: Record<string, string | undefined>) => ({ ...body, Token: 'ffff' })],
    ['Type changed from SubscriptionConfirmation to UnsubscribeConfirmation', (body: Record<string, string | undefined>) => ({ ...body, Type: 'UnsubscribeConfirmation' })],
  ])('%s after signing: 403, nothing confirmed or stored', async (_what, alter) => {
    const signed = subscription(`${sns.origin}/sns/?Action=ConfirmSubscription&Token=abc`);

    const answer = await endpoint.post(alter(signed));

    expect(answer).toEqual({ status: 403, text: 'signature does not verify\n' });
    expect(sns.hits.filter((hit) => hit.url.startsWith('/sns/?Action'))).toEqual([]);
    expect(await endpoint.inboxRows()).toEqual([]);
  });

  it('a SignatureVersion 2 message re-labelled 1 does not verify', async () => {
    const answer = await endpoint.post({ ...signedNotification(endpoint.now, {}, { signingCertUrl: certUrl() }), SignatureVersion: '1' });

    expect(answer).toEqual({ status: 403, text: 'signature does not verify\n' });
    expect(await endpoint.inboxRows()).toEqual([]);
  });
});

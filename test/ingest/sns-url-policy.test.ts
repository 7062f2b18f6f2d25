import { describe, expect, it } from 'vitest';
import { SnsUrlPolicy } from '../../src/ingest/sns-url-policy.js';

const pem = 'SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';

describe('SNS certificate URLs', () => {
  const policy = new SnsUrlPolicy();

  it.each([
    `https://sns.us-east-1.amazonaws.com/${pem}`,
    `https://sns.eu-central-1.amazonaws.com/${pem}`,
    `https://sns.cn-north-1.amazonaws.com.cn/${pem}`,
    `https://sns.us-gov-west-1.amazonaws.com/${pem}`,
    `https://SNS.US-EAST-1.AMAZONAWS.COM/${pem}`,
    `https://sns.us-east-1.amazonaws.com:443/${pem}`,
  ])('trusts %s', (url) => {
    expect(policy.certificateUrl(url)).toMatchObject({ ok: true });
  });

  it.each([
    [`http://sns.us-east-1.amazonaws.com/${pem}`, 'http is not https (SNS serves only https)'],
    [`https://sns.us-east-1.amazonaws.com.evil.example/${pem}`, 'host sns.us-east-1.amazonaws.com.evil.example is not an SNS host'],
    [`https://evil.com/sns.us-east-1.amazonaws.com/${pem}`, 'host evil.com is not an SNS host'],
    [`https://sns.us-east-1.amazonaws.com@evil.example/${pem}`, 'it carries user info before the host evil.example'],
    [`https://user:pw@sns.us-east-1.amazonaws.com/${pem}`, 'it carries user info before the host sns.us-east-1.amazonaws.com'],
    [`https://sns.us-east-1.amazonaws.com./${pem}`, 'host sns.us-east-1.amazonaws.com. is not an SNS host'],
    [`https://sns.amazonaws.com/${pem}`, 'host sns.amazonaws.com is not an SNS host'],
    [`https://sns.x.amazonaws.com/${pem}`, 'host sns.x.amazonaws.com is not an SNS host'],
    [`https://evilsns.us-east-1.amazonaws.com/${pem}`, 'host evilsns.us-east-1.amazonaws.com is not an SNS host'],
    [`https://sqs.us-east-1.amazonaws.com/${pem}`, 'host sqs.us-east-1.amazonaws.com is not an SNS host'],
    [`https://sns.us-east-1.amazonaws.com:8443/${pem}`, 'port 8443 on an SNS host (SNS uses 443)'],
    ['https://sns.us-east-1.amazonaws.com/cert.pem.txt', 'path "/cert.pem.txt" does not end in .pem'],
    [`ftp://sns.us-east-1.amazonaws.com/${pem}`, 'ftp is not https (SNS serves only https)'],
    ['not a url', '"not a url" is not a URL'],
  ])('refuses %s: %s', (url, why) => {
    expect(policy.certificateUrl(url)).toEqual({ ok: false, reason: `certificate URL not trusted: ${why}` });
  });

  it('checks the URL as fetch will read it: a backslash is a path separator, so the host stays SNS', () => {
    const verdict = policy.certificateUrl(`https://sns.us-east-1.amazonaws.com\\@evil.example/${pem}`);

    expect(verdict.ok && verdict.url.hostname).toBe('sns.us-east-1.amazonaws.com');
  });
});

describe('trusted URL prefixes (MLOBS_SNS_TRUSTED_URLS)', () => {
  it('trust exactly their origin: port 4566 does not trust port 45660 or another host', () => {
    const policy = new SnsUrlPolicy(['http://127.0.0.1:4566']);

    expect(policy.certificateUrl(`http://127.0.0.1:4566/sns/${pem}`)).toMatchObject({ ok: true });
    expect(policy.certificateUrl(`http://127.0.0.1:45660/sns/${pem}`)).toMatchObject({ ok: false });
    expect(policy.certificateUrl(`http://127.0.0.10:4566/sns/${pem}`)).toMatchObject({ ok: false });
    expect(policy.certificateUrl(`https://127.0.0.1:4566/sns/${pem}`)).toMatchObject({ ok: false });
    expect(policy.certificateUrl(`http://127.0.0.1:4566@evil.example/sns/${pem}`)).toMatchObject({ ok: false });
  });

  it('with a path, trust only below it as a folder, after normalising dot segments', () => {
    const policy = new SnsUrlPolicy(['http://sim.internal:4566/sns']);

    expect(policy.certificateUrl(`http://sim.internal:4566/sns/${pem}`)).toMatchObject({ ok: true });
    expect(policy.certificateUrl(`http://sim.internal:4566/snsevil/${pem}`)).toMatchObject({ ok: false });
    expect(policy.certificateUrl(`http://sim.internal:4566/sns/../admin/${pem}`)).toMatchObject({ ok: false });
    expect(policy.subscribeUrl('http://sim.internal:4566/sns/confirm?Action=ConfirmSubscription&Token=x')).toMatchObject({ ok: true });
  });

  it('still require a .pem path for certificates', () => {
    const policy = new SnsUrlPolicy(['http://127.0.0.1:4566']);

    expect(policy.certificateUrl('http://127.0.0.1:4566/sns/key.txt')).toEqual({ ok: false, reason: 'certificate URL not trusted: path "/sns/key.txt" does not end in .pem' });
  });

  it('refuse a prefix that is not a plain http(s) URL', () => {
    expect(() => new SnsUrlPolicy(['http://user:pw@127.0.0.1:4566'])).toThrow(/must be scheme, host, port and path only/);
    expect(() => new SnsUrlPolicy(['file:///etc'])).toThrow(/is not http\(s\)/);
  });
});

describe('SubscribeURLs', () => {
  const policy = new SnsUrlPolicy();

  it('trusts SNS hosts over https with any path and query', () => {
    expect(policy.subscribeUrl('https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:ml-alarms&Token=2336')).toMatchObject({ ok: true });
  });

  it.each([
    ['https://evil.example/?Action=ConfirmSubscription', 'host evil.example is not an SNS host'],
    ['http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription', 'http is not https (SNS serves only https)'],
    ['https://sns.us-east-1.amazonaws.com@169.254.169.254/latest/meta-data', 'it carries user info before the host 169.254.169.254'],
  ])('refuses %s', (url, why) => {
    expect(policy.subscribeUrl(url)).toEqual({ ok: false, reason: `SubscribeURL not trusted: ${why}` });
  });
});

import { X509Certificate, createSign, createVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSnsSigningCertificate } from '../../../../src/sim/aws/sns/sns-signing-certificate.js';
import { freshSimulator } from '../server/simulator-test-kit.js';

describe('the SNS signing certificate', () => {
  it('is a self-signed X.509 certificate that Node parses and that verifies the key’s signatures', () => {
    const now = new Date('2026-11-23T14:00:00Z');
    const { certificatePem, privateKey, fileName } = createSnsSigningCertificate(now);
    const certificate = new X509Certificate(certificatePem);

    expect(certificate.subject).toContain('CN=sns.amazonaws.com');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(privateKey)).toBe(true);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(now.getTime() + 300 * 24 * 3600_000);
    expect(fileName).toMatch(/^SimpleNotificationService-[0-9a-f]{32}\.pem$/);

    const signature = createSign('RSA-SHA256').update('Message\nhi\n').sign(privateKey, 'base64');
    expect(createVerify('RSA-SHA256').update('Message\nhi\n').verify(certificatePem, signature, 'base64')).toBe(true);
  });

  it('is served at the SigningCertURL path, unsigned', async () => {
    const sim = await freshSimulator();
    const response = await fetch(`${sim.url}${sim.sns.certificatePath}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(sim.sns.certificate.certificatePem);
  });
});

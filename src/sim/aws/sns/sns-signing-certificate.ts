import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

/** The key SNS messages are signed with, and the certificate the simulator serves at SigningCertURL. */
export interface SnsSigningCertificate {
  privateKey: KeyObject;
  certificatePem: string;
  /** `SimpleNotificationService-<32 hex>.pem`, named like AWS's. */
  fileName: string;
}

export function createSnsSigningCertificate(now = new Date()): SnsSigningCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificatePem = createSelfSignedCertificate({
    commonName: 'sns.amazonaws.com',
    organization: 'mlobs AWS simulator',
    privateKey,
    publicKey,
    notBefore: new Date(now.getTime() - 24 * 3600_000),
    notAfter: new Date(now.getTime() + 365 * 24 * 3600_000),
  });
  const fileName = `SimpleNotificationService-${createHash('md5').update(certificatePem).digest('hex')}.pem`;
  return { privateKey, certificatePem, fileName };
}

let shared: SnsSigningCertificate | undefined;

/** One key pair per process: generating 2048-bit RSA keys takes tens of milliseconds, and tests start many simulators. */
export function sharedSnsSigningCertificate(): SnsSigningCertificate {
  shared ??= createSnsSigningCertificate();
  return shared;
}

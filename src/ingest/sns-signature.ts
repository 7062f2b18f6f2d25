import { createVerify } from 'node:crypto';
import { CertificateCache, CertificateError, type CertificateFetcher } from './sns-certificates.js';
import type { SnsEnvelope } from './sns-envelope.js';
import { SnsUrlPolicy, quote } from './sns-url-policy.js';

/**
 * Verification of SNS message signatures, as AWS documents it (shared/reference/aws-slack-facts.md,
 * "Amazon SNS → HTTP(S) endpoint"): the string to sign depends on the message type,
 * SignatureVersion 1 is RSA-SHA1 and 2 RSA-SHA256, and the certificate comes from
 * `SigningCertURL` — only once that URL passed `SnsUrlPolicy`.
 */

const SIGNED_KEYS = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;

const ALGORITHMS: Readonly<Record<string, string>> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

/** `key\nvalue\n` for each signed key of the message's type, in order, skipping an absent Subject. */
export function snsStringToSign(envelope: SnsEnvelope): string {
  const fields = envelope as unknown as Record<string, string | undefined>;
  return SIGNED_KEYS[envelope.Type]
    .filter((key) => fields[key] !== undefined)
    .map((key) => `${key}\n${fields[key]}\n`)
    .join('');
}

export type SignatureVerdict =
  | { ok: true }
  | {
      ok: false;
      /** 403 for what will never verify; 503 when the certificate is unavailable right now (SNS retries). */
      status: 403 | 503;
      reason: string;
      outcome: 'unsupported_signature_version' | 'untrusted_certificate_url' | 'certificate_invalid' | 'certificate_unavailable' | 'bad_signature';
    };

export interface SnsSignatureVerifierOptions {
  urlPolicy: SnsUrlPolicy;
  /** Default: `fetchCertificatePem` (fetch with a timeout and a size cap). */
  fetchCertificate?: CertificateFetcher;
  clock?: () => Date;
  maxCachedCertificates?: number;
}

export class SnsSignatureVerifier {
  private readonly urlPolicy: SnsUrlPolicy;
  private readonly certificates: CertificateCache;

  constructor(options: SnsSignatureVerifierOptions) {
    this.urlPolicy = options.urlPolicy;
    this.certificates = new CertificateCache({
      ...(options.fetchCertificate && { fetch: options.fetchCertificate }),
      ...(options.clock && { clock: options.clock }),
      ...(options.maxCachedCertificates !== undefined && { maxEntries: options.maxCachedCertificates }),
    });
  }

  /** Everything that can be refused without a request: SignatureVersion and the certificate URL. */
  precheck(envelope: SnsEnvelope): SignatureVerdict & { certificateUrl?: URL } {
    if (ALGORITHMS[envelope.SignatureVersion] === undefined) {
      return {
        ok: false,
        status: 403,
        reason: `unsupported SignatureVersion ${quote(envelope.SignatureVersion)} (1 = SHA1 and 2 = SHA256 are supported)`,
        outcome: 'unsupported_signature_version',
      };
    }
    const certificateUrl = this.urlPolicy.certificateUrl(envelope.SigningCertURL);
    if (!certificateUrl.ok) return { ok: false, status: 403, reason: certificateUrl.reason, outcome: 'untrusted_certificate_url' };
    return { ok: true, certificateUrl: certificateUrl.url };
  }

  async verify(envelope: SnsEnvelope): Promise<SignatureVerdict> {
    const checked = this.precheck(envelope);
    if (!checked.ok || !checked.certificateUrl) return checked;
    let certificate;
    try {
      certificate = await this.certificates.get(checked.certificateUrl);
    } catch (error) {
      if (!(error instanceof CertificateError)) throw error;
      return error.transient
        ? { ok: false, status: 503, reason: error.message, outcome: 'certificate_unavailable' }
        : { ok: false, status: 403, reason: error.message, outcome: 'certificate_invalid' };
    }
    const verifier = createVerify(ALGORITHMS[envelope.SignatureVersion]!);
    verifier.update(snsStringToSign(envelope), 'utf8');
    let verifies = false;
    try {
      verifies = verifier.verify(certificate.publicKey, envelope.Signature, 'base64');
    } catch {
      // A malformed signature throws in some OpenSSL versions instead of returning false.
    }
    return verifies ? { ok: true } : { ok: false, status: 403, reason: 'signature does not verify', outcome: 'bad_signature' };
  }
}

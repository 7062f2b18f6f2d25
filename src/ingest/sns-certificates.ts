import { X509Certificate } from 'node:crypto';

/**
 * SNS signing certificates: fetched once per URL (SNS signs every message of a region with
 * the same certificate until AWS rotates it to a new URL) and kept in a bounded cache. The URL
 * reaching here has already passed `SnsUrlPolicy`; nothing here decides what may be fetched.
 */

/** Fetches a checked certificate URL and returns the PEM text; injectable for tests. */
export type CertificateFetcher = (url: string) => Promise<string>;

/**
 * Why a certificate could not be had. `transient` (network error, timeout, 5xx): the message
 * may be genuine and SNS should retry it; otherwise (404, not a certificate, expired) it never will be.
 */
export class CertificateError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'CertificateError';
  }
}

export const CERTIFICATE_FETCH_TIMEOUT_MS = 5_000;
/** SNS certificates are about 2 KB; anything far larger is not one. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/**
 * The default fetcher: a GET with a timeout and a size cap that follows no redirect (a
 * redirect would lead to a URL nobody checked).
 */
export const fetchCertificatePem: CertificateFetcher = async (url) => {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(CERTIFICATE_FETCH_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${CERTIFICATE_FETCH_TIMEOUT_MS} ms` : describeFetchError(error);
    throw new CertificateError(`certificate unavailable: ${cause}`, true);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new CertificateError(`certificate unavailable: HTTP ${response.status} from the certificate URL`, response.status >= 500);
  }
  return readCapped(response, MAX_CERTIFICATE_BYTES);
};

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new CertificateError(`certificate too large: ${declared} bytes (at most ${maxBytes})`, false);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new CertificateError(`certificate too large: over ${maxBytes} bytes`, false);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof CertificateError) throw error;
    throw new CertificateError(`certificate unavailable: ${describeFetchError(error)}`, true);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFetchError(error: unknown): string {
  // undici wraps the interesting part (ECONNREFUSED, ENOTFOUND…) in `cause`.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export interface CertificateCacheOptions {
  fetch?: CertificateFetcher;
  clock?: () => Date;
  /** Certificates kept (default 32: SNS has one per region and rotation). */
  maxEntries?: number;
  /** How long a failed fetch is remembered before the URL is tried again (default 30 s). */
  failureTtlMs?: number;
}

interface CacheEntry {
  certificate: Promise<X509Certificate>;
  /** Epoch ms after which the entry is dropped; Infinity for a certificate we have. */
  expiresAt: number;
}

/**
 * Certificates by URL. Concurrent messages signed with one certificate share one fetch.
 * Least recently used entries go first once `maxEntries` is reached; a failure is kept for
 * `failureTtlMs` only, so a certificate host that was down is asked again.
 */
export class CertificateCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly fetch: CertificateFetcher;
  private readonly clock: () => Date;
  private readonly maxEntries: number;
  private readonly failureTtlMs: number;

  constructor(options: CertificateCacheOptions = {}) {
    this.fetch = options.fetch ?? fetchCertificatePem;
    this.clock = options.clock ?? (() => new Date());
    this.maxEntries = options.maxEntries ?? 32;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The certificate at `url` (already checked by SnsUrlPolicy), valid now. Rejects with CertificateError. */
  async get(url: URL): Promise<X509Certificate> {
    const key = url.href;
    const now = this.clock().getTime();
    let entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (entry) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = { certificate: this.load(key), expiresAt: Infinity };
      this.entries.set(key, entry);
      this.evictBeyondLimit();
      const loading = entry;
      loading.certificate.catch(() => {
        loading.expiresAt = this.clock().getTime() + this.failureTtlMs;
      });
    }
    const certificate = await entry.certificate;
    // Checked at every use: a cached certificate can expire while we hold it.
    checkValidAt(certificate, this.clock());
    return certificate;
  }

  private async load(url: string): Promise<X509Certificate> {
    let pem: string;
    try {
      pem = await this.fetch(url);
    } catch (error) {
      if (error instanceof CertificateError) throw error;
      throw new CertificateError(`certificate unavailable: ${(error as Error).message}`, true);
    }
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      throw new CertificateError('the certificate URL did not serve an X.509 certificate', false);
    }
    if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
      throw new CertificateError(`the certificate's key is ${certificate.publicKey.asymmetricKeyType ?? 'unknown'}, not RSA`, false);
    }
    return certificate;
  }

  private evictBeyondLimit(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}

function checkValidAt(certificate: X509Certificate, at: Date): void {
  const from = Date.parse(certificate.validFrom);
  const to = Date.parse(certificate.validTo);
  if (!(from <= at.getTime() && at.getTime() <= to)) {
    throw new CertificateError(`certificate is not valid now (valid from ${certificate.validFrom} to ${certificate.validTo})`, false);
  }
}

import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CertificateCache, CertificateError, fetchCertificatePem, type CertificateFetcher } from '../../src/ingest/sns-certificates.js';
import { sharedSnsSigningCertificate } from '../../src/sim/aws/sns/sns-signing-certificate.js';

const { certificatePem } = sharedSnsSigningCertificate();
const url = (n: number) => new URL(`https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${n}.pem`);

describe('the certificate cache', () => {
  it('fetches a URL once, however many messages it signs', async () => {
    const fetch = vi.fn<CertificateFetcher>(async () => certificatePem);
    const cache = new CertificateCache({ fetch });

    await Promise.all([cache.get(url(1)), cache.get(url(1)), cache.get(url(1))]);
    await cache.get(url(1));

    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('is bounded and drops the least recently used certificate first', async () => {
    const fetch = vi.fn<CertificateFetcher>(async () => certificatePem);
    const cache = new CertificateCache({ fetch, maxEntries: 2 });

    await cache.get(url(1));
    await cache.get(url(2));
    await cache.get(url(1));
    await cache.get(url(3));
    expect(cache.size).toBe(2);
    fetch.mockClear();
    await cache.get(url(1));
    await cache.get(url(2));

    expect(fetch.mock.calls.map(([u]) => u)).toEqual([url(2).href]);
  });

  it('remembers a failed fetch for the failure TTL only, then tries again', async () => {
    let now = new Date();
    const fetch = vi.fn<CertificateFetcher>().mockRejectedValueOnce(new Error('ECONNRESET')).mockResolvedValue(certificatePem);
    const cache = new CertificateCache({ fetch, clock: () => now, failureTtlMs: 30_000 });

    await expect(cache.get(url(1))).rejects.toMatchObject({ transient: true, message: 'certificate unavailable: ECONNRESET' });
    await expect(cache.get(url(1))).rejects.toThrow('ECONNRESET');
    expect(fetch).toHaveBeenCalledTimes(1);

    now = new Date(now.getTime() + 30_000);
    await expect(cache.get(url(1))).resolves.toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('refuses what is not an X.509 certificate, for good', async () => {
    const cache = new CertificateCache({ fetch: async () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' });

    await expect(cache.get(url(1))).rejects.toEqual(new CertificateError('the certificate URL did not serve an X.509 certificate', false));
  });

  it('checks validity at every use, so a cached certificate that expires is refused', async () => {
    let now = new Date();
    const cache = new CertificateCache({ fetch: async () => certificatePem, clock: () => now });
    await cache.get(url(1));

    now = new Date(now.getTime() + 400 * 86_400_000);

    await expect(cache.get(url(1))).rejects.toMatchObject({ transient: false, message: expect.stringMatching(/^certificate is not valid now/) });
  });
});

describe('the default certificate fetcher', () => {
  const servers: Array<() => void> = [];
  afterEach(() => servers.splice(0).forEach((close) => close()));

  async function serve(listener: RequestListener): Promise<{ base: string; paths: string[] }> {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      listener(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(() => {
      server.closeAllConnections();
      server.close();
    });
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
  }

  it('returns the PEM text', async () => {
    const { base } = await serve((_req, res) => res.end(certificatePem));

    expect(await fetchCertificatePem(`${base}/cert.pem`)).toBe(certificatePem);
  });

  it.each([
    ['declared', true],
    ['streamed without a length', false],
  ])('refuses a body over 64 KB (%s)', async (_how, declared) => {
    const { base } = await serve((_req, res) => {
      if (declared) res.setHeader('content-length', String(100 * 1024));
      res.end(Buffer.alloc(100 * 1024, 'a'));
    });

    await expect(fetchCertificatePem(`${base}/cert.pem`)).rejects.toMatchObject({ transient: false, message: expect.stringMatching(/^certificate too large/) });
  });

  it('follows no redirect: the target, never checked, is not requested', async () => {
    const { base, paths } = await serve((req, res) => {
      if (req.url === '/cert.pem') {
        res.writeHead(302, { location: '/elsewhere.pem' });
        res.end();
      } else res.end(certificatePem);
    });

    await expect(fetchCertificatePem(`${base}/cert.pem`)).rejects.toMatchObject({ message: 'certificate unavailable: HTTP 302 from the certificate URL', transient: false });
    expect(paths).toEqual(['/cert.pem']);
  });

  it('calls a 5xx or a refused connection transient (SNS should retry), a 404 not', async () => {
    const { base } = await serve((req, res) => {
      res.writeHead(req.url === '/missing.pem' ? 404 : 503);
      res.end();
    });

    await expect(fetchCertificatePem(`${base}/cert.pem`)).rejects.toMatchObject({ transient: true });
    await expect(fetchCertificatePem(`${base}/missing.pem`)).rejects.toMatchObject({ transient: false });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetchCertificatePem(`http://127.0.0.1:${closedPort}/cert.pem`)).rejects.toMatchObject({ transient: true, message: 'certificate unavailable: ECONNREFUSED' });
  });
});

/**
 * Which URLs in an SNS message the bot may fetch: the signing certificate (`SigningCertURL`)
 * and the subscription confirmation (`SubscribeURL`). Both are chosen by whoever sent the
 * message, which is not yet authenticated when they are checked, so the rules are strict and
 * are applied before any request is made:
 *
 * - SNS's own hosts: `https:`, no user info, default port, host matching
 *   `^sns\.[a-zA-Z0-9-]{3,}\.amazonaws\.com(\.cn)?$` (the pattern AWS's validators use);
 *   certificates must also have a path ending in `.pem`.
 * - Or a trusted prefix (`MLOBS_SNS_TRUSTED_URLS`, the simulator): the URL, parsed and
 *   normalised by WHATWG URL rules, must have the prefix's exact origin (scheme, host, port)
 *   and a path under the prefix's path taken as a folder. So `http://127.0.0.1:4566` trusts
 *   `http://127.0.0.1:4566/sns/x.pem` but not `http://127.0.0.1:45660/…`, and
 *   `http://sim/sns` trusts `/sns/…` but not `/snsevil/…`.
 *
 * The checked, normalised URL is what gets fetched — never the raw string.
 */

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

const SNS_HOST = /^sns\.[a-zA-Z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;

interface TrustedPrefix {
  origin: string;
  /** Always ends with `/`. */
  path: string;
}

export class SnsUrlPolicy {
  private readonly trusted: TrustedPrefix[];

  /** Throws on a prefix that is not a plain http(s) URL (the configuration validates them). */
  constructor(trustedPrefixes: readonly string[] = []) {
    this.trusted = trustedPrefixes.map(trustedPrefix);
  }

  get trustedPrefixes(): string[] {
    return this.trusted.map((prefix) => `${prefix.origin}${prefix.path}`);
  }

  /** Where the signing certificate may be fetched from. Reasons read `certificate URL not trusted: …`. */
  certificateUrl(raw: string): UrlVerdict {
    return this.check(raw, 'certificate URL', true);
  }

  /** Where a subscription may be confirmed. Reasons read `SubscribeURL not trusted: …`. */
  subscribeUrl(raw: string): UrlVerdict {
    return this.check(raw, 'SubscribeURL', false);
  }

  private check(raw: string, what: string, pem: boolean): UrlVerdict {
    const refuse = (why: string): UrlVerdict => ({ ok: false, reason: `${what} not trusted: ${why}` });
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return refuse(`${quote(raw)} is not a URL`);
    }
    // `https://sns.us-east-1.amazonaws.com@evil.example/x.pem` is a request to evil.example.
    if (url.username !== '' || url.password !== '') return refuse(`it carries user info before the host ${bounded(url.hostname)}`);
    const underTrustedPrefix = this.trusted.some((prefix) => url.origin === prefix.origin && url.pathname.startsWith(prefix.path));
    if (!underTrustedPrefix) {
      if (url.protocol !== 'https:') return refuse(`${url.protocol.replace(/:$/, '')} is not https (SNS serves only https)`);
      if (!SNS_HOST.test(url.hostname)) return refuse(`host ${bounded(url.hostname)} is not an SNS host`);
      if (url.port !== '') return refuse(`port ${url.port} on an SNS host (SNS uses 443)`);
    }
    if (pem && !url.pathname.endsWith('.pem')) return refuse(`path ${quote(url.pathname)} does not end in .pem`);
    return { ok: true, url };
  }
}

function trustedPrefix(prefix: string): TrustedPrefix {
  let url: URL;
  try {
    url = new URL(prefix);
  } catch {
    throw new Error(`trusted SNS URL prefix ${quote(prefix)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`trusted SNS URL prefix ${quote(prefix)} is not http(s)`);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new Error(`trusted SNS URL prefix ${quote(prefix)} must be scheme, host, port and path only`);
  }
  return { origin: url.origin, path: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/` };
}

/** Attacker-chosen text in a reason: quoted, bounded, one line. */
export function quote(text: string): string {
  return JSON.stringify(bounded(text));
}

function bounded(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

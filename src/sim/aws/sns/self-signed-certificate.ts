import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 v3 certificate (RSA, SHA-256), DER-encoded by hand: Node's crypto can
 * read and verify certificates but not create them, and the simulator only needs this one
 * shape. `new X509Certificate(pem)` parses the result; its tests check it.
 */
export interface SelfSignedCertificateRequest {
  commonName: string;
  organization: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

export function createSelfSignedCertificate(request: SelfSignedCertificateRequest): string {
  const name = distinguishedName(request.commonName, request.organization);
  const algorithm = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00])); // sha256WithRSAEncryption, NULL
  const serial = randomBytes(16);
  const keyUsage = seq(oid('2.5.29.15'), Buffer.from([0x01, 0x01, 0xff]), tlv(0x04, Buffer.from([0x03, 0x02, 0x07, 0x80]))); // critical: digitalSignature
  const subjectKeyId = seq(oid('2.5.29.14'), tlv(0x04, tlv(0x04, createHash('sha1').update(request.publicKey.export({ type: 'spki', format: 'der' })).digest())));
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // version v3
    integer(serial),
    algorithm,
    name,
    seq(time(request.notBefore), time(request.notAfter)),
    name,
    request.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(keyUsage, subjectKeyId)),
  );
  const signature = sign('sha256', tbs, request.privateKey);
  const certificate = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0x00]), signature])));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: Buffer;
  if (length < 0x80) {
    header = Buffer.from([tag, length]);
  } else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));

/** A non-negative INTEGER from big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let n = arc >>> 7; n > 0; n >>>= 7) base128.unshift((n & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-23T14:07:12.345Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

function distinguishedName(commonName: string, organization: string): Buffer {
  const attribute = (type: string, tag: number, value: string) => set(seq(oid(type), tlv(tag, Buffer.from(value, 'utf8'))));
  return seq(
    attribute('2.5.4.6', 0x13, 'US'), // countryName, PrintableString
    attribute('2.5.4.10', 0x0c, organization), // organizationName, UTF8String
    attribute('2.5.4.3', 0x0c, commonName), // commonName, UTF8String
  );
}

/**
 * The credential scope of a SigV4-signed request. The simulator does not verify signatures (it
 * knows no secrets), but every SDK request carries one, and its scope says which region and
 * service the caller meant.
 */
export interface SigV4Scope {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  signingName: string;
}

const authorizationPattern =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request\s*,\s*SignedHeaders=[a-z0-9;-]+\s*,\s*Signature=[0-9a-f]{64}\s*$/i;

/** From an `Authorization` header (or a presigned URL's `X-Amz-Credential`); undefined when it doesn't look like SigV4. */
export function readSigV4Scope(authorization: string | undefined, presignedCredential?: string | null): SigV4Scope | undefined {
  if (authorization) {
    const match = authorizationPattern.exec(authorization);
    if (!match) return undefined;
    const [, accessKeyId = '', date = '', region = '', signingName = ''] = match;
    return { accessKeyId, date, region, signingName };
  }
  if (presignedCredential) {
    const [accessKeyId, date, region, signingName, terminator] = presignedCredential.split('/');
    if (accessKeyId && date && region && signingName && terminator === 'aws4_request') return { accessKeyId, date, region, signingName };
  }
  return undefined;
}

import type { IncomingMessage } from 'node:http';
import type { ApiArgs } from './api-method.js';

/**
 * Decoding a Web API request as Slack does: query string plus a form-encoded, JSON or
 * multipart body (the Web API client sends form fields, with `blocks`, `attachments` and
 * `files` JSON-encoded inside them; it switches to multipart when an argument is binary).
 */

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class MalformedRequest extends Error {}

export async function decodeApiArgs(req: IncomingMessage, body: Buffer, url: URL): Promise<ApiArgs> {
  const args: ApiArgs = Object.fromEntries(url.searchParams);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return args;
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new MalformedRequest('invalid_json');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new MalformedRequest('invalid_json');
    return { ...args, ...(parsed as ApiArgs) };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await multipartForm(body, contentType);
    for (const [key, value] of form) args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    return args;
  }
  return { ...args, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
}

/** The bot token: `Authorization: Bearer …` first, then the `token` argument. */
export function tokenOf(req: IncomingMessage, args: ApiArgs): string | undefined {
  const header = req.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return bearer;
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

/** The bytes posted to an upload URL: the first file of a multipart body, or the raw body. */
export async function uploadedBytes(req: IncomingMessage, body: Buffer): Promise<Buffer> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('multipart/form-data')) return body;
  const form = await multipartForm(body, contentType);
  for (const [, value] of form) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  const first = [...form.values()][0];
  return Buffer.from(typeof first === 'string' ? first : '');
}

function multipartForm(body: Buffer, contentType: string): Promise<FormData> {
  // Node's fetch Response parses multipart bodies; no parser of our own needed.
  return new Response(body, { headers: { 'content-type': contentType } }).formData().catch(() => {
    throw new MalformedRequest('invalid_form_data');
  });
}

import type { AwsSimulator } from '../../../../src/sim/aws/server/start-aws-simulator.js';
import { sigV4Authorization } from '../server/simulator-test-kit.js';

/**
 * Calls the simulator's SNS query API the way @aws-sdk/client-sns would (a signed form post);
 * that client is not a dependency of the project, so tests post the form themselves.
 */
export async function snsQuery(sim: AwsSimulator, action: string, params: Record<string, string> = {}): Promise<{ status: number; xml: string }> {
  const body = new URLSearchParams({ Action: action, Version: '2010-03-31', ...params });
  const response = await fetch(sim.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: sigV4Authorization('sns') },
    body,
  });
  return { status: response.status, xml: await response.text() };
}

/** The text of every `<tag>` in an XML answer. */
export function xmlValues(xml: string, tag: string): string[] {
  const unescape = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => unescape(m[1] ?? ''));
}

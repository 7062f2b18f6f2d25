/**
 * Storms for the end-to-end tests: `stormAlarms` and `runStorm` (in `support/alarm-storm.ts`,
 * shared with the benchmarks) and `expectStormOutcome`, which checks what the channel shows.
 */
import { expect } from 'vitest';
import type { StormAlarm } from '../../../support/alarm-storm.js';
import { CHANNEL, type IncidentWorld } from './incident-world.js';

export { runStorm, stormAlarms, type StormAlarm, type StormOptions, type StormResult, type StormWorld } from '../../../support/alarm-storm.js';

export interface SlackCallReport {
  incidents: number;
  /** Accepted by Slack. */
  posts: number;
  updates: number;
  /** Calls answered 429 (each retried after its Retry-After), and the buckets that were exhausted. */
  rateLimited: number;
  rateLimitedBuckets: string[];
  replies: number;
  /** Top-level messages that belong to no incident (subscription notices). */
  notices: number;
  /** chat.postMessage + chat.update, 429s included. */
  total: number;
}

/** Checks one parent per incident in its final state, and reports the Slack calls it took. */
export function expectStormOutcome(world: Pick<IncidentWorld, 'slack' | 'parents'>, alarms: readonly StormAlarm[]): SlackCallReport {
  const channel = world.slack.channel(CHANNEL);
  const parents = world.parents();
  const byEndpoint = new Map<string, typeof parents>();
  for (const parent of parents) {
    const endpoint = /— (storm-ep-\d+):/.exec(parent.text)?.[1] ?? '?';
    byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), parent]);
  }
  expect(parents).toHaveLength(alarms.length);
  const wrong = alarms.filter((storm) => {
    const mine = byEndpoint.get(storm.endpoint) ?? [];
    const look = storm.final === 'OK' ? '✅ RESOLVED' : '🔴 ALARM';
    return mine.length !== 1 || !mine[0]!.text.startsWith(look);
  });
  expect(wrong.map((storm) => `${storm.endpoint} should end ${storm.final}: ${(byEndpoint.get(storm.endpoint) ?? []).map((p) => p.text.split('\n')[0]).join(' | ') || 'no parent'}`)).toEqual([]);
  expect(world.slack.earlyRetries).toEqual([]);

  const chat = world.slack.calls.filter((call) => call.method === 'chat.postMessage' || call.method === 'chat.update');
  const report: SlackCallReport = {
    incidents: parents.length,
    posts: chat.filter((call) => call.method === 'chat.postMessage' && call.ok).length,
    updates: chat.filter((call) => call.method === 'chat.update' && call.ok).length,
    rateLimited: world.slack.rateLimited.length,
    rateLimitedBuckets: [...new Set(world.slack.rateLimited.map((refusal) => refusal.bucket))],
    replies: parents.reduce((sum, parent) => sum + channel.thread(parent.ts).length, 0),
    notices: channel.messages().filter((m) => !m.replyBroadcast && !String(m.metadata?.event_payload.key).startsWith('incident:')).length,
    total: chat.length,
  };
  return report;
}

/**
 * An alarm storm through the simulated SNS: `alarmCount` alarms, each on its own endpoint (so
 * its own incident), each changing state `notificationsEach` times within `durationMs` of real
 * time — ALARM, OK, ALARM… Odd alarms start with an OK the bot never saw firing (ignored) and
 * end in ALARM; even ones end OK. One alarm's notifications are published one after the other,
 * as CloudWatch does; the alarms run concurrently.
 */
import { expect } from 'vitest';
import type { AlarmState, MetricAlarmDefinition } from '../../../src/sim/aws/sns/alarm-notification.js';
import { latencyAlarm } from './alarm-definitions.js';
import { CHANNEL, type IncidentWorld } from './incident-world.js';

export interface StormAlarm {
  alarm: MetricAlarmDefinition;
  endpoint: string;
  states: AlarmState[];
  final: AlarmState;
}

export function stormAlarms(alarmCount: number, notificationsEach: number): StormAlarm[] {
  return Array.from({ length: alarmCount }, (_, i) => {
    const endpoint = `storm-ep-${String(i).padStart(3, '0')}`;
    const states = Array.from({ length: notificationsEach }, (_, j): AlarmState => ((i + j) % 2 === 0 ? 'ALARM' : 'OK'));
    return { alarm: latencyAlarm(`${endpoint}-p99-latency`, endpoint), endpoint, states, final: states.at(-1)! };
  });
}

export interface StormOptions {
  durationMs: number;
  /** Awaited before each publish: lets a test hold the storm back (while the bot restarts). */
  gate?: () => Promise<void>;
  /** The storm's jitter; a seeded one makes a failing run easier to replay. Default Math.random. */
  random?: () => number;
}

/** What a storm needs from its world: the in-process one or a bot process. */
export type StormWorld = Pick<IncidentWorld, 'publish'>;

export interface StormResult {
  notifications: number;
  /** Deliveries the bot did not answer 200 (SNS would retry them; none expected). */
  notDelivered: number;
  elapsedMs: number;
}

export async function runStorm(world: StormWorld, alarms: readonly StormAlarm[], options: StormOptions): Promise<StormResult> {
  const started = Date.now();
  const stormStart = Date.now() - 3_600_000;
  let notifications = 0;
  let notDelivered = 0;
  const random = options.random ?? Math.random;
  await Promise.all(
    alarms.map(async (storm, i) => {
      const stepMs = options.durationMs / storm.states.length;
      await sleep(random() * stepMs);
      for (const [j, state] of storm.states.entries()) {
        await options.gate?.();
        // StateChangeTime: 6 s apart per alarm (a flapping alarm), offset per alarm.
        const at = new Date(stormStart + j * 6_000 + i);
        const oldState = j === 0 ? (state === 'ALARM' ? 'OK' : 'ALARM') : storm.states[j - 1]!;
        const { status } = await world.publish(storm.alarm, state, at, { oldState });
        notifications += 1;
        if (status !== 200) notDelivered += 1;
        await sleep(stepMs * (0.5 + random()));
      }
    }),
  );
  return { notifications, notDelivered, elapsedMs: Date.now() - started };
}

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

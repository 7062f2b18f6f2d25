/**
 * Slack failing under the real bot: alarms keep arriving through SNS while Slack answers 500 to
 * everything, or refuses with a 429 and a Retry-After. Every incident still ends up in Slack
 * exactly once, its thread in order, nothing sent early.
 *
 * Real time, shortened: the outage lasts OUTAGE_MS instead of a minute, and the sender's backoff
 * is scaled down by the same factor (1 s → 50 ms base), so it retries through the outage as many
 * times as it would through a minute at the default backoff. `test/slack/outbox/` covers the full
 * minute and a 30 s Retry-After on simulated time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { latencyAlarm } from '../e2e/incidents/alarm-definitions.js';
import { CHANNEL, openIncidentWorld, type IncidentWorld } from '../e2e/incidents/incident-world.js';
import { storeTargets } from '../support/database.js';

/** "A minute" of 500s, scaled down with the backoff. */
const OUTAGE_MS = 3_000;
const RETRY_AFTER_SECONDS = 3;
const ENDPOINTS = ['fraud-detector', 'recsys-ranker', 'churn-model'];
const FAST_OUTBOX = { postIntervalMs: 50, updateIntervalMs: 50, pollIntervalMs: 50, retry: { baseDelayMs: 50, maxDelayMs: 400 } };

describe.each(storeTargets().map((t) => [t.name, t] as const))('Slack failing under the bot (%s)', (_name, target) => {
  let world: IncidentWorld;

  afterEach(() => world.close());

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const messagesByKey = () => {
    const keys = world.slack.messages().map((m) => String(m.metadata?.event_payload.key ?? `untagged:${m.ts}`));
    return { keys, unique: new Set(keys) };
  };
  const deadLetters = async () =>
    Number((await world.bot.services.store.db.selectFrom('slack_outbox').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'dead').executeTakeFirst())?.n);

  it('a Slack outage while alarms arrive: afterwards every message is delivered once, each thread in order', async () => {
    // Slack's own pacing off: this is about the outage, not the rate limits.
    world = await openIncidentWorld({ target, outbox: FAST_OUTBOX, slack: { rateLimits: { enabled: false } } });
    const outageStarts = Date.now();
    world.slack.setOutage(OUTAGE_MS);
    const outageEnds = outageStarts + OUTAGE_MS;
    const alarms = ENDPOINTS.map((endpoint) => latencyAlarm(`${endpoint}-p99-latency`, endpoint));
    // Each incident fires, resolves, fires again and resolves: replies whose order matters, and
    // parent updates queued while the parent's post is still failing (its final state must win).
    for (const [state, minute] of [['ALARM', 50], ['OK', 40], ['ALARM', 30], ['OK', 20]] as const) {
      for (const alarm of alarms) expect((await world.publish(alarm, state, minutesAgo(minute))).status).toBe(200);
    }

    await world.settled(30_000);

    const calls = world.slack.calls.filter((c) => c.at >= outageStarts);
    expect(calls.filter((c) => c.status === 500).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.ok).every((c) => c.at >= outageEnds)).toBe(true);
    const parents = world.parents();
    expect(parents).toHaveLength(ENDPOINTS.length);
    const { keys, unique } = messagesByKey();
    expect(keys.length).toBe(unique.size);
    for (const parent of parents) {
      expect(parent.text).toMatch(/^✅ RESOLVED/);
      const replies = world.slack.channel(CHANNEL).thread(parent.ts).map((m) => m.text);
      // Resolved, reopened, resolved again: each reply once, in the order it happened.
      expect(replies).toEqual([expect.stringMatching(/^✅ Resolved/), expect.stringMatching(/^🔴 Reopened/), expect.stringMatching(/^✅ Resolved/)]);
    }
    expect(await deadLetters()).toBe(0);
  });

  it(`a 429 with Retry-After ${RETRY_AFTER_SECONDS}: the channel waits it out, nothing early, nothing dropped`, async () => {
    world = await openIncidentWorld({ target, outbox: FAST_OUTBOX, slack: { rateLimits: { enabled: false } } });
    world.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: RETRY_AFTER_SECONDS });
    const alarms = ENDPOINTS.map((endpoint) => latencyAlarm(`${endpoint}-p99-latency`, endpoint));
    for (const alarm of alarms) await world.publish(alarm, 'ALARM', minutesAgo(10));

    await world.settled(30_000);

    const refusals = world.slack.calls.filter((c) => c.status === 429);
    expect(refusals).toHaveLength(1);
    const refused = refusals[0]!;
    const tooEarly = world.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === refused.args.channel && c.at > refused.at && c.at < refused.at + RETRY_AFTER_SECONDS * 1_000);
    expect(tooEarly).toEqual([]);
    expect(world.slack.earlyRetries).toEqual([]);
    expect(world.parents()).toHaveLength(ENDPOINTS.length);
    expect(new Set(world.parents().map((p) => p.metadata?.event_payload.key)).size).toBe(ENDPOINTS.length);
    expect(world.logs.some((line) => line.msg === 'slack rate limited; waiting Retry-After' && line.retryAfterSeconds === RETRY_AFTER_SECONDS)).toBe(true);
  });
});

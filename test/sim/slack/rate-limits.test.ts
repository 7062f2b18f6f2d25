import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@slack/web-api';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { ManualClock, slackError, webClientFor } from './sim-test-kit.js';

describe("Slack simulator: Slack's rate limits", () => {
  let sim: SlackSimulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('answers some of 10 simultaneous posts into one channel with 429 and Retry-After', async () => {
    sim = await startSlackSimulator();
    const client = webClientFor(sim);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => client.chat.postMessage({ channel: 'C0INCIDENTS', text: `alarm ${i}` })),
    );
    const limited = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.length - limited.length).toBeGreaterThanOrEqual(3);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    for (const { reason } of limited) expect(reason).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(sim.rateLimited).toHaveLength(limited.length);
    expect(sim.rateLimited[0]).toMatchObject({ method: 'chat.postMessage', bucket: 'chat.postMessage C0INCIDENTS', retryAfterSeconds: 1 });
    expect(sim.calls.filter((c) => c.status === 429)).toHaveLength(limited.length);
    // Ten different messages are not retries of each other.
    expect(sim.earlyRetries).toEqual([]);
  });

  it('answers 429 over HTTP with a Retry-After header and ratelimited body', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now, rateLimits: { postMessage: { burst: 1 } } });
    const post = () =>
      fetch(`${sim!.url}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${DEFAULT_BOT_TOKEN}` },
        body: new URLSearchParams({ channel: 'C0INCIDENTS', text: 'hi' }).toString(),
      });
    expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('lets a client that waits Retry-After (the real WebClient retrying by itself) through', async () => {
    sim = await startSlackSimulator();
    const client = webClientFor(sim, { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 10 }, rejectRateLimitedCalls: false });
    for (let i = 0; i < 4; i++) await client.chat.postMessage({ channel: 'C0INCIDENTS', text: `update ${i}` });
    expect(sim.channel('#ml-incidents').messages()).toHaveLength(4);
    expect(sim.rateLimited).toHaveLength(1);
    expect(sim.earlyRetries).toEqual([]);
  });

  it('records a client that comes back before its Retry-After ran out', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now });
    const client = webClientFor(sim);
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C0INCIDENTS', text: `burst ${i}` });
    const first = await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'impatient' }));
    expect(first).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });

    clock.advance(400);
    expect((await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'impatient' }))).retryAfter).toBe(1);
    expect(sim.earlyRetries).toHaveLength(1);
    expect(sim.earlyRetries[0]).toMatchObject({ method: 'chat.postMessage', earlyByMs: 600 });

    // The early retry was refused with its own Retry-After, which is the one to obey now.
    clock.advance(1_000);
    expect((await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'impatient' })).ok).toBe(true);
    expect(sim.earlyRetries).toHaveLength(1);
  });

  it('counts a chat.update of the same message as a retry even when its content changed', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now, rateLimits: { tiersPerMinute: { 3: 1 } } });
    const client = webClientFor(sim);
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'v0' });
    await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'v1' });
    expect((await slackError(client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'v2' }))).retryAfter).toBe(60);
    clock.advance(1_000);
    await slackError(client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'v3' }));
    expect(sim.earlyRetries.map((r) => r.method)).toEqual(['chat.update']);
  });

  it('limits chat.postMessage per channel, so another channel is unaffected', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now });
    const client = webClientFor(sim);
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C0INCIDENTS', text: `i${i}` });
    expect((await slackError(client.chat.postMessage({ channel: '#ml-incidents', text: 'by name, same bucket' }))).code).toBe(ErrorCode.RateLimitedError);
    expect((await client.chat.postMessage({ channel: 'C0COSTS', text: 'other channel' })).ok).toBe(true);
    clock.advance(1_000);
    expect((await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'refilled' })).ok).toBe(true);
  });

  it('applies the workspace-wide tiers to other methods (Tier 3 chat.update, Tier 2 usergroups)', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now });
    const client = webClientFor(sim);
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'v0' });
    for (let i = 1; i <= 50; i++) await client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: `v${i}` });
    expect((await slackError(client.chat.update({ channel: 'C0INCIDENTS', ts: ts!, text: 'v51' }))).retryAfter).toBe(2);
    for (let i = 0; i < 20; i++) await client.usergroups.users.list({ usergroup: 'S0MLONCALL' });
    expect((await slackError(client.usergroups.users.list({ usergroup: 'S0MLONCALL' }))).retryAfter).toBe(3);
    expect(sim.rateLimited.map((r) => r.bucket)).toEqual(['tier3 chat.update', 'tier2 usergroups.users.list']);
  });

  it('limits chat.postMessage across the workspace too, without using up the channel that was refused', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now, rateLimits: { postMessageWorkspace: { perMinute: 5 } } });
    const client = webClientFor(sim);
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C0INCIDENTS', text: `incident ${i}` });
    for (let i = 0; i < 2; i++) await client.chat.postMessage({ channel: 'C0COSTS', text: `digest ${i}` });

    // C0COSTS still has a token of its own; the workspace has none: a minute over 5 is 12 s each.
    expect(await slackError(client.chat.postMessage({ channel: 'C0COSTS', text: 'digest 2' }))).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 12 });
    expect(sim.rateLimited.map((r) => r.bucket)).toEqual(['chat.postMessage workspace']);

    clock.advance(12_000);
    expect((await client.chat.postMessage({ channel: 'C0COSTS', text: 'digest 2' })).ok).toBe(true);
    expect(sim.earlyRetries).toEqual([]);
  });

  it('allows 300 posts a minute across the workspace by default, and the workspace limit can be switched off', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now, rateLimits: { postMessage: { burst: 1_000 } } });
    const client = webClientFor(sim);
    for (let i = 0; i < 300; i++) await client.chat.postMessage({ channel: 'C0INCIDENTS', text: `m${i}` });
    expect((await slackError(client.chat.postMessage({ channel: 'C0COSTS', text: 'one too many' }))).retryAfter).toBe(1);
    expect(sim.rateLimited.map((r) => r.bucket)).toEqual(['chat.postMessage workspace']);
    await sim.close();

    sim = await startSlackSimulator({ clock: clock.now, rateLimits: { postMessage: { burst: 1_000 }, postMessageWorkspace: false } });
    const unlimited = webClientFor(sim);
    for (let i = 0; i < 301; i++) await unlimited.chat.postMessage({ channel: 'C0INCIDENTS', text: `m${i}` });
    expect(sim.rateLimited).toEqual([]);
  });

  it('can be switched off', async () => {
    sim = await startSlackSimulator();
    sim.setRateLimiting(false);
    const client = webClientFor(sim);
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.chat.postMessage({ channel: 'C0INCIDENTS', text: `m${i}` })));
    expect(sim.rateLimited).toEqual([]);
    expect(sim.channel('#ml-incidents').messages()).toHaveLength(10);
  });
});

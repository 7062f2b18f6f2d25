import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@slack/web-api';
import { startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { ManualClock, slackError, webClientFor } from './sim-test-kit.js';

describe('Slack simulator: fault injection', () => {
  let sim: SlackSimulator;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now });
  });

  afterEach(async () => {
    await sim.close();
  });

  it('answers 500 to every call during an outage, then recovers', async () => {
    const client = webClientFor(sim);
    sim.setOutage(60_000);
    const during = await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'alarm' }));
    expect(during).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect((await fetch(sim.responseUrl(), { method: 'POST', body: '{"text":"x"}' })).status).toBe(500);
    expect(sim.calls.at(-1)).toMatchObject({ method: 'chat.postMessage', status: 500, ok: false });

    clock.advance(60_000);
    expect((await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'alarm' })).ok).toBe(true);
    expect(sim.channel('#ml-incidents').messages()).toHaveLength(1);
  });

  it('fails the next N calls of one method with the given status, leaving others alone', async () => {
    const client = webClientFor(sim);
    sim.failNext('chat.postMessage', { status: 503, count: 2 });
    expect((await client.auth.test()).ok).toBe(true);
    expect((await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'a' }))).statusCode).toBe(503);
    expect((await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'a' }))).statusCode).toBe(503);
    expect((await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'a' })).ok).toBe(true);
  });

  it('can inject a Slack error code with HTTP 200', async () => {
    sim.failNext('chat.update', { error: 'fatal_error' });
    const failure = await slackError(webClientFor(sim).chat.update({ channel: 'C0INCIDENTS', ts: '1.000001', text: 'x' }));
    expect(failure).toMatchObject({ code: ErrorCode.PlatformError, error: 'fatal_error' });
  });

  it('answers an injected 429 with the Retry-After the test chose, and notices a client back too early', async () => {
    const client = webClientFor(sim);
    sim.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 30 });
    const limited = await slackError(client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'alarm' }));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 30 });
    expect(sim.calls.at(-1)).toMatchObject({ method: 'chat.postMessage', status: 429, error: 'ratelimited' });
    expect(sim.rateLimited).toMatchObject([{ method: 'chat.postMessage', bucket: 'injected', retryAfterSeconds: 30 }]);

    clock.advance(10_000);
    expect((await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'alarm' })).ok).toBe(true);
    expect(sim.earlyRetries).toMatchObject([{ method: 'chat.postMessage', earlyByMs: 20_000 }]);
  });

  it('keeps Retry-After 1 for an injected 429 unless told otherwise', async () => {
    sim.failNext('chat.update', { status: 429 });
    const response = await fetch(`${sim.url}chat.update`, { method: 'POST', body: new URLSearchParams({ channel: 'C0INCIDENTS', ts: '1.000001', text: 'x' }) });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(() => sim.failNext('chat.update', { status: 503, retryAfterSeconds: 5 })).toThrow(/needs status 429/);
  });

  it('lets a retrying WebClient ride out a short failure', async () => {
    sim.failNext('*', { status: 500, count: 1 });
    const client = webClientFor(sim, { retryConfig: { retries: 2, minTimeout: 5, maxTimeout: 5 } });
    expect((await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'eventually' })).ok).toBe(true);
    expect(sim.calls.map((c) => c.status)).toEqual([500, 200]);
  });
});

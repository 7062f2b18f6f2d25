import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@slack/web-api';
import { RetryPolicy } from '../../../src/slack/outbox/retry-policy.js';
import { slackFailureOf } from '../../../src/slack/outbox/slack-call-failure.js';

describe('what a failed Slack call means for the outbox', () => {
  it('waits a 429 out for exactly its Retry-After', () => {
    expect(slackFailureOf({ code: ErrorCode.RateLimitedError, retryAfter: 30 })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
  });

  it('retries 5xx answers, network errors and Slack-side errors; a lost answer may have posted', () => {
    expect(slackFailureOf({ code: ErrorCode.HTTPError, statusCode: 503 })).toEqual({ kind: 'transient', code: 'http_503', ambiguous: false });
    expect(slackFailureOf({ code: ErrorCode.RequestError, original: { message: 'socket hang up' } })).toMatchObject({ kind: 'transient', ambiguous: true });
    expect(slackFailureOf({ code: ErrorCode.PlatformError, data: { error: 'internal_error' } })).toMatchObject({ kind: 'transient', ambiguous: true });
    expect(slackFailureOf({ code: ErrorCode.PlatformError, data: { error: 'ratelimited' } })).toMatchObject({ kind: 'transient', ambiguous: false });
  });

  it.each(['channel_not_found', 'not_in_channel', 'invalid_blocks', 'msg_too_long', 'is_archived', 'invalid_auth'])('gives up at once on %s', (error) => {
    expect(slackFailureOf({ code: ErrorCode.PlatformError, data: { error } })).toMatchObject({ kind: 'permanent', code: error });
  });

  it('backs off exponentially with jitter, capped, and stops after the attempt limit', () => {
    const lowest = new RetryPolicy({ baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 5 }, () => 0);
    const highest = new RetryPolicy({ baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 5 }, () => 0.999_999);
    expect([1, 2, 3, 4, 10].map((n) => lowest.delayAfter(n))).toEqual([500, 1_000, 2_000, 4_000, 30_000]);
    expect([1, 2, 3, 4, 10].map((n) => highest.delayAfter(n))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000]);
    expect(lowest.exhausted(4)).toBe(false);
    expect(lowest.exhausted(5)).toBe(true);
  });
});

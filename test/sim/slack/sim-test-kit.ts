import { LogLevel, WebClient, type Logger, type WebClientOptions } from '@slack/web-api';
import { DEFAULT_BOT_TOKEN, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';

/** A clock tests move by hand: rate limits, expiry and outages without sleeping. */
export class ManualClock {
  constructor(private nowMs = Date.UTC(2026, 10, 23, 14, 0, 0)) {}

  readonly now = (): number => this.nowMs;

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** The Web API client's own logs would only clutter the test output. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/**
 * The real `WebClient` pointed at the simulator. By default it neither retries nor waits on
 * 429, so a test sees each answer as Slack gave it.
 */
export function webClientFor(sim: SlackSimulator, options: WebClientOptions & { token?: string } = {}): WebClient {
  const { token = DEFAULT_BOT_TOKEN, ...rest } = options;
  return new WebClient(token, {
    slackApiUrl: sim.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: silentLogger,
    ...rest,
  });
}

/** The Slack error code of a rejected Web API call (`data.error`), or the error's code. */
export async function slackError(call: Promise<unknown>): Promise<{ code: string; error?: string; data?: Record<string, unknown>; retryAfter?: number; statusCode?: number }> {
  try {
    await call;
  } catch (caught) {
    const error = caught as { code: string; data?: Record<string, unknown>; retryAfter?: number; statusCode?: number };
    return {
      code: error.code,
      ...(typeof error.data?.error === 'string' ? { error: error.data.error } : {}),
      ...(error.data ? { data: error.data } : {}),
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
      ...(error.statusCode !== undefined ? { statusCode: error.statusCode } : {}),
    };
  }
  throw new Error('expected the Slack call to fail, but it succeeded');
}

import type { WebClient } from '@slack/web-api';
import type { Logger } from '../telemetry/logger.js';

export type SlackAuthStatus = { ok: true; team?: string; botUserId?: string } | { ok: false; reason: string };

/** How long a good `auth.test` answer is trusted before `/readyz` asks Slack again. */
const RECHECK_AFTER_MS = 60_000;

/**
 * Whether Slack accepts our bot token, for `/readyz`. Checked at start and then lazily, at most
 * once a minute, so a readiness probe every few seconds does not spend Slack's rate limit.
 */
export class SlackAuthCheck {
  private last?: { status: SlackAuthStatus; at: number };
  private inFlight?: Promise<SlackAuthStatus>;

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  async status(): Promise<SlackAuthStatus> {
    if (this.last && Date.now() - this.last.at < RECHECK_AFTER_MS && this.last.status.ok) return this.last.status;
    this.inFlight ??= this.check().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async check(): Promise<SlackAuthStatus> {
    let status: SlackAuthStatus;
    try {
      const answer = await this.client.auth.test();
      status = { ok: true, ...(answer.team ? { team: answer.team } : {}), ...(answer.user_id ? { botUserId: answer.user_id } : {}) };
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
      status = { ok: false, reason: `Slack auth.test failed: ${code}` };
    }
    if (this.last?.status.ok !== status.ok) {
      if (status.ok) this.log.info({ team: status.team, botUserId: status.botUserId }, 'slack auth ok');
      else this.log.warn({ reason: status.reason }, 'slack auth failed');
    }
    this.last = { status, at: Date.now() };
    return status;
  }
}

import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { actions, type Action, type Reply, type Visibility } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import { renderBlocks, type SlackMessage } from './render-blocks.js';

/**
 * The "Running… 1.2 GB scanned" message of a long command, with its Cancel button, updated in
 * place while the command runs and replaced by the final answer.
 *
 * Why the Web API and not the command's `response_url`: Slack lets a `response_url` replace only
 * the message whose button was clicked; posting `replace_original` to a slash command's URL adds
 * a new message instead (slackapi/bolt-js#2287, bolt-python#1268), and each URL takes 5 posts.
 * So a channel-visible progress message is posted with `chat.postMessage` and edited with
 * `chat.update` (Tier 3, shared with the incident outbox: hence one edit every few seconds at
 * most). Where the bot may not post (a DM, a private channel it is not in) or the answer is
 * private, the progress is shown once through `response_url` and the final answer follows it
 * there, leaving that URL's remaining uses for the answer and its plain-text fallback.
 */

export const PROGRESS_UPDATE_INTERVAL_MS = 4_000;
/** Most queries answer within a second or two: they get their answer without a "Running…" flash first. */
export const FIRST_PROGRESS_DELAY_MS = 2_000;

export interface CommandProgressOptions {
  client: WebClient;
  respond: RespondFn;
  channelId: string;
  log: Logger;
  cancel: Action;
  intervalMs?: number;
  firstDelayMs?: number;
  /** Called once the first progress message is out (the Cancel button is visible). */
  onShown?: () => void;
}

type Posted = { kind: 'message'; channel: string; ts: string } | { kind: 'response_url' };

export class CommandProgressMessage {
  private posted: Posted | undefined;
  private latest: Reply | undefined;
  private sending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = 0;
  private closed = false;
  private readonly createdAt = Date.now();

  constructor(private readonly options: CommandProgressOptions) {}

  /** The `ts` of the progress message, when it was posted in the channel: the answer's thread. */
  get postedTs(): string | undefined {
    return this.posted?.kind === 'message' ? this.posted.ts : undefined;
  }

  /** Queues an interim answer; only the latest is sent, at most once per interval. */
  show(reply: Reply): void {
    if (this.closed || this.posted?.kind === 'response_url') return;
    this.latest = reply;
    if (this.timer) return;
    const interval = this.options.intervalMs ?? PROGRESS_UPDATE_INTERVAL_MS;
    const due = this.posted ? this.lastSentAt + interval : this.createdAt + (this.options.firstDelayMs ?? FIRST_PROGRESS_DELAY_MS);
    const wait = Math.max(0, due - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sending = this.sending.then(() => this.sendLatest());
    }, wait);
  }

  /**
   * Puts the final answer in place of the progress message when it is a channel message and the
   * answer is for the channel. Returns false when the caller must answer through `response_url`
   * (no progress message, one shown through `response_url`, or a private answer — the channel's
   * progress message is then deleted).
   */
  async finish(message: SlackMessage, visibility: Visibility): Promise<boolean> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sending;
    const posted = this.posted;
    if (posted?.kind !== 'message') return false;
    const { client, log } = this.options;
    if (visibility === 'channel') {
      try {
        await client.chat.update({ channel: posted.channel, ts: posted.ts, text: message.text, blocks: message.blocks });
        return true;
      } catch (error) {
        log.warn({ err: error }, 'could not put the answer in place of the progress message; answering through response_url');
      }
    }
    try {
      await client.chat.delete({ channel: posted.channel, ts: posted.ts });
    } catch (error) {
      log.warn({ err: error }, 'could not delete the progress message');
    }
    return false;
  }

  private async sendLatest(): Promise<void> {
    const reply = this.latest;
    this.latest = undefined;
    if (!reply || this.closed) return;
    const message = renderBlocks({ ...reply, parts: [...reply.parts, actions([this.options.cancel])] });
    try {
      if (!this.posted) await this.post(message, reply.visibility);
      else if (this.posted.kind === 'message') await this.options.client.chat.update({ channel: this.posted.channel, ts: this.posted.ts, text: message.text, blocks: message.blocks });
      this.lastSentAt = Date.now();
    } catch (error) {
      // Progress is a courtesy: the final answer still comes, whatever happened here.
      this.options.log.warn({ err: error }, 'could not show command progress');
    }
  }

  private async post(message: SlackMessage, visibility: Visibility): Promise<void> {
    const { client, respond, channelId, log } = this.options;
    if (visibility === 'channel') {
      try {
        const posted = await client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks });
        if (posted.ts && posted.channel) {
          this.posted = { kind: 'message', channel: posted.channel, ts: posted.ts };
          this.options.onShown?.();
          return;
        }
      } catch (error) {
        log.info({ err: error, channel: channelId }, 'cannot post progress in the channel; showing it through response_url');
      }
    }
    // Marked before sending: even a failed post may have used one of the URL's five posts.
    this.posted = { kind: 'response_url' };
    await respond({ response_type: visibility === 'channel' ? 'in_channel' : 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
    this.options.onShown?.();
  }
}

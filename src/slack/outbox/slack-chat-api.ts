/**
 * The slice of the Slack Web API the outbox sender calls, and its implementation over the
 * real `WebClient`. The client never retries or waits by itself (`retries: 0`,
 * `rejectRateLimitedCalls`): the outbox owns retries, so a 429's `Retry-After` is recorded
 * in the database and obeyed by every replica instead of being slept on in one process.
 */
import { webApi, type Logger as BoltLogger } from '@slack/bolt';
import { SlackCallError, slackFailureOf } from './slack-call-failure.js';

type WebClient = webApi.WebClient;

/** `event_type` of the metadata every outbox message carries; `event_payload.key` is its message key. */
export const OUTBOX_EVENT_TYPE = 'mlobs_message';

export interface SlackPostRequest {
  channel: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  replyBroadcast?: boolean;
  /** The logical message key and any extra fields, sent as message metadata. */
  metadata: { key: string } & Record<string, string | number | boolean>;
}

export interface SlackUpdateRequest {
  channel: string;
  ts: string;
  text: string;
  /** `[]` removes the message's blocks (absent would keep them). */
  blocks: unknown[];
}

export interface SlackMessageSearch {
  /** A channel ID (history cannot be read by name). */
  channel: string;
  key: string;
  /** Look among this thread's replies instead of the channel's messages. */
  threadTs?: string;
  /** Only messages posted at or after this time (epoch ms). */
  oldestMs: number;
}

/** Every method throws `SlackCallError` when the call fails. */
export interface SlackChatApi {
  postMessage(request: SlackPostRequest): Promise<{ channel: string; ts: string }>;
  updateMessage(request: SlackUpdateRequest): Promise<void>;
  /** A message this bot posted with `metadata.event_payload.key === key`, if Slack shows one: its channel ID and `ts`. */
  findPostedMessage(search: SlackMessageSearch): Promise<{ channel: string; ts: string } | undefined>;
}

export interface OutboxWebClientOptions {
  token: string;
  /** The Web API base URL; Slack's unless pointed at the simulator. */
  slackApiUrl?: string;
  /** Per-call timeout; keep it well under the sender's lease. Default 15 s. */
  timeoutMs?: number;
  logger?: BoltLogger;
}

/** A `WebClient` that leaves every retry to the outbox. */
export function createOutboxWebClient(options: OutboxWebClientOptions): WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 15_000,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** Slack channel, group and DM IDs; names (`#ml-incidents`) cannot be searched. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
/** Our clock and Slack's differ; search a little before the row was created. */
const CLOCK_SKEW_MS = 5 * 60_000;
const SEARCH_PAGES = 5;
/** 1,000 channels a page (Tier 2, about 20 calls a minute): enough for any workspace we expect. */
const CHANNEL_LIST_PAGES = 10;

export class WebClientChatApi implements SlackChatApi {
  /** Channel IDs by name (without `#`), learnt from `conversations.list`. */
  private readonly channelIds = new Map<string, string>();

  constructor(private readonly client: WebClient) {}

  async postMessage(request: SlackPostRequest): Promise<{ channel: string; ts: string }> {
    const { key, ...extra } = request.metadata;
    // The argument type is a union over text/blocks/thread variants; ours is one of them.
    const args = {
      channel: request.channel,
      text: request.text,
      ...(request.blocks && request.blocks.length > 0 ? { blocks: request.blocks } : {}),
      ...(request.threadTs ? { thread_ts: request.threadTs } : {}),
      ...(request.threadTs && request.replyBroadcast ? { reply_broadcast: true } : {}),
      metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { ...extra, key } },
    } as webApi.ChatPostMessageArguments;
    const answer = await this.call('chat.postMessage', () => this.client.chat.postMessage(args));
    if (typeof answer.ts !== 'string') throw new SlackCallError('chat.postMessage', { kind: 'transient', code: 'missing_ts', ambiguous: true });
    return { channel: typeof answer.channel === 'string' ? answer.channel : request.channel, ts: answer.ts };
  }

  async updateMessage(request: SlackUpdateRequest): Promise<void> {
    await this.call('chat.update', () =>
      this.client.chat.update({ channel: request.channel, ts: request.ts, text: request.text, blocks: request.blocks } as webApi.ChatUpdateArguments),
    );
  }

  async findPostedMessage(search: SlackMessageSearch): Promise<{ channel: string; ts: string } | undefined> {
    const channel = await this.channelId(search.channel);
    if (channel === undefined) return undefined;
    const oldest = (Math.max(0, search.oldestMs - CLOCK_SKEW_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < SEARCH_PAGES; page += 1) {
      const common = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const answer = search.threadTs
        ? await this.call('conversations.replies', () => this.client.conversations.replies({ ...common, ts: search.threadTs! }))
        : await this.call('conversations.history', () => this.client.conversations.history(common));
      const messages = (answer.messages ?? []) as Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }>;
      const found = messages.find((m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && m.metadata.event_payload?.key === search.key);
      if (found?.ts) return { channel, ts: found.ts };
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  /**
   * History is read by channel ID, while routing names channels (`#ml-incidents`): a post to a
   * name that may already be in Slack (a crash before its `ts` was recorded) is looked for
   * under the ID `conversations.list` gives for that name (public channels, `channels:read`).
   * Undefined when no public channel has that name: a private one would need `groups:read`.
   */
  private async channelId(channel: string): Promise<string | undefined> {
    if (CHANNEL_ID.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    const known = this.channelIds.get(name);
    if (known !== undefined) return known;
    let cursor: string | undefined;
    for (let page = 0; page < CHANNEL_LIST_PAGES; page += 1) {
      const args = { types: 'public_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) };
      const answer = await this.call('conversations.list', () => this.client.conversations.list(args));
      for (const listed of answer.channels ?? []) {
        if (typeof listed.name === 'string' && typeof listed.id === 'string') this.channelIds.set(listed.name, listed.id);
      }
      const found = this.channelIds.get(name);
      if (found !== undefined) return found;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new SlackCallError(method, slackFailureOf(error));
    }
  }
}

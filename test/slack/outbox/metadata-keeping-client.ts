import { WebClient, type WebAPICallResult } from '@slack/web-api';

type HistoryMessage = { ts?: string; metadata?: unknown };

/**
 * A `WebClient` that shows message metadata in `conversations.history`/`.replies` the way
 * Slack does (`include_all_metadata`), for as long as the Slack simulator does not keep
 * `metadata` itself: it remembers what each `chat.postMessage` it made attached, and adds it
 * to the history answers that lack it. Everything else is the real client on the real
 * simulator.
 */
export class MetadataKeepingClient extends WebClient {
  private readonly kept = new Map<string, unknown>();

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    const result = await super.apiCall(method, options);
    const answer = result as WebAPICallResult & { ts?: unknown; channel?: unknown; messages?: HistoryMessage[] };
    if (method === 'chat.postMessage' && options?.metadata && typeof answer.ts === 'string') {
      this.kept.set(`${String(answer.channel)}/${answer.ts}`, options.metadata);
    }
    if ((method === 'conversations.history' || method === 'conversations.replies') && options?.include_all_metadata) {
      for (const message of answer.messages ?? []) {
        const metadata = this.kept.get(`${String(options.channel)}/${String(message.ts)}`);
        if (message.metadata === undefined && metadata !== undefined) message.metadata = metadata;
      }
    }
    return result;
  }
}

import type { MessageStore, SimEphemeral, SimMessage } from './message-store.js';
import type { SimChannel } from './workspace.js';

/** Read-back of one channel for tests and the local console: `sim.channel('#ml-incidents')`. */
export class ChannelView {
  constructor(
    readonly info: Readonly<SimChannel>,
    private readonly store: MessageStore,
  ) {}

  get id(): string {
    return this.info.id;
  }

  get name(): string {
    return this.info.name;
  }

  /** What the channel shows, oldest first: top-level messages and broadcast replies. */
  messages(): SimMessage[] {
    return this.store.history(this.info.id);
  }

  /** The newest message the channel shows. */
  latest(): SimMessage | undefined {
    return this.messages().at(-1);
  }

  /** The replies in the thread under `ts`, oldest first, without the parent. */
  thread(ts: string): SimMessage[] {
    return this.store.replies(this.info.id, ts);
  }

  /** One message (top-level or reply) by `ts`, in its current version; `edits` holds the earlier ones. */
  message(ts: string): SimMessage | undefined {
    return this.store.find(this.info.id, ts);
  }

  /** Ephemeral messages in this channel, for one user or all. */
  ephemerals(userId?: string): SimEphemeral[] {
    return this.store.ephemerals({ channel: this.info.id, ...(userId ? { user: userId } : {}) });
  }
}

import type { MessageMetadata } from './message-metadata.js';
import type { SimEvents } from './sim-events.js';

/** A message's content at one point in time. */
export interface MessageVersion {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** What put a message into the channel. */
export type MessageOrigin = 'chat.postMessage' | 'response_url' | 'files.completeUploadExternal';

export interface SimMessage extends MessageVersion {
  channel: string;
  ts: string;
  /** Set on replies, and on a parent once it has replies (as Slack does). */
  threadTs?: string;
  user: string;
  botId?: string;
  appId?: string;
  files?: Record<string, unknown>[];
  /** Set by `chat.postMessage`, replaced or removed by `chat.update`; not part of `edits`. */
  metadata?: MessageMetadata;
  replyBroadcast: boolean;
  /** Every earlier version, oldest first; the message itself holds the current one. */
  edits: MessageVersion[];
  edited?: { user: string; ts: string };
  replyCount: number;
  replyUsers: string[];
  latestReply?: string;
  deleted: boolean;
  origin: MessageOrigin;
}

/** An ephemeral message: shown to one user in one channel, never in history. */
export interface SimEphemeral extends MessageVersion {
  channel: string;
  /** The user who sees it. */
  user: string;
  ts: string;
  threadTs?: string;
  /** Earlier versions when a `response_url` replaced it. */
  edits: MessageVersion[];
  origin: 'chat.postEphemeral' | 'response_url';
}

export interface NewMessage extends MessageVersion {
  channel: string;
  user: string;
  botId?: string;
  appId?: string;
  threadTs?: string;
  replyBroadcast?: boolean;
  files?: Record<string, unknown>[];
  metadata?: MessageMetadata;
  origin: MessageOrigin;
}

/**
 * Channels' messages, threads, edit history and ephemeral messages. Every `ts` is unique
 * and strictly increasing across the workspace, in Slack's `1732370000.000100` format, so
 * insertion order is time order.
 */
export class MessageStore {
  private readonly byChannel = new Map<string, SimMessage[]>();
  private readonly byKey = new Map<string, SimMessage>();
  private readonly ephemeralMessages: SimEphemeral[] = [];
  private lastMicros = 0;

  constructor(
    private readonly clock: () => number,
    private readonly events: SimEvents,
  ) {}

  /** A fresh timestamp: the clock in microseconds, bumped past the last one handed out. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.clock() * 1000), this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  post(input: NewMessage): SimMessage {
    const ts = this.nextTs();
    const message: SimMessage = {
      channel: input.channel,
      ts,
      user: input.user,
      text: input.text,
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.attachments ? { attachments: input.attachments } : {}),
      ...(input.botId ? { botId: input.botId } : {}),
      ...(input.appId ? { appId: input.appId } : {}),
      ...(input.files ? { files: input.files } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      replyBroadcast: false,
      edits: [],
      replyCount: 0,
      replyUsers: [],
      deleted: false,
      origin: input.origin,
    };
    const parent = input.threadTs ? this.threadParent(input.channel, input.threadTs) : undefined;
    // Slack accepts a well-formed thread_ts that matches no message and files the reply
    // under it, invisible in the channel: kept the same way so tests notice.
    if (input.threadTs && !parent) message.threadTs = input.threadTs;
    if (parent) {
      message.threadTs = parent.ts;
      message.replyBroadcast = input.replyBroadcast ?? false;
      parent.threadTs = parent.ts;
      parent.replyCount += 1;
      parent.latestReply = ts;
      if (!parent.replyUsers.includes(input.user)) parent.replyUsers.push(input.user);
    }
    const list = this.byChannel.get(input.channel) ?? [];
    list.push(message);
    this.byChannel.set(input.channel, list);
    this.byKey.set(key(input.channel, ts), message);
    this.events.emit('message', message);
    return message;
  }

  /** The thread a reply to `ts` joins: replying to a reply joins its parent's thread. */
  threadParent(channel: string, ts: string): SimMessage | undefined {
    const target = this.find(channel, ts);
    if (!target) return undefined;
    return target.threadTs && target.threadTs !== target.ts ? this.find(channel, target.threadTs) : target;
  }

  find(channel: string, ts: string): SimMessage | undefined {
    const message = this.byKey.get(key(channel, ts));
    return message && !message.deleted ? message : undefined;
  }

  /**
   * Replaces the content, keeping the previous version in `edits`. Absent fields are kept, as
   * in `chat.update`; `metadata` replaces the message's metadata, `null` removes it.
   */
  update(message: SimMessage, change: Partial<MessageVersion>, editor: string, metadata?: MessageMetadata | null): SimMessage {
    message.edits.push(versionOf(message));
    applyVersion(message, change);
    if (metadata === null) delete message.metadata;
    else if (metadata) message.metadata = metadata;
    message.edited = { user: editor, ts: this.nextTs() };
    this.events.emit('update', message);
    return message;
  }

  remove(message: SimMessage): void {
    message.deleted = true;
    this.events.emit('delete', message);
  }

  /** What `conversations.history` shows, oldest first: top-level messages and broadcast replies. */
  history(channel: string): SimMessage[] {
    return this.live(channel).filter((m) => !m.threadTs || m.threadTs === m.ts || m.replyBroadcast);
  }

  /** The replies in a thread, oldest first, without the parent. */
  replies(channel: string, threadTs: string): SimMessage[] {
    return this.live(channel).filter((m) => m.threadTs === threadTs && m.ts !== threadTs);
  }

  /** Every live message in every channel, oldest first. */
  all(): SimMessage[] {
    return [...this.byKey.values()].filter((m) => !m.deleted).sort((a, b) => compareTs(a.ts, b.ts));
  }

  postEphemeral(input: Omit<SimEphemeral, 'ts' | 'edits'>): SimEphemeral {
    const ephemeral: SimEphemeral = { ...input, ts: this.nextTs(), edits: [] };
    this.ephemeralMessages.push(ephemeral);
    this.events.emit('ephemeral', ephemeral);
    return ephemeral;
  }

  replaceEphemeral(ephemeral: SimEphemeral, change: Partial<MessageVersion>): SimEphemeral {
    ephemeral.edits.push(versionOf(ephemeral));
    applyVersion(ephemeral, change);
    this.events.emit('ephemeral', ephemeral);
    return ephemeral;
  }

  ephemerals(filter: { channel?: string; user?: string } = {}): SimEphemeral[] {
    return this.ephemeralMessages.filter(
      (e) => (filter.channel === undefined || e.channel === filter.channel) && (filter.user === undefined || e.user === filter.user),
    );
  }

  private live(channel: string): SimMessage[] {
    return (this.byChannel.get(channel) ?? []).filter((m) => !m.deleted);
  }
}

/** Orders Slack timestamps numerically (string comparison breaks when the seconds grow a digit). */
export function compareTs(a: string, b: string): number {
  const [aSeconds = '0', aMicros = '0'] = a.split('.');
  const [bSeconds = '0', bMicros = '0'] = b.split('.');
  return Number(aSeconds) - Number(bSeconds) || Number(aMicros.padEnd(6, '0')) - Number(bMicros.padEnd(6, '0'));
}

/**
 * The message as the Web API returns it (`conversations.history`, `chat.postMessage`'s
 * `message`). Metadata only with `includeMetadata`: history shows it only to callers that
 * ask (`include_all_metadata`), the poster's own answer always.
 */
export function messageJson(message: SimMessage, teamId: string, { includeMetadata = false } = {}): Record<string, unknown> {
  return {
    type: 'message',
    ...(message.replyBroadcast ? { subtype: 'thread_broadcast' } : {}),
    ts: message.ts,
    user: message.user,
    ...(message.botId ? { bot_id: message.botId } : {}),
    ...(message.appId ? { app_id: message.appId } : {}),
    team: teamId,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ...(message.files ? { files: message.files, upload: false } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.replyCount > 0
      ? {
          reply_count: message.replyCount,
          reply_users_count: message.replyUsers.length,
          reply_users: message.replyUsers,
          latest_reply: message.latestReply,
        }
      : {}),
    ...(message.edited ? { edited: message.edited } : {}),
    ...(includeMetadata && message.metadata ? { metadata: message.metadata } : {}),
  };
}

function versionOf(message: MessageVersion): MessageVersion {
  return {
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
  };
}

function applyVersion(target: MessageVersion, change: Partial<MessageVersion>): void {
  if (change.text !== undefined) target.text = change.text;
  // An empty array removes blocks or attachments; an absent field keeps them.
  if (change.blocks !== undefined) {
    if (change.blocks.length > 0) target.blocks = change.blocks;
    else delete target.blocks;
  }
  if (change.attachments !== undefined) {
    if (change.attachments.length > 0) target.attachments = change.attachments;
    else delete target.attachments;
  }
}

function key(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

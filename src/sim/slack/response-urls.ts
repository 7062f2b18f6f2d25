import { randomBytes } from 'node:crypto';
import type { BlockCheck } from './block-validation.js';
import { MESSAGE_TEXT_LIMIT } from './chat-methods.js';
import type { MessageStore, MessageVersion } from './message-store.js';
import type { SimEvents } from './sim-events.js';
import type { Workspace } from './workspace.js';

/** Slack accepts five posts to a `response_url` within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

/** Where an answer through the URL lands: the channel and user of the command or click. */
export interface ResponseUrlTarget {
  channel: string;
  user: string;
  /** The message whose button was clicked (`replace_original`/`delete_original` act on it). */
  messageTs?: string;
  messageIsEphemeral?: boolean;
}

export interface ResponseUrlPost {
  id: string;
  /** Clock time (ms). */
  at: number;
  /** HTTP status the simulator answered: 200, 400 (bad payload or blocks), 404 (used, expired, unknown). */
  status: number;
  error?: string;
  body: Record<string, unknown>;
  responseType: 'in_channel' | 'ephemeral';
  replaceOriginal: boolean;
  deleteOriginal: boolean;
  blocks?: unknown[];
}

interface IssuedUrl {
  target: ResponseUrlTarget;
  issuedAt: number;
  uses: number;
}

/**
 * The `response_url`s the simulator hands out with slash commands and clicks, and what is
 * posted to them — validated like chat messages and applied to the workspace as Slack does
 * (in_channel → a channel message, ephemeral → to the user, replace_original → an edit).
 */
export class ResponseUrls {
  readonly posts: ResponseUrlPost[] = [];
  private readonly issued = new Map<string, IssuedUrl>();

  constructor(
    private readonly deps: {
      clock: () => number;
      events: SimEvents;
      messages: MessageStore;
      workspace: Workspace;
      validateBlocks(blocks: unknown): BlockCheck;
    },
  ) {}

  issue(target: ResponseUrlTarget): string {
    const id = `${this.deps.workspace.team.id}/${Date.now().toString(36)}/${randomBytes(12).toString('hex')}`;
    this.issued.set(id, { target, issuedAt: this.deps.clock(), uses: 0 });
    return id;
  }

  /** Handles a post to `/response/<id>`; answers the HTTP status and JSON body. */
  receive(id: string, rawBody: string): { status: number; body: Record<string, unknown> } {
    const body = parseBody(rawBody);
    const record: ResponseUrlPost = {
      id,
      at: this.deps.clock(),
      status: 200,
      body: body ?? {},
      responseType: body?.response_type === 'in_channel' ? 'in_channel' : 'ephemeral',
      replaceOriginal: isTrue(body?.replace_original),
      deleteOriginal: isTrue(body?.delete_original),
      ...(Array.isArray(body?.blocks) ? { blocks: body.blocks } : {}),
    };
    const answer = this.answer(id, record, body !== undefined);
    record.status = answer.status;
    if (!answer.body.ok) record.error = String(answer.body.error);
    this.posts.push(record);
    this.deps.events.emit('response', record);
    return answer;
  }

  private answer(id: string, post: ResponseUrlPost, parsed: boolean): { status: number; body: Record<string, unknown> } {
    const issued = this.issued.get(id);
    if (!issued) return refuse(404, 'invalid_url');
    if (this.deps.clock() - issued.issuedAt > RESPONSE_URL_LIFETIME_MS) return refuse(404, 'expired_url');
    if (issued.uses >= RESPONSE_URL_MAX_USES) return refuse(404, 'used_url');
    if (!parsed) return refuse(400, 'invalid_payload');
    const text = typeof post.body.text === 'string' ? post.body.text.slice(0, MESSAGE_TEXT_LIMIT) : '';
    const blocks = post.body.blocks;
    if (blocks !== undefined && !Array.isArray(blocks)) return refuse(400, 'invalid_blocks_format');
    if (Array.isArray(blocks) && blocks.length > 0) {
      const check = this.deps.validateBlocks(blocks);
      if (!check.ok) return refuse(400, check.error, check.messages);
    }
    if (!post.deleteOriginal && !text && !(Array.isArray(blocks) && blocks.length > 0)) return refuse(400, 'no_text');
    issued.uses += 1;
    this.apply(issued.target, post, { text, ...(Array.isArray(blocks) ? { blocks } : {}) });
    return { status: 200, body: { ok: true } };
  }

  private apply(target: ResponseUrlTarget, post: ResponseUrlPost, content: MessageVersion): void {
    const { messages, workspace } = this.deps;
    const original = target.messageTs ? messages.find(target.channel, target.messageTs) : undefined;
    const originalEphemeral = target.messageTs
      ? messages.ephemerals({ channel: target.channel, user: target.user }).find((e) => e.ts === target.messageTs)
      : undefined;
    if (post.deleteOriginal) {
      if (original) messages.remove(original);
      return;
    }
    if (post.replaceOriginal && (original || originalEphemeral)) {
      if (original) messages.update(original, content, workspace.bot.userId);
      else if (originalEphemeral) messages.replaceEphemeral(originalEphemeral, content);
      return;
    }
    const threadTs = typeof post.body.thread_ts === 'string' ? post.body.thread_ts : undefined;
    if (post.responseType === 'in_channel') {
      const bot = workspace.bot;
      messages.post({ channel: target.channel, user: bot.userId, botId: bot.botId, appId: bot.appId, ...content, ...(threadTs ? { threadTs } : {}), origin: 'response_url' });
    } else {
      messages.postEphemeral({ channel: target.channel, user: target.user, ...content, ...(threadTs ? { threadTs } : {}), origin: 'response_url' });
    }
  }
}

function refuse(status: number, error: string, messages?: string[]): { status: number; body: Record<string, unknown> } {
  return { status, body: { ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) } };
}

/** JSON, as Bolt's `respond()` sends; also the form-encoded `payload=` some clients use. */
function parseBody(raw: string): Record<string, unknown> | undefined {
  const tryJson = (text: string): Record<string, unknown> | undefined => {
    try {
      const value = JSON.parse(text) as unknown;
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  return tryJson(raw) ?? tryJson(new URLSearchParams(raw).get('payload') ?? '');
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

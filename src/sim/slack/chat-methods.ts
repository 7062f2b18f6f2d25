import {
  ApiError,
  assertValidBlocks,
  booleanArg,
  jsonArg,
  requiredString,
  stringArg,
  type ApiMethod,
  type MethodContext,
} from './api-method.js';
import { metadataArg } from './message-metadata.js';
import { messageJson, type MessageVersion, type SimMessage } from './message-store.js';
import type { SimChannel } from './workspace.js';

/** Slack truncates a message's top-level `text` after this many characters. */
export const MESSAGE_TEXT_LIMIT = 40_000;

const TS_FORMAT = /^\d+\.\d+$/;

export const chatMethods: Record<string, ApiMethod> = {
  'chat.postMessage': {
    scope: 'chat:write',
    rateLimit: 'per-channel',
    run(context) {
      const { args, workspace, messages } = context;
      const channel = postableChannel(context);
      const content = messageContent(context);
      const threadTs = threadTsArg(context);
      const metadata = metadataArg(args);
      const message = messages.post({
        channel: channel.id,
        user: workspace.bot.userId,
        botId: workspace.bot.botId,
        appId: workspace.bot.appId,
        ...content,
        text: content.text ?? '',
        ...(threadTs ? { threadTs, replyBroadcast: booleanArg(args, 'reply_broadcast') } : {}),
        ...(metadata ? { metadata } : {}),
        origin: 'chat.postMessage',
      });
      return { channel: channel.id, ts: message.ts, message: messageJson(message, workspace.team.id, { includeMetadata: true }) };
    },
  },

  'chat.update': {
    scope: 'chat:write',
    rateLimit: 3,
    run(context) {
      const { args, workspace, messages } = context;
      const message = botMessage(context, 'cant_update_message');
      const content = messageContent(context, { partial: true });
      // Absent metadata keeps the message's; `{}` removes it (Slack's chat.update rule).
      messages.update(message, content, workspace.bot.userId, metadataArg(args));
      return {
        channel: message.channel,
        ts: message.ts,
        text: message.text,
        message: messageJson(message, workspace.team.id, { includeMetadata: true }),
      };
    },
  },

  'chat.delete': {
    scope: 'chat:write',
    rateLimit: 3,
    run(context) {
      const message = botMessage(context, 'cant_delete_message');
      context.messages.remove(message);
      return { channel: message.channel, ts: message.ts };
    },
  },

  'chat.postEphemeral': {
    scope: 'chat:write',
    rateLimit: 4,
    run(context) {
      const { args, workspace, messages } = context;
      const channel = postableChannel(context);
      const userId = requiredString(args, 'user', 'user_not_found');
      if (!workspace.user(userId)) throw new ApiError('user_not_found');
      if (!channel.members.includes(userId)) throw new ApiError('user_not_in_channel');
      const content = messageContent(context);
      const threadTs = threadTsArg(context);
      const ephemeral = messages.postEphemeral({
        channel: channel.id,
        user: userId,
        ...content,
        text: content.text ?? '',
        ...(threadTs ? { threadTs } : {}),
        origin: 'chat.postEphemeral',
      });
      return { message_ts: ephemeral.ts };
    },
  },
};

/** The channel named by `channel` (ID, `#name`, name or user ID), if the bot may post there. */
function postableChannel({ args, workspace }: MethodContext): SimChannel {
  const ref = requiredString(args, 'channel', 'channel_not_found');
  const channel = workspace.findChannel(ref, { allowNames: true });
  const refusal = workspace.postRefusal(channel);
  if (refusal || !channel) throw new ApiError(refusal ?? 'channel_not_found');
  return channel;
}

/** The bot's own message named by `channel` (an ID) and `ts`. */
function botMessage({ args, workspace, messages }: MethodContext, notOwnError: string): SimMessage {
  const channel = workspace.visibleChannel(requiredString(args, 'channel', 'channel_not_found'));
  if (!channel) throw new ApiError('channel_not_found');
  const message = messages.find(channel.id, requiredString(args, 'ts', 'message_not_found'));
  if (!message) throw new ApiError('message_not_found');
  if (message.user !== workspace.bot.userId) throw new ApiError(notOwnError);
  return message;
}

function threadTsArg({ args }: MethodContext): string | undefined {
  if (args.thread_ts === undefined) return undefined;
  const threadTs = stringArg(args, 'thread_ts') ?? '';
  if (!TS_FORMAT.test(threadTs)) {
    throw new ApiError('invalid_thread_ts', { response_metadata: { messages: [`[ERROR] ${JSON.stringify(threadTs)} is not a valid thread_ts`] } });
  }
  return threadTs;
}

/**
 * `text`, `blocks` and `attachments`, checked like Slack: blocks against Block Kit limits,
 * text truncated at 40,000 characters, `no_text` when there is nothing to show. With
 * `partial` (chat.update) absent fields stay undefined so the message keeps them.
 */
export function messageContent(context: Pick<MethodContext, 'args' | 'validateBlocks'>, { partial = false } = {}): Partial<MessageVersion> {
  const { args } = context;
  const text = stringArg(args, 'text');
  const blocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
  const attachments = jsonArg(args, 'attachments', 'invalid_attachments');
  if (blocks !== undefined && !Array.isArray(blocks)) throw new ApiError('invalid_blocks_format');
  if (attachments !== undefined && !Array.isArray(attachments)) throw new ApiError('invalid_attachments');
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  const clearsSomething = partial && (blocks !== undefined || attachments !== undefined);
  if (!text && !hasBlocks && !hasAttachments && !clearsSomething) throw new ApiError('no_text');
  if (hasBlocks) assertValidBlocks(context.validateBlocks(blocks));
  const content: Partial<MessageVersion> = {};
  if (text !== undefined || !partial) content.text = (text ?? '').slice(0, MESSAGE_TEXT_LIMIT);
  if (Array.isArray(blocks) && (hasBlocks || partial)) content.blocks = blocks;
  if (Array.isArray(attachments) && (hasAttachments || partial)) content.attachments = attachments;
  return content;
}

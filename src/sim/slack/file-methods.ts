import { ApiError, assertValidBlocks, integerArg, jsonArg, requiredString, stringArg, type ApiMethod } from './api-method.js';
import { MESSAGE_TEXT_LIMIT } from './chat-methods.js';
import { fileJson, type SimFile } from './file-store.js';

/**
 * Slack's external upload, what the Web API client's `files.uploadV2` does: ask for an
 * upload URL, post the bytes there, then complete — which shares the files into a channel
 * or thread as one message.
 */
export const fileMethods: Record<string, ApiMethod> = {
  'files.getUploadURLExternal': {
    scope: 'files:write',
    rateLimit: 4,
    run({ args, files, baseUrl }) {
      const filename = requiredString(args, 'filename');
      const length = integerArg(args, 'length');
      if (length === undefined || length <= 0) {
        throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] length must be a positive integer [json-pointer:/length]'] } });
      }
      const altText = stringArg(args, 'alt_text');
      const file = files.create({ filename, length, ...(altText ? { altText } : {}) });
      return { upload_url: `${baseUrl}/upload/v1/${file.id}`, file_id: file.id };
    },
  },

  'files.completeUploadExternal': {
    scope: 'files:write',
    rateLimit: 4,
    run(context) {
      const { args, files, workspace, messages, events, baseUrl } = context;
      const listed = jsonArg(args, 'files', 'invalid_arguments');
      if (!Array.isArray(listed) || listed.length === 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] files must be a non-empty array'] } });
      const completing: SimFile[] = listed.map((entry: unknown) => {
        const { id, title } = (entry ?? {}) as { id?: unknown; title?: unknown };
        const file = typeof id === 'string' ? files.get(id) : undefined;
        if (!file || file.completed) throw new ApiError('file_not_found');
        if (!file.bytes) throw new ApiError('file_not_found', { response_metadata: { messages: [`[ERROR] nothing was uploaded for ${file.id}`] } });
        if (typeof title === 'string' && title) file.title = title;
        return file;
      });
      const channelRef = stringArg(args, 'channel_id');
      const channel = channelRef ? workspace.visibleChannel(channelRef) : undefined;
      if (channelRef) {
        const refusal = workspace.postRefusal(channel);
        if (refusal) throw new ApiError(refusal);
      }
      const blocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
      if (Array.isArray(blocks) && blocks.length > 0) assertValidBlocks(context.validateBlocks(blocks));
      for (const file of completing) file.completed = true;
      if (channel) {
        const threadTs = stringArg(args, 'thread_ts');
        const message = messages.post({
          channel: channel.id,
          user: workspace.bot.userId,
          botId: workspace.bot.botId,
          appId: workspace.bot.appId,
          text: (stringArg(args, 'initial_comment') ?? '').slice(0, MESSAGE_TEXT_LIMIT),
          ...(Array.isArray(blocks) && blocks.length > 0 ? { blocks } : {}),
          ...(threadTs ? { threadTs } : {}),
          files: completing.map((file) => fileJson(file, baseUrl, workspace.bot.userId)),
          origin: 'files.completeUploadExternal',
        });
        for (const file of completing) file.shares.push({ channel: channel.id, ts: message.ts });
      }
      for (const file of completing) events.emit('file', file);
      return { files: completing.map((file) => fileJson(file, baseUrl, workspace.bot.userId)) };
    },
  },
};

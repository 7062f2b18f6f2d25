import { ApiError, booleanArg, integerArg, requiredString, stringArg, type ApiArgs, type ApiMethod, type MethodContext } from './api-method.js';
import { compareTs, messageJson, type SimMessage } from './message-store.js';
import { channelJson, userJson, type SimChannel } from './workspace.js';

const DEFAULT_PAGE = 100;
const CONVERSATION_TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);
const MAX_PAGE = 999;

export const workspaceMethods: Record<string, ApiMethod> = {
  'auth.test': {
    rateLimit: 'none',
    run({ workspace }) {
      const { team, bot } = workspace;
      return {
        url: `https://${team.domain}.slack.com/`,
        team: team.name,
        user: bot.name,
        team_id: team.id,
        user_id: bot.userId,
        bot_id: bot.botId,
        is_enterprise_install: false,
      };
    },
  },

  'conversations.info': {
    scope: 'channels:read',
    rateLimit: 3,
    run(context) {
      return { channel: channelJson(visibleChannel(context)) };
    },
  },

  // Public channels need channels:read; asking for private ones (which list only those the bot is in) needs groups:read too.
  'conversations.list': {
    scope: 'channels:read',
    rateLimit: 2,
    run(context) {
      const types = (stringArg(context.args, 'types') ?? 'public_channel').split(',').map((type) => type.trim());
      if (types.some((type) => !CONVERSATION_TYPES.has(type))) throw new ApiError('invalid_types');
      if (types.includes('private_channel') && !context.workspace.scopes.has('groups:read')) throw new ApiError('missing_scope');
      // No channel of the simulated workspace is archived: `exclude_archived` changes nothing.
      const listed = context.workspace.allChannels().filter((channel) => {
        if (channel.isIm) return types.includes('im');
        return channel.isPrivate ? types.includes('private_channel') && channel.isMember : types.includes('public_channel');
      });
      const { page, nextCursor } = paginate(listed, context.args);
      return { channels: page.map((channel) => channelJson(channel)), response_metadata: { next_cursor: nextCursor } };
    },
  },

  'conversations.join': {
    scope: 'channels:join',
    rateLimit: 2,
    run(context) {
      const channel = visibleChannel(context);
      if (channel.isPrivate || channel.isIm) throw new ApiError('method_not_supported_for_channel_type');
      if (channel.isMember) {
        return { channel: channelJson(channel), warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } };
      }
      channel.isMember = true;
      return { channel: channelJson(channel) };
    },
  },

  'conversations.history': {
    scope: 'channels:history',
    rateLimit: 3,
    run(context) {
      const channel = memberChannel(context);
      const { args } = context;
      const includeMetadata = booleanArg(args, 'include_all_metadata');
      const latest = stringArg(args, 'latest');
      const oldest = stringArg(args, 'oldest');
      const inclusive = booleanArg(args, 'inclusive');
      const inRange = (m: SimMessage): boolean =>
        (latest === undefined || (inclusive ? compareTs(m.ts, latest) <= 0 : compareTs(m.ts, latest) < 0)) &&
        (oldest === undefined || (inclusive ? compareTs(m.ts, oldest) >= 0 : compareTs(m.ts, oldest) > 0));
      const newestFirst = context.messages.history(channel.id).filter(inRange).reverse();
      const { page, hasMore, nextCursor } = paginate(newestFirst, args);
      return {
        messages: page.map((m) => messageJson(m, context.workspace.team.id, { includeMetadata })),
        has_more: hasMore,
        pin_count: 0,
        response_metadata: { next_cursor: nextCursor },
      };
    },
  },

  'conversations.replies': {
    scope: 'channels:history',
    rateLimit: 3,
    run(context) {
      const channel = memberChannel(context);
      const parent = context.messages.threadParent(channel.id, requiredString(context.args, 'ts', 'thread_not_found'));
      if (!parent) throw new ApiError('thread_not_found');
      const thread = [parent, ...context.messages.replies(channel.id, parent.ts)];
      const includeMetadata = booleanArg(context.args, 'include_all_metadata');
      const { page, hasMore, nextCursor } = paginate(thread, context.args);
      return {
        messages: page.map((m) => messageJson(m, context.workspace.team.id, { includeMetadata })),
        has_more: hasMore,
        response_metadata: { next_cursor: nextCursor },
      };
    },
  },

  'users.info': {
    scope: 'users:read',
    rateLimit: 4,
    run({ args, workspace, clock }) {
      const user = workspace.user(requiredString(args, 'user', 'user_not_found'));
      if (!user) throw new ApiError('user_not_found');
      return { user: userJson(user, workspace.team.id, clock()) };
    },
  },

  'usergroups.users.list': {
    scope: 'usergroups:read',
    rateLimit: 2,
    run({ args, workspace }) {
      const group = workspace.userGroup(requiredString(args, 'usergroup', 'no_such_subteam'));
      if (!group) throw new ApiError('no_such_subteam');
      return { users: [...group.users] };
    },
  },
};

/** conversations.* take channel IDs only, as on Slack. */
function visibleChannel({ args, workspace }: MethodContext): SimChannel {
  const channel = workspace.visibleChannel(requiredString(args, 'channel', 'channel_not_found'));
  if (!channel) throw new ApiError('channel_not_found');
  return channel;
}

/** Reading history needs the bot in the channel. */
function memberChannel(context: MethodContext): SimChannel {
  const channel = visibleChannel(context);
  if (!channel.isMember) throw new ApiError('not_in_channel');
  return channel;
}

/** Slack's cursor pagination over an in-memory list; the cursor is an opaque offset. */
function paginate<T>(items: readonly T[], args: ApiArgs): { page: T[]; hasMore: boolean; nextCursor: string } {
  const limit = Math.min(Math.max(integerArg(args, 'limit') ?? DEFAULT_PAGE, 1), MAX_PAGE);
  const cursor = stringArg(args, 'cursor');
  let offset = 0;
  if (cursor) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!decoded) throw new ApiError('invalid_cursor');
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + limit);
  const hasMore = offset + limit < items.length;
  return { page, hasMore, nextCursor: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' };
}

/**
 * The simulated Slack workspace: who and what exists (channels, users, user groups, the
 * bot itself) and what the bot may do (its token and scopes). Messages live in
 * `MessageStore`; this file only answers "does this channel/user exist, and may the bot
 * post there?".
 */

export interface SimChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  /** Whether the bot is a member. */
  isMember: boolean;
  /** Human members (user IDs); used for `chat.postEphemeral` and `num_members`. */
  members: string[];
  topic: string;
  purpose: string;
  created: number;
}

export interface SimUser {
  id: string;
  name: string;
  realName: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  tz: string;
  email?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface SimUserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface SimBotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface SimTeam {
  id: string;
  domain: string;
  name: string;
}

export type ChannelSeed = Pick<SimChannel, 'id' | 'name'> & Partial<Omit<SimChannel, 'id' | 'name'>>;

export interface WorkspaceSeed {
  team?: SimTeam;
  bot?: SimBotIdentity;
  channels?: ChannelSeed[];
  users?: SimUser[];
  userGroups?: SimUserGroup[];
  /** Bot scopes granted by the install; methods needing another scope answer `missing_scope`. */
  botScopes?: string[];
}

export const DEFAULT_TEAM: SimTeam = { id: 'T0MLOBS', domain: 'mlobs-sim', name: 'mlobs simulator' };
export const DEFAULT_BOT: SimBotIdentity = { userId: 'U0MLOBSBOT', botId: 'B0MLOBS', appId: 'A0MLOBS', name: 'mlobs' };

/** The app manifest's scopes plus what joining and reading history need. */
export const DEFAULT_BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'chat:write.public',
  'files:write',
  'users:read',
  'usergroups:read',
  'channels:read',
  'channels:join',
  'channels:history',
];

export const DEFAULT_USERS: readonly SimUser[] = [
  { id: 'U0ONCALL', name: 'oncall', realName: 'Olivia Oncall', tz: 'America/New_York', email: 'oncall@example.com' },
  { id: 'U0LEAD', name: 'lead', realName: 'Liam Lead', tz: 'Europe/London', email: 'lead@example.com' },
  { id: 'U0INTERN', name: 'intern', realName: 'Ines Intern', tz: 'Asia/Kolkata', email: 'intern@example.com' },
];

export const DEFAULT_CHANNELS: readonly ChannelSeed[] = [
  { id: 'C0INCIDENTS', name: 'ml-incidents', isMember: true, purpose: 'ML incident threads from mlobs' },
  { id: 'C0COSTS', name: 'ml-costs', isMember: true, purpose: 'Daily cost digest' },
  { id: 'C0GENERAL', name: 'general', isMember: false, purpose: 'Company-wide' },
];

export const DEFAULT_USER_GROUPS: readonly SimUserGroup[] = [
  { id: 'S0MLONCALL', handle: 'ml-oncall', name: 'ML on-call', users: ['U0ONCALL', 'U0LEAD'] },
];

/** Why the bot may not post to a channel, as Slack's error code. */
export type PostRefusal = 'channel_not_found' | 'not_in_channel';

export class Workspace {
  readonly team: SimTeam;
  readonly bot: SimBotIdentity;
  readonly scopes: Set<string>;
  private readonly channels = new Map<string, SimChannel>();
  private readonly users = new Map<string, SimUser>();
  private readonly groups = new Map<string, SimUserGroup>();

  constructor(seed: WorkspaceSeed = {}, createdAtSeconds = 1_700_000_000) {
    this.team = seed.team ?? DEFAULT_TEAM;
    this.bot = seed.bot ?? DEFAULT_BOT;
    this.scopes = new Set(seed.botScopes ?? DEFAULT_BOT_SCOPES);
    const users = seed.users ?? DEFAULT_USERS;
    for (const user of users) this.users.set(user.id, { ...user });
    this.users.set(this.bot.userId, { id: this.bot.userId, name: this.bot.name, realName: this.bot.name, tz: 'UTC', isBot: true });
    const humans = users.filter((user) => !user.isBot).map((user) => user.id);
    for (const seedChannel of seed.channels ?? DEFAULT_CHANNELS) {
      this.addChannel({
        isPrivate: false,
        isIm: false,
        isMember: false,
        members: humans,
        topic: '',
        purpose: '',
        created: createdAtSeconds,
        ...seedChannel,
        name: seedChannel.name.replace(/^#/, ''),
      });
    }
    for (const group of seed.userGroups ?? DEFAULT_USER_GROUPS) this.groups.set(group.id, { ...group, users: [...group.users] });
  }

  addChannel(channel: SimChannel): SimChannel {
    const stored = { ...channel, members: [...channel.members] };
    this.channels.set(stored.id, stored);
    return stored;
  }

  allChannels(): SimChannel[] {
    return [...this.channels.values()];
  }

  /**
   * A channel by ID, or also by `#name`/`name` when `allowNames` (only `chat.postMessage` and
   * `chat.postEphemeral` accept names; other methods need the ID, as on Slack). A user ID
   * opens the DM with that user, as posting to `U…` does.
   */
  findChannel(ref: string, { allowNames = false } = {}): SimChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    if (/^[UW][A-Z0-9]+$/.test(ref) && allowNames) return this.imWith(ref);
    if (!allowNames) return undefined;
    const name = ref.replace(/^#/, '');
    return this.allChannels().find((channel) => channel.name === name && !channel.isIm);
  }

  /** A channel the bot can see: private channels it is not in do not exist for it. */
  visibleChannel(ref: string, options: { allowNames?: boolean } = {}): SimChannel | undefined {
    const channel = this.findChannel(ref, options);
    if (!channel || (channel.isPrivate && !channel.isMember)) return undefined;
    return channel;
  }

  /** Whether the bot may post into `channel`, and Slack's error when not. */
  postRefusal(channel: SimChannel | undefined): PostRefusal | undefined {
    if (!channel || (channel.isPrivate && !channel.isMember)) return 'channel_not_found';
    if (channel.isMember) return undefined;
    return this.scopes.has('chat:write.public') && !channel.isPrivate ? undefined : 'not_in_channel';
  }

  user(id: string): SimUser | undefined {
    return this.users.get(id);
  }

  /** The people (not the bot), in seed order. */
  humans(): SimUser[] {
    return [...this.users.values()].filter((user) => !user.isBot);
  }

  userGroup(id: string): SimUserGroup | undefined {
    return this.groups.get(id);
  }

  private imWith(userId: string): SimChannel | undefined {
    const user = this.users.get(userId);
    if (!user || user.isBot) return undefined;
    const id = `D${userId.slice(1)}`;
    return (
      this.channels.get(id) ??
      this.addChannel({ id, name: user.name, isPrivate: true, isIm: true, isMember: true, members: [userId], topic: '', purpose: '', created: 0 })
    );
  }
}

/** `conversations.info`'s `channel` object. */
export function channelJson(channel: SimChannel): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate && !channel.isIm,
    is_group: channel.isPrivate && !channel.isIm,
    is_im: channel.isIm,
    is_private: channel.isPrivate,
    is_archived: false,
    is_general: channel.name === 'general',
    is_member: channel.isMember,
    created: channel.created,
    num_members: channel.members.length + (channel.isMember ? 1 : 0),
    topic: { value: channel.topic, creator: '', last_set: 0 },
    purpose: { value: channel.purpose, creator: '', last_set: 0 },
  };
}

/** `users.info`'s `user` object, with the time zone offset at `nowMs`. */
export function userJson(user: SimUser, teamId: string, nowMs: number): Record<string, unknown> {
  const offsetSeconds = timeZoneOffsetSeconds(user.tz, nowMs);
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    real_name: user.realName,
    deleted: user.deleted ?? false,
    is_bot: user.isBot ?? false,
    is_app_user: false,
    tz: user.tz,
    tz_label: user.tz,
    tz_offset: offsetSeconds,
    profile: {
      real_name: user.realName,
      display_name: user.name,
      ...(user.email ? { email: user.email } : {}),
    },
  };
}

function timeZoneOffsetSeconds(timeZone: string, nowMs: number): number {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(nowMs))
      .find((p) => p.type === 'timeZoneName')?.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
    if (!match) return 0;
    const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
    return match[1] === '-' ? -seconds : seconds;
  } catch {
    return 0;
  }
}

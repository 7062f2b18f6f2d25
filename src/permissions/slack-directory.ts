/**
 * What the permission policy needs to know from Slack, as a port: who is in a user group, and
 * a channel's name (rules may name channels by `#name` or by ID). `src/slack/slack-directory.ts`
 * implements it over the Web API; `CachedSlackDirectory` keeps answers for a few minutes so a
 * click does not cost a Slack call each time.
 */
export interface SlackDirectory {
  /** User IDs of the group's members; rejects when Slack cannot answer (with Slack's error). */
  userGroupMembers(groupId: string): Promise<string[]>;
  /** The channel's name without `#`, or undefined when Slack does not know the channel. */
  channelName(channelId: string): Promise<string | undefined>;
}

const DEFAULT_TTL_MS = 5 * 60_000;

interface Cached<T> {
  value: T;
  until: number;
}

/** Successful answers are kept for `ttlMs`; failures are not, so the next click asks again. */
export class CachedSlackDirectory implements SlackDirectory {
  private readonly groups = new Map<string, Cached<string[]>>();
  private readonly channels = new Map<string, Cached<string | undefined>>();

  constructor(
    private readonly directory: SlackDirectory,
    private readonly options: { ttlMs?: number; clock?: () => number } = {},
  ) {}

  userGroupMembers(groupId: string): Promise<string[]> {
    return this.cached(this.groups, groupId, () => this.directory.userGroupMembers(groupId));
  }

  channelName(channelId: string): Promise<string | undefined> {
    return this.cached(this.channels, channelId, () => this.directory.channelName(channelId));
  }

  private async cached<T>(cache: Map<string, Cached<T>>, key: string, fetch: () => Promise<T>): Promise<T> {
    const now = (this.options.clock ?? Date.now)();
    const hit = cache.get(key);
    if (hit !== undefined && hit.until > now) return hit.value;
    const value = await fetch();
    cache.set(key, { value, until: now + (this.options.ttlMs ?? DEFAULT_TTL_MS) });
    return value;
  }
}

/** Where Slack is not connected (the terminal without credentials): every lookup fails, so no group grants anything. */
export const UNREACHABLE_SLACK_DIRECTORY: SlackDirectory = {
  userGroupMembers: () => Promise.reject(new Error('Slack is not connected')),
  channelName: () => Promise.reject(new Error('Slack is not connected')),
};

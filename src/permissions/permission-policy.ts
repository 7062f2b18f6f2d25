/**
 * `may(request)`: the permission rules of the configuration (`permissions:`) applied to one
 * person, one action and one place (channel, endpoint). User groups are expanded through
 * Slack; when Slack cannot say whether someone is in a group, the answer is no, with that
 * reason — a Slack outage never grants anything. Everyone may read: only mutating actions
 * (`incident`, and later `scale` and `schedule`) come here.
 */
import type { ChannelRef, EndpointName, PermissionRule, SlackPrincipalId } from '../config/config.js';
import type { SlackDirectory } from './slack-directory.js';
import { channelRefsFor, isChannelId, isUserGroup, normalChannelRef, whoMay, type GuardedAction } from './who-may.js';

export interface PermissionRequest {
  /** The Slack user ID of who asks. */
  actor: string;
  action: GuardedAction;
  /** What the action is, for the refusal: "acknowledge incidents", "scale endpoints". */
  doing: string;
  /** The channel the thing acted on belongs to, as every ref known for it (configured `#name`, Slack ID). */
  channel?: readonly ChannelRef[];
  endpoint?: EndpointName;
}

export type PermissionDecision = { allowed: true } | { allowed: false; reason: string };

export interface Permissions {
  may(request: PermissionRequest): Promise<PermissionDecision>;
}

export class PermissionPolicy implements Permissions {
  constructor(
    private readonly rules: readonly PermissionRule[],
    private readonly directory: SlackDirectory,
  ) {}

  async may(request: PermissionRequest): Promise<PermissionDecision> {
    const problems: string[] = [];
    const aliases = await this.channelAliases(request, problems);
    const where = this.placeText(request, aliases);
    const who = whoMay(this.rules, request.action, {
      ...(aliases === undefined ? {} : { inChannel: (ref: ChannelRef) => aliases.has(normalChannelRef(ref)) }),
      ...(request.endpoint === undefined ? {} : { endpoint: request.endpoint }),
    });
    if (who.kind === 'everyone') return { allowed: true };
    if (who.principals.includes(request.actor)) return { allowed: true };

    for (const group of who.principals.filter(isUserGroup)) {
      try {
        if ((await this.directory.userGroupMembers(group)).includes(request.actor)) return { allowed: true };
      } catch (error) {
        problems.push(`could not check who is in ${mention(group)}: ${reasonOf(error)}`);
      }
    }
    const because = problems.length === 0 ? '' : ` (${problems.join('; ')})`;
    if (who.principals.length === 0) {
      return {
        allowed: false,
        reason: `no one may ${request.doing}${where}: the \`permissions\` rules for ${request.action} cover other channels or endpoints${because}`,
      };
    }
    return { allowed: false, reason: `only ${who.principals.map(mention).join(', ')} may ${request.doing}${where}${because}` };
  }

  /**
   * Every name and ID the action's channel goes by, so a rule may name it either way. Slack is
   * asked only for what the refs given do not already tell (an ID's name).
   */
  private async channelAliases(request: PermissionRequest, problems: string[]): Promise<Set<string> | undefined> {
    if (request.channel === undefined || request.channel.length === 0) return undefined;
    const aliases = new Set(request.channel.map(normalChannelRef));
    const ids = [...aliases].filter(isChannelId);
    const nameOf = async (id: string): Promise<string | undefined> => {
      try {
        const name = await this.directory.channelName(id);
        return name === undefined ? undefined : normalChannelRef(name);
      } catch (error) {
        problems.push(`could not look up channel <#${id}>: ${reasonOf(error)}`);
        return undefined;
      }
    };
    if (ids.length > 0) {
      for (const id of ids) {
        const name = await nameOf(id);
        if (name !== undefined) aliases.add(name);
      }
      return aliases;
    }
    // Only a name is known here: a rule naming its channel by ID needs that ID's name.
    for (const ref of channelRefsFor(this.rules, request.action).filter(isChannelId)) {
      const name = await nameOf(ref);
      if (name !== undefined && aliases.has(name)) aliases.add(ref);
    }
    return aliases;
  }

  /** " in #ml-incidents", " for endpoint fraud-detector": only what the rules for the action are scoped by. */
  private placeText(request: PermissionRequest, aliases: Set<string> | undefined): string {
    const governing = this.rules.filter((rule) => rule.action === request.action || rule.action === 'all');
    const parts: string[] = [];
    if (aliases !== undefined && governing.some((rule) => rule.channels !== undefined)) {
      const channel = [...aliases].find((alias) => alias.startsWith('#')) ?? [...aliases].map((id) => `<#${id}>`)[0];
      if (channel !== undefined) parts.push(` in ${channel}`);
    }
    if (request.endpoint !== undefined && governing.some((rule) => rule.endpoints !== undefined)) parts.push(` for endpoint ${request.endpoint}`);
    return parts.join('');
  }
}

/** Slack mrkdwn for a principal: `<@U…>` or `<!subteam^S…>`. */
function mention(principal: SlackPrincipalId): string {
  return isUserGroup(principal) ? `<!subteam^${principal}>` : `<@${principal}>`;
}

function reasonOf(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') return `Slack answered ${data.error}`;
  return error instanceof Error ? error.message : String(error);
}

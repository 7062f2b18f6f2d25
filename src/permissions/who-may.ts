/**
 * Which permission rules govern an action at one place, and who they let do it. Pure: channel
 * names are resolved by the caller (`permission-policy.ts`), so this is plain matching.
 *
 * - No rule for the action (nor `all`): everyone may — the config check warns about it.
 * - Otherwise only the people and user groups of the rules that apply here may; a rule applies
 *   when each of its `channels` and `endpoints` lists is absent or names this place. When rules
 *   exist but none applies here, no one may: a rule scoped to some channels never opens the
 *   others by accident.
 */
import type { ChannelRef, EndpointName, PermissionAction, PermissionRule, SlackPrincipalId } from '../config/config.js';

/** The actions a person asks for; `all` is only a rule's wildcard. */
export type GuardedAction = Exclude<PermissionAction, 'all'>;

export interface ActionPlace {
  /** Whether a rule's channel ref (an ID or `#name`) is the channel of the action. Absent: no channel. */
  inChannel?: (ref: ChannelRef) => boolean;
  endpoint?: EndpointName;
}

export type WhoMay =
  | { kind: 'everyone' }
  /** `principals` is empty when rules exist for the action but none covers this place. */
  | { kind: 'only'; principals: SlackPrincipalId[] };

export function whoMay(rules: readonly PermissionRule[], action: GuardedAction, place: ActionPlace): WhoMay {
  const governing = rules.filter((rule) => rule.action === action || rule.action === 'all');
  if (governing.length === 0) return { kind: 'everyone' };
  const principals = new Set<SlackPrincipalId>();
  for (const rule of governing) {
    if (appliesAt(rule, place)) for (const principal of rule.allow) principals.add(principal);
  }
  return { kind: 'only', principals: [...principals] };
}

function appliesAt(rule: PermissionRule, place: ActionPlace): boolean {
  if (rule.channels !== undefined) {
    const inChannel = place.inChannel;
    if (inChannel === undefined || !rule.channels.some((ref) => inChannel(ref))) return false;
  }
  if (rule.endpoints !== undefined) {
    if (place.endpoint === undefined || !rule.endpoints.includes(place.endpoint)) return false;
  }
  return true;
}

/** Channel refs of the rules that could apply to `action`: what the caller may need to resolve. */
export function channelRefsFor(rules: readonly PermissionRule[], action: GuardedAction): ChannelRef[] {
  const refs = new Set<ChannelRef>();
  for (const rule of rules) {
    if (rule.action === action || rule.action === 'all') for (const ref of rule.channels ?? []) refs.add(ref);
  }
  return [...refs];
}

export function isUserGroup(principal: SlackPrincipalId): boolean {
  return /^S[A-Z0-9]{2,}$/.test(principal);
}

export function isChannelId(ref: ChannelRef): boolean {
  return /^[CG][A-Z0-9]{2,}$/.test(ref);
}

/** `#ML-Incidents`, `ml-incidents` → `#ml-incidents`; IDs as they are. */
export function normalChannelRef(ref: ChannelRef): string {
  const trimmed = ref.trim();
  return isChannelId(trimmed) ? trimmed : `#${trimmed.replace(/^#/, '').toLowerCase()}`;
}

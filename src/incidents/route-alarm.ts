/**
 * Which channel an alarm's incident goes to, and with what severity, grouping, runbook and
 * mention: the first routing rule whose every condition holds, else the default channel.
 *
 * Tags: CloudWatch does not put an alarm's tags in its notification. A rule that matches on
 * tags can only match a transition whose `tags` the caller filled in (from
 * `ListTagsForResource`); without them such a rule is skipped, never guessed.
 */
import type { ChannelRef, GroupBy, RoutingMatch, RoutingRule, Severity, SlackPrincipalId } from '../config/config.js';
import type { AlarmTransition } from './alarm-notification/index.js';

export interface RoutedAlarm {
  channel: ChannelRef;
  severity: Severity;
  groupBy: GroupBy;
  runbookUrl?: string;
  mention?: SlackPrincipalId;
  /** Run `diagnose` when the incident opens. */
  diagnose: boolean;
  /** Index of the rule that matched in `config.routing`; undefined for the default channel. */
  ruleIndex?: number;
}

export type AlarmTags = Readonly<Record<string, string>>;

/** A transition, with the alarm's tags when the caller looked them up. */
export type RoutableTransition = AlarmTransition & { tags?: AlarmTags };

/** The part of `Config` routing reads (the whole `Config` fits). */
export interface RoutingConfig {
  routing: readonly RoutingRule[];
  slack: { defaultChannel: ChannelRef };
}

export function routeAlarm(transition: RoutableTransition, config: RoutingConfig): RoutedAlarm {
  const conventional = severityFromAlarmName(transition.alarmName) ?? 'warning';
  const ruleIndex = config.routing.findIndex((rule) => ruleMatches(rule.match, transition));
  const rule = ruleIndex === -1 ? undefined : config.routing[ruleIndex];
  if (rule === undefined) {
    return {
      channel: config.slack.defaultChannel,
      severity: conventional,
      groupBy: 'resource',
      ...(transition.runbookUrl === undefined ? {} : { runbookUrl: transition.runbookUrl }),
      diagnose: false,
    };
  }
  const runbookUrl = rule.runbookUrl ?? transition.runbookUrl;
  return {
    channel: rule.channel,
    severity: rule.severity ?? conventional,
    groupBy: rule.groupBy,
    ...(runbookUrl === undefined ? {} : { runbookUrl }),
    ...(rule.mention === undefined ? {} : { mention: rule.mention }),
    diagnose: rule.diagnose,
    ruleIndex,
  };
}

export function ruleMatches(match: RoutingMatch, transition: RoutableTransition): boolean {
  if (match.accountId !== undefined && match.accountId !== transition.accountId) return false;
  if (match.region !== undefined && match.region !== transition.region) return false;
  if (match.alarmName !== undefined && !globMatches(match.alarmName, transition.alarmName)) return false;
  if (match.namespace !== undefined) {
    const wanted = match.namespace.toLowerCase();
    if (!namespacesOf(transition).some((namespace) => namespace.toLowerCase() === wanted)) return false;
  }
  if (match.tags !== undefined && Object.keys(match.tags).length > 0) {
    const tags = transition.tags;
    if (tags === undefined) return false;
    for (const [name, value] of Object.entries(match.tags)) {
      if (!Object.hasOwn(tags, name) || tags[name] !== value) return false;
    }
  }
  return true;
}

/** The namespaces an alarm watches: its metric's, or every metric's of a metric-math alarm. Composites have none. */
export function namespacesOf(transition: AlarmTransition): string[] {
  const found = new Set<string>();
  if (transition.metric !== undefined) found.add(transition.metric.namespace);
  for (const query of transition.metrics ?? []) {
    if (query.metric !== undefined) found.add(query.metric.namespace);
  }
  return [...found];
}

/** A whole-name glob: `*` any run of characters, `?` exactly one; case-sensitive, like alarm names. */
export function globMatches(pattern: string, value: string): boolean {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su').test(value);
}

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  high: 'high',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
};

const WORDS = 'critical|crit|high|warning|warn|info';
const TAGGED = new RegExp(`[[(](${WORDS})[\\])]`, 'i');
const SUFFIX = new RegExp(`(?:^|[-_.:\\s])(${WORDS})$`, 'i');

/**
 * The naming convention: a `[critical]` (or `(critical)`) tag anywhere in the name, else a
 * `-critical`, `_high`, `.warn`, ` info`… suffix, case-insensitive. Note that `…-cpu-high` reads
 * as severity high: rules with an explicit `severity` override it.
 */
export function severityFromAlarmName(alarmName: string): Severity | undefined {
  const word = (TAGGED.exec(alarmName)?.[1] ?? SUFFIX.exec(alarmName.trimEnd())?.[1])?.toLowerCase();
  return word !== undefined && Object.hasOwn(SEVERITY_WORDS, word) ? SEVERITY_WORDS[word] : undefined;
}

/**
 * Every text the bot writes into an incident thread, in one place: transitions, people's
 * actions, reminders and refusals. These are Slack mrkdwn, posted as a message `text`: data
 * from alarms (names, reasons) is escaped here so it can never mention anyone or carry a link,
 * and people are written as real mentions (`<@U…>`), which the `Reply` renderers would escape.
 */
import type { SlackPrincipalId } from '../config/config.js';
import { stripControlCharacters } from '../reply/control-characters.js';
import type { AlarmState } from './alarm-notification/index.js';
import { clockText, durationText } from './duration-text.js';
import { alarmsIn, episodeStart } from './incident.js';
import type { Incident, IncidentAlarm, ReplyEffect, SlackActor } from './incident.js';

export const ALARM_STATE_EMOJI: Record<AlarmState, string> = { ALARM: '🔴', OK: '✅', INSUFFICIENT_DATA: '⚪' };

const MAX_DATA = 600;

/** Alarm data as mrkdwn: one line, no control characters, `&<>` escaped, cut to a readable length. */
export function dataText(value: string, max = MAX_DATA): string {
  const line = stripControlCharacters(value, 'space').replace(/\s+/g, ' ').trim();
  const cut = line.length > max ? `${[...line].slice(0, max - 1).join('')}…` : line;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<@U…>` for a user, `<!subteam^S…>` for a user group; anything else is shown, not pinged. */
export function mentionText(principal: SlackPrincipalId): string {
  if (/^[UW][A-Z0-9]{2,}$/.test(principal)) return `<@${principal}>`;
  if (/^S[A-Z0-9]{2,}$/.test(principal)) return `<!subteam^${principal}>`;
  return dataText(principal, 80);
}

/** The full text to post for a reply effect: the mention first, so notifications show it. */
export function replyMrkdwn(effect: ReplyEffect): string {
  return effect.mention === undefined ? effect.text : `${mentionText(effect.mention)} ${effect.text}`;
}

function who(actor: SlackActor | string | undefined): string {
  if (actor === undefined) return 'someone';
  return mentionText(typeof actor === 'string' ? actor : actor.id);
}

function arrow(alarm: IncidentAlarm): string {
  return `${dataText(alarm.name, 255)} → ${alarm.state}: ${dataText(alarm.breach)}`;
}

function namesList(alarms: readonly IncidentAlarm[]): string {
  const names = alarms.slice(0, 3).map((alarm) => dataText(alarm.name, 255));
  return alarms.length > 3 ? `${names.join(', ')} and ${alarms.length - 3} more` : names.join(', ');
}

/** Where the incident stands, in one line: "fraud-detector-p99-latency in ALARM", "all alarms OK". */
export function stateSummary(incident: Incident): string {
  if (incident.state === 'resolved') {
    return incident.resolved?.by === undefined ? 'resolved — all alarms OK' : `resolved by ${who(incident.resolved.by)}`;
  }
  const firing = alarmsIn(incident, 'ALARM');
  if (firing.length > 0) return `${namesList(firing)} in ALARM`;
  const unknown = alarmsIn(incident, 'INSUFFICIENT_DATA');
  if (unknown.length > 0) return `${namesList(unknown)}: insufficient data`;
  return 'all alarms OK';
}

export const replyText = {
  /** The first reply of a new incident: posted only to carry the on-call mention. */
  opened(incident: Incident, alarm: IncidentAlarm): string {
    return `🔴 New ${incident.severity} incident — ${arrow(alarm)}`;
  },
  joined(alarm: IncidentAlarm): string {
    return `+ ${arrow(alarm)}`;
  },
  changed(alarm: IncidentAlarm): string {
    return `${ALARM_STATE_EMOJI[alarm.state]} ${arrow(alarm)}`;
  },
  resolvedAllOk(incident: Incident): string {
    const at = incident.resolved?.at ?? incident.lastChangeAt;
    return `✅ Resolved after ${durationText(at.getTime() - episodeStart(incident).getTime())} — all alarms OK`;
  },
  reopened(alarm: IncidentAlarm, resolvedAgoMs: number | undefined): string {
    const ago = resolvedAgoMs === undefined || resolvedAgoMs < 0 ? '' : ` (resolved ${durationText(resolvedAgoMs)} earlier)`;
    return `🔴 Reopened — ${arrow(alarm)}${ago}`;
  },
  severityRaised(incident: Incident): string {
    return ` · severity raised to ${incident.severity}`;
  },
  flappingStarted(alarm: IncidentAlarm, changes: number, windowMs: number): string {
    return (
      `〰️ ${dataText(alarm.name, 255)} is flapping: ${changes} changes in ${durationText(windowMs)}. ` +
      'Further changes only update the message above until it settles.'
    );
  },
  flappingStopped(incident: Incident, windowMs: number): string {
    return `Stopped flapping — no change for ${durationText(windowMs)}. Now: ${stateSummary(incident)}.`;
  },
  acknowledged(actor: SlackActor): string {
    return `🟠 Acknowledged by ${who(actor)}`;
  },
  resolvedByHand(incident: Incident, actor: SlackActor, now: Date): string {
    const after = durationText(now.getTime() - episodeStart(incident).getTime());
    const firing = alarmsIn(incident, 'ALARM');
    const still = firing.length === 0 ? '' : ` — ${namesList(firing)} still in ALARM in CloudWatch`;
    return `✅ Resolved by ${who(actor)} after ${after}${still}`;
  },
  silenced(actor: SlackActor, until: Date, now: Date): string {
    return (
      `🔕 Silenced by ${who(actor)} until ${clockText(until, now)} (${durationText(until.getTime() - now.getTime())}): ` +
      'no replies or reminders until then; the message above stays current.'
    );
  },
  unsilenced(actor: SlackActor): string {
    return `🔔 Unsilenced by ${who(actor)}: replies and reminders resume.`;
  },
};

/** Why a person's action did nothing (double clicks, stale buttons), shown to that person. */
export const refusalText = {
  alreadyAcknowledged(incident: Incident, now: Date): string {
    const ack = incident.acknowledged;
    return ack === undefined ? 'already acknowledged' : `already acknowledged by ${who(ack.by)} at ${clockText(ack.at, now)}`;
  },
  alreadyResolved(incident: Incident, now: Date): string {
    const resolved = incident.resolved;
    if (resolved === undefined) return 'already resolved';
    if (resolved.by === undefined) return `already resolved at ${clockText(resolved.at, now)} — all alarms OK`;
    return `already resolved by ${who(resolved.by)} at ${clockText(resolved.at, now)}`;
  },
  alreadySilenced(incident: Incident, now: Date): string {
    const until = incident.silencedUntil === undefined ? '' : ` until ${clockText(incident.silencedUntil, now)}`;
    return incident.silencedBy === undefined ? `already silenced${until}` : `already silenced by ${who(incident.silencedBy)}${until}`;
  },
  silenceInThePast(): string {
    return 'a silence must end in the future';
  },
  notSilenced(): string {
    return 'not silenced';
  },
};

/**
 * The reminder for an open, unacknowledged incident (CloudWatch only notifies on changes, so a
 * stuck incident would otherwise go quiet). Carries the incident's mention.
 */
export function renderReminder(incident: Incident, now: Date): ReplyEffect {
  const open = durationText(now.getTime() - episodeStart(incident).getTime());
  const text = `⏰ Still open and not acknowledged after ${open} — ${incident.severity}: ${stateSummary(incident)}`;
  return { kind: 'reply', text, ...(incident.mention === undefined ? {} : { mention: incident.mention }) };
}

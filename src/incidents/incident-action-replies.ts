/**
 * The command side of people's actions (`/mlobs ack 12`, `resolve`, `silence`, `unsilence`):
 * reading the incident number and turning the desk's outcome into the `Reply` the person reads.
 * Shared by the command files so each stays a page of its own help text.
 */
import { randomUUID } from 'node:crypto';
import { problemReply, text, type Reply } from '../reply/reply.js';
import { clockText } from './duration-text.js';
import type { IncidentActionName, IncidentActionOutcome, IncidentActionRequest } from './pipeline/incident-desk.js';

/** `12` or `#12` → 12; what is wrong otherwise. */
export function incidentNumberProblem(value: string): string | undefined {
  return parseIncidentNumber(value) === undefined ? 'is not an incident number: write it as 12 or #12 (`/mlobs incidents` lists them)' : undefined;
}

export function parseIncidentNumber(value: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(value.trim());
  if (match === null) return undefined;
  const number = Number(match[1]);
  return number > 0 ? number : undefined;
}

/** Who runs a command (the command framework's `Invoker`). */
export interface CommandActor {
  userId: string;
  userName?: string;
  channelId?: string;
  surface: 'slack' | 'console';
}

/** The desk request for a command: the invoker, and a cause unique to this run. */
export function commandActionRequest(
  invoker: CommandActor,
  numberText: string,
  action: IncidentActionName,
  extra: { until?: Date } = {},
): IncidentActionRequest {
  const number = parseIncidentNumber(numberText);
  // The argument's `validate` (incidentNumberProblem) has already refused anything else.
  if (number === undefined) throw new RangeError(`"${numberText}" is not an incident number`);
  return {
    number,
    action,
    actor: invoker.userName === undefined ? { id: invoker.userId } : { id: invoker.userId, name: invoker.userName },
    surface: invoker.surface,
    // Slash commands are not resent by Slack: each run is its own cause.
    cause: `command:${randomUUID()}`,
    ...(invoker.channelId === undefined ? {} : { channelId: invoker.channelId }),
    ...extra,
  };
}

const DONE: Record<IncidentActionName, string> = {
  ack: 'acknowledged',
  resolve: 'resolved',
  silence: 'silenced',
  unsilence: 'unsilenced',
};

export function actionOutcomeReply(outcome: IncidentActionOutcome, action: IncidentActionName, now: Date): Reply {
  switch (outcome.kind) {
    case 'not-found': {
      const open = outcome.open.length === 0 ? 'no incident is open' : `open incidents: ${outcome.open.map((n) => `#${n}`).join(', ')}`;
      return problemReply(`No incident #${outcome.number}`, `no incident #${outcome.number}; ${open}`);
    }
    case 'refused':
      return problemReply(`${outcome.incident === undefined ? 'Not' : `#${outcome.incident.number} not`} ${DONE[action]}`, plainMentions(outcome.reason));
    case 'changed': {
      const { incident } = outcome;
      const until = action === 'silence' && incident.silencedUntil !== undefined ? ` until ${clockText(incident.silencedUntil, now)}` : '';
      return {
        heading: `#${incident.number} ${DONE[action]}${until}`,
        context: incident.title,
        parts: [text(`${incident.title}: was ${outcome.before}, now ${incident.state}. The thread and its parent message show it.`)],
        visibility: 'private',
        tone: 'ok',
        summary: `#${incident.number} ${DONE[action]}${until}`,
      };
    }
  }
}

/**
 * Refusals are Slack mrkdwn (`<@U0ACK>`), but `Reply` text is escaped by its renderers: show
 * people and groups by ID instead of as broken markup.
 */
function plainMentions(mrkdwn: string): string {
  return mrkdwn.replace(/<@([UW][A-Z0-9]+)>/g, '@$1').replace(/<!subteam\^(S[A-Z0-9]+)>/g, '@$1').replace(/<#([CG][A-Z0-9]+)>/g, '#$1');
}

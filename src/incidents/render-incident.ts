/**
 * The incident's parent message as a `Reply`: at a glance, the state, severity, resource, each
 * alarm with its breach in plain words and since when, who acknowledged, flapping and silence,
 * the runbook and console links, and the buttons. Re-rendered in place on every change.
 *
 * `Reply` text is escaped by the renderers, so people appear by name here (mentions are made
 * by the thread replies of `incident-replies.ts`).
 */
import type { IncidentButton } from '../config/config.js';
import { actions, note, text } from '../reply/reply.js';
import type { Action, Reply, ReplyPart, Tone } from '../reply/reply.js';
import type { AlarmState } from './alarm-notification/index.js';
import { alarmConsoleUrl, logGroupOf, logsInsightsUrl, metricConsoleUrl } from './console-links.js';
import { clockText, durationText, sinceText } from './duration-text.js';
import { alarmsIn, episodeStart, isSilenced } from './incident.js';
import type { Incident, IncidentAlarm, IncidentKey } from './incident.js';
import { flappingChanges } from './incident-flapping.js';
import { asIncidentKey } from './incident-key.js';
import { ALARM_STATE_EMOJI } from './incident-replies.js';
import { metricPointsParts, type ParentCharts } from './render-metric-points.js';

export interface ParentOptions {
  /** Which buttons to offer, in this order (`incidents.buttons`). */
  buttons: readonly IncidentButton[];
  now: Date;
  /** Links to the alarm, metric and logs in the AWS console. */
  consoleLinks: boolean;
  /** The flapping window, for "7 changes in 10 min" (`incidents.flapping.withinMs`). */
  flappingWindowMs?: number;
  /** `charts.mode` and QuickChart: a chart image of the primary alarm in `url` mode only; none given, none drawn. */
  charts?: ParentCharts;
}

/** `action_id`s of the parent's buttons, for the interactivity layer. */
export const INCIDENT_ACTION_IDS = {
  ack: 'incident-ack',
  resolve: 'incident-resolve',
  diagnose: 'incident-diagnose',
  scale: 'incident-scale',
  silence: 'incident-silence',
  unsilence: 'incident-unsilence',
} as const;

/** How long the Silence button silences. */
export const SILENCE_BUTTON_MS = 3_600_000;

const MAX_LISTED_ALARMS = 12;
const STATE_ORDER: Record<AlarmState, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
const STATE_WORDS: Record<AlarmState, string> = { ALARM: 'in ALARM', INSUFFICIENT_DATA: 'insufficient data', OK: 'OK' };

export interface IncidentLook {
  emoji: string;
  label: string;
  tone: Tone;
}

/** 🔴 open with an alarm firing, ⚪ open with only insufficient data, 🟠 acknowledged, ✅ resolved. */
export function incidentLook(incident: Incident): IncidentLook {
  if (incident.state === 'resolved') return { emoji: '✅', label: 'RESOLVED', tone: 'ok' };
  if (incident.state === 'acknowledged') return { emoji: '🟠', label: 'ACKNOWLEDGED', tone: 'warning' };
  if (alarmsIn(incident, 'ALARM').length === 0 && alarmsIn(incident, 'INSUFFICIENT_DATA').length > 0) {
    return { emoji: '⚪', label: 'INSUFFICIENT DATA', tone: 'info' };
  }
  return { emoji: '🔴', label: 'ALARM', tone: 'problem' };
}

export function renderIncidentParent(incident: Incident, options: ParentOptions): Reply {
  const { now } = options;
  const look = incidentLook(incident);
  const number = incident.number === undefined ? '' : `#${incident.number} `;
  const context = [
    look.label,
    incident.severity,
    `account ${incident.accountId}`,
    incident.region,
    `opened ${clockText(incident.openedAt, now)}`,
    ...(incident.reopenedCount > 0 ? [`reopened ${incident.reopenedCount}×`] : []),
  ].join(' · ');
  const parts: ReplyPart[] = [...stateNotes(incident, options), text(alarmLines(incident, options)), ...metricPointsParts(incident, orderedAlarms(incident), options.charts)];
  const links = linksLine(incident, options);
  if (links !== '') parts.push(text(links));
  const buttons = incidentButtons(incident, options.buttons, now);
  if (buttons.length > 0) parts.push(actions(buttons));
  return {
    heading: `${look.emoji} ${number}${safe(incident.title)}`,
    context,
    parts,
    visibility: 'channel',
    tone: look.tone,
    summary: `${look.emoji} ${look.label} ${incident.severity} — ${safe(incident.resource.name)}: ${headline(incident)}`,
  };
}

function stateNotes(incident: Incident, options: ParentOptions): ReplyPart[] {
  const { now } = options;
  const notes: ReplyPart[] = [];
  if (incident.state === 'resolved') notes.push(note('ok', resolvedText(incident)));
  else if (incident.acknowledged !== undefined && incident.state === 'acknowledged') {
    const { by, byName, at } = incident.acknowledged;
    notes.push(note('info', `Acknowledged by ${person(by, byName)} at ${clockText(at, now)}`));
  } else {
    notes.push(note('warning', `Open for ${durationText(now.getTime() - episodeStart(incident).getTime())}, not acknowledged`));
  }
  if (incident.flapping) {
    const window = options.flappingWindowMs === undefined ? '' : ` in ${durationText(options.flappingWindowMs)}`;
    notes.push(note('warning', `Flapping: ${flappingChanges(incident)} changes${window} — replies paused until it settles`));
  }
  if (isSilenced(incident, now) && incident.silencedUntil !== undefined) {
    const by = incident.silencedBy === undefined ? '' : ` by ${person(incident.silencedBy)}`;
    notes.push(note('info', `Silenced until ${clockText(incident.silencedUntil, now)}${by} — no replies or reminders`));
  }
  return notes;
}

function resolvedText(incident: Incident): string {
  const resolved = incident.resolved;
  const after = resolved === undefined ? '' : ` after ${durationText(resolved.at.getTime() - episodeStart(incident).getTime())}`;
  if (resolved?.by === undefined) return `Resolved${after} — all alarms OK`;
  const firing = alarmsIn(incident, 'ALARM').length;
  const still = firing === 0 ? '' : ` (${firing} alarm${firing === 1 ? '' : 's'} still in ALARM)`;
  return `Resolved by ${person(resolved.by, resolved.byName)}${after}${still}`;
}

/** Firing first, then by how long they have been in their state. */
function orderedAlarms(incident: Incident): IncidentAlarm[] {
  return [...incident.alarms].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.since.getTime() - b.since.getTime());
}

function alarmLines(incident: Incident, options: ParentOptions): string {
  const sorted = orderedAlarms(incident);
  const listed = sorted.slice(0, MAX_LISTED_ALARMS).map((alarm) => alarmLine(incident, alarm, options));
  const hidden = sorted.slice(MAX_LISTED_ALARMS);
  if (hidden.length > 0) {
    const firing = hidden.filter((alarm) => alarm.state === 'ALARM').length;
    listed.push(`… and ${hidden.length} more alarm${hidden.length === 1 ? '' : 's'} (${firing} in ALARM)`);
  }
  return listed.join('\n');
}

function alarmLine(incident: Incident, alarm: IncidentAlarm, options: ParentOptions): string {
  const head = `${ALARM_STATE_EMOJI[alarm.state]} *${safe(alarm.name)}* — ${STATE_WORDS[alarm.state]} ${sinceText(alarm.since, options.now)}`;
  const details = [safe(alarm.breach)];
  if (alarm.state === 'INSUFFICIENT_DATA' && alarm.thresholdText !== undefined) {
    details.push(`fires when ${safe(alarm.thresholdText)}`);
  }
  if (options.consoleLinks) {
    details.push(`<${alarmConsoleUrl(incident.region, alarm.name)}|alarm>`);
    if (alarm.metric !== undefined) {
      const hours = (options.now.getTime() - incident.openedAt.getTime()) / 3_600_000 + 1;
      details.push(`<${metricConsoleUrl(incident.region, alarm.metric, hours)}|metric>`);
    }
  }
  return `${head}\n      ${details.join(' · ')}`;
}

function linksLine(incident: Incident, options: ParentOptions): string {
  const links: string[] = [];
  if (incident.runbookUrl !== undefined && /^https?:\/\/[^\s<>|]+$/i.test(incident.runbookUrl)) {
    links.push(`📖 <${incident.runbookUrl}|Runbook>`);
  }
  const logGroup = logGroupOf(incident.resource);
  if (options.consoleLinks && logGroup !== undefined) {
    const lookbackS = (options.now.getTime() - episodeStart(incident).getTime()) / 1000 + 1800;
    links.push(`<${logsInsightsUrl(incident.region, logGroup, lookbackS)}|Logs Insights: ${safe(logGroup)}>`);
  }
  return links.join(' · ');
}

/** What the notification says: the breach of the alarm firing longest, without the datapoint count. */
function headline(incident: Incident): string {
  if (incident.state === 'resolved') return resolvedText(incident).replace(/^Resolved/, 'resolved');
  const firing = alarmsIn(incident, 'ALARM').sort((a, b) => a.since.getTime() - b.since.getTime());
  const shown = firing[0] ?? alarmsIn(incident, 'INSUFFICIENT_DATA')[0] ?? incident.alarms[0];
  if (shown === undefined) return 'no alarms';
  const breach = safe(shown.breach.replace(/ for \d+ of \d+ datapoints?$/, ''));
  const more = firing.length > 1 ? ` (+${firing.length - 1} more alarm${firing.length === 2 ? '' : 's'})` : '';
  return `${breach}${more}`;
}

function incidentButtons(incident: Incident, wanted: readonly IncidentButton[], now: Date): Action[] {
  const value = incidentButtonValue(incident);
  const n = incident.number;
  const byNumber = (command: string): { command?: string } => (n === undefined ? {} : { command: `/mlobs ${command}` });
  const endpoint = incident.resource.kind === 'sagemaker-endpoint' ? incident.resource.name : undefined;
  const open = incident.state !== 'resolved';
  const buttons: Action[] = [];
  for (const button of new Set(wanted)) {
    switch (button) {
      case 'ack':
        if (incident.state === 'open') {
          buttons.push({ id: INCIDENT_ACTION_IDS.ack, label: 'Acknowledge', style: 'primary', value, ...byNumber(`ack ${n}`) });
        }
        break;
      case 'resolve':
        if (open) buttons.push({ id: INCIDENT_ACTION_IDS.resolve, label: 'Resolve', value, ...byNumber(`resolve ${n}`), ...resolveConfirm(incident) });
        break;
      case 'diagnose': {
        const command = endpoint === undefined ? byNumber(`diagnose ${n}`) : { command: `/mlobs diagnose ${endpoint}` };
        buttons.push({ id: INCIDENT_ACTION_IDS.diagnose, label: 'Diagnose', value, ...command });
        break;
      }
      case 'scale':
        if (endpoint !== undefined) {
          buttons.push({ id: INCIDENT_ACTION_IDS.scale, label: 'Scale…', value, command: `/mlobs scale ${endpoint}` });
        }
        break;
      case 'silence':
        if (isSilenced(incident, now)) {
          buttons.push({ id: INCIDENT_ACTION_IDS.unsilence, label: 'Unsilence', value, ...byNumber(`unsilence ${n}`) });
        } else if (open) {
          buttons.push({ id: INCIDENT_ACTION_IDS.silence, label: 'Silence 1h', value, ...byNumber(`silence ${n} 1h`) });
        }
        break;
    }
  }
  return buttons;
}

function resolveConfirm(incident: Incident): Pick<Action, 'confirm'> {
  const firing = alarmsIn(incident, 'ALARM');
  if (firing.length === 0) return {};
  const names = firing.slice(0, 3).map((alarm) => safe(alarm.name)).join(', ');
  return {
    confirm: {
      title: 'Resolve while alarms fire?',
      text: `${names}${firing.length > 3 ? ` and ${firing.length - 3} more` : ''} still in ALARM. Resolve the incident anyway?`,
      confirm: 'Resolve',
      deny: 'Cancel',
    },
  };
}

/** The button `value`: which incident a click is about (the number when stored, and the key). */
export function incidentButtonValue(incident: Pick<Incident, 'key' | 'number'>): string {
  return JSON.stringify(incident.number === undefined ? { key: incident.key } : { n: incident.number, key: incident.key });
}

export function parseIncidentButtonValue(value: string): { number?: number; key: IncidentKey } | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { n, key } = parsed as { n?: unknown; key?: unknown };
    if (typeof key !== 'string' || key === '') return undefined;
    return Number.isSafeInteger(n) ? { number: n as number, key: asIncidentKey(key) } : { key: asIncidentKey(key) };
  } catch {
    return undefined;
  }
}

/** A person as the parent shows them: their name when known, else their Slack ID. */
function person(id: string, name?: string): string {
  return name === undefined || name.trim() === '' ? safe(id) : `@${safe(name)}`;
}

/** Alarm data inside `Reply` text: a `<http…>` in a name or reason must not become a link. */
function safe(value: string): string {
  return value.replace(/<(?=https?:)/gi, '‹');
}

/**
 * An `Incident` as the JSON document the store keeps (`incidents.incident_json`), and back.
 * Dates travel as ISO strings and are revived field by field; the number lives in its own
 * column, not in the document.
 */
import type { AlarmMetricPoints } from '../alarm-metric-points.js';
import type { Incident, IncidentAlarm } from '../incident.js';
import type { NumberedIncident } from './incident-threads.js';

export function incidentDocument(incident: Incident): unknown {
  const { number: _number, ...document } = incident;
  // JSON.stringify writes Dates as ISO strings.
  return JSON.parse(JSON.stringify(document)) as unknown;
}

type Json = Record<string, unknown>;

export function incidentFromDocument(document: unknown, number: number): NumberedIncident {
  if (!isObject(document) || !Array.isArray(document.alarms)) {
    throw new TypeError(`incident #${number}: the stored document is not an incident`);
  }
  const incident = { ...document, number } as unknown as NumberedIncident;
  incident.openedAt = date(document.openedAt);
  incident.lastChangeAt = date(document.lastChangeAt);
  if (document.reopenedAt !== undefined) incident.reopenedAt = date(document.reopenedAt);
  if (document.episodeShownAt !== undefined) incident.episodeShownAt = date(document.episodeShownAt);
  if (document.lastTransitionSeenAt !== undefined) incident.lastTransitionSeenAt = date(document.lastTransitionSeenAt);
  if (document.silencedUntil !== undefined) incident.silencedUntil = date(document.silencedUntil);
  if (isObject(document.acknowledged)) incident.acknowledged = { ...(document.acknowledged as unknown as NonNullable<Incident['acknowledged']>), at: date(document.acknowledged.at) };
  if (isObject(document.resolved)) incident.resolved = { ...(document.resolved as unknown as NonNullable<Incident['resolved']>), at: date(document.resolved.at) };
  incident.alarms = (document.alarms as unknown[]).map(alarmFrom);
  if (Array.isArray(document.metricPoints)) incident.metricPoints = (document.metricPoints as unknown[]).map(metricPointsFrom);
  return incident;
}

function metricPointsFrom(stored: unknown): AlarmMetricPoints {
  if (!isObject(stored) || !Array.isArray(stored.timestamps) || !Array.isArray(stored.values)) throw new TypeError('the stored incident has malformed metric points');
  return { ...(stored as unknown as AlarmMetricPoints), breachAt: date(stored.breachAt), fetchedAt: date(stored.fetchedAt) };
}

function alarmFrom(stored: unknown): IncidentAlarm {
  if (!isObject(stored) || !Array.isArray(stored.transitionsInWindow)) throw new TypeError('the stored incident has a malformed alarm');
  return {
    ...(stored as unknown as IncidentAlarm),
    since: date(stored.since),
    transitionsInWindow: (stored.transitionsInWindow as unknown[]).map(date),
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function date(value: unknown): Date {
  const parsed = new Date(typeof value === 'string' || typeof value === 'number' ? value : Number.NaN);
  if (Number.isNaN(parsed.getTime())) throw new TypeError(`the stored incident has an invalid date: ${String(value)}`);
  return parsed;
}

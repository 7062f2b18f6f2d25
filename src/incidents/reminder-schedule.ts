/**
 * Reminders: CloudWatch notifies only on state changes, so an incident still open and not
 * acknowledged gets a reminder in its thread `reminderAfterMs` after it (re)opened, then at an
 * interval growing by `reminderBackoff` (30 min, then 1 h later, then 2 h later…).
 */
import type { IncidentsConfig } from '../config/config.js';
import { episodeStart } from './incident.js';
import type { Incident } from './incident.js';

/** Enough for any real incident; keeps a corrupt counter from looping for long. */
const MAX_REMINDERS = 1_000;

/**
 * When the next reminder is due, given how many were sent since the incident last (re)opened;
 * undefined when acknowledged, resolved, or reminders are off (`reminderAfterMs` 0). While
 * silenced, the reminder waits for the silence to end (a later unsilence clears that).
 */
export function nextReminderAt(
  incident: Incident,
  policy: Pick<IncidentsConfig, 'reminderAfterMs' | 'reminderBackoff'>,
  remindersSent: number,
): Date | undefined {
  if (incident.state !== 'open' || !(policy.reminderAfterMs > 0)) return undefined;
  const sent = Math.min(Math.max(0, Math.floor(remindersSent)), MAX_REMINDERS);
  const backoff = Math.max(1, policy.reminderBackoff);
  let offsetMs = 0;
  let intervalMs = policy.reminderAfterMs;
  for (let reminder = 0; reminder <= sent; reminder++) {
    offsetMs += intervalMs;
    intervalMs *= backoff;
  }
  const due = reminderBase(incident).getTime() + offsetMs;
  if (!Number.isFinite(due) || due > 8.64e15) return undefined;
  const silencedUntil = incident.silencedUntil?.getTime();
  return new Date(silencedUntil !== undefined && silencedUntil > due ? silencedUntil : due);
}

/** Reminders count from when the bot showed the episode, if that is later than the alarm's own time. */
function reminderBase(incident: Incident): Date {
  const start = episodeStart(incident);
  const shown = incident.episodeShownAt;
  return shown !== undefined && shown.getTime() > start.getTime() ? shown : start;
}

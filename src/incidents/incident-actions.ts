/**
 * What people do to an incident — acknowledge, resolve, silence, unsilence — from a button or
 * `/mlobs ack 12`. Each either changes the incident (parent updated, a reply in the thread) or
 * is refused with the reason, so a double click or Slack's retry of an interaction acts once.
 * People's replies are posted even while silenced or flapping: they are the timeline, not noise.
 */
import { episodeStart, isSilenced } from './incident.js';
import type { Incident, IncidentActionResult, SlackActor } from './incident.js';
import { refusalText, replyText } from './incident-replies.js';

/** Two silences ending within this of each other are the same click. */
const SAME_SILENCE_MS = 60_000;

function actorOf(user: SlackActor | string): SlackActor {
  return typeof user === 'string' ? { id: user } : user;
}

function byFields(actor: SlackActor): { by: string; byName?: string } {
  return actor.name === undefined ? { by: actor.id } : { by: actor.id, byName: actor.name };
}

function changed(incident: Incident, text: string): IncidentActionResult {
  return { incident, effects: [{ kind: 'update-parent' }, { kind: 'reply', text }] };
}

export function acknowledge(incident: Incident, user: SlackActor | string, now: Date): IncidentActionResult {
  if (incident.state === 'resolved') return { refused: refusalText.alreadyResolved(incident, now) };
  if (incident.state === 'acknowledged') return { refused: refusalText.alreadyAcknowledged(incident, now) };
  const actor = actorOf(user);
  const next: Incident = { ...incident, state: 'acknowledged', acknowledged: { ...byFields(actor), at: now }, lastChangeAt: now };
  return changed(next, replyText.acknowledged(actor));
}

/** Resolves now, whatever the alarms say; an alarm still firing reopens it only after it goes OK and fires again. */
export function resolveByHand(incident: Incident, user: SlackActor | string, now: Date): IncidentActionResult {
  if (incident.state === 'resolved') return { refused: refusalText.alreadyResolved(incident, now) };
  const actor = actorOf(user);
  const at = now.getTime() < episodeStart(incident).getTime() ? episodeStart(incident) : now;
  const next: Incident = { ...incident, state: 'resolved', resolved: { at, ...byFields(actor) }, lastChangeAt: now };
  return changed(next, replyText.resolvedByHand(incident, actor, at));
}

/** No replies or reminders until `until`; asking again for (about) the same end is refused, a later end extends it. */
export function silence(incident: Incident, user: SlackActor | string, until: Date, now: Date): IncidentActionResult {
  if (incident.state === 'resolved') return { refused: refusalText.alreadyResolved(incident, now) };
  if (until.getTime() <= now.getTime()) return { refused: refusalText.silenceInThePast() };
  if (isSilenced(incident, now) && until.getTime() <= (incident.silencedUntil?.getTime() ?? 0) + SAME_SILENCE_MS) {
    return { refused: refusalText.alreadySilenced(incident, now) };
  }
  const actor = actorOf(user);
  const next: Incident = { ...incident, silencedUntil: until, silencedBy: actor.id, lastChangeAt: now };
  return changed(next, replyText.silenced(actor, until, now));
}

export function unsilence(incident: Incident, user: SlackActor | string, now: Date): IncidentActionResult {
  if (!isSilenced(incident, now)) return { refused: refusalText.notSilenced() };
  const { silencedUntil: _until, silencedBy: _by, ...rest } = incident;
  const actor = actorOf(user);
  return changed({ ...rest, lastChangeAt: now }, replyText.unsilenced(actor));
}

/**
 * Incidents: the pure rules that turn alarm transitions into incidents and decide what their
 * thread shows. No I/O: the caller routes, keys, loads, applies, stores and hands the effects to
 * the outbox. See README.md in this folder for the rules.
 */
export * from './alarm-notification/index.js';
export type { Incident, IncidentActionResult, IncidentAlarm, IncidentChange, IncidentEffect, IncidentKey, IncidentState, ReplyEffect, SlackActor } from './incident.js';
export { episodeStart, isSilenced } from './incident.js';
export type { AlarmTags, RoutableTransition, RoutedAlarm, RoutingConfig } from './route-alarm.js';
export { globMatches, routeAlarm, severityFromAlarmName } from './route-alarm.js';
export { asIncidentKey, firingKeyPrefix, incidentKey } from './incident-key.js';
export type { TransitionContext, TransitionResult } from './incident-state.js';
export { applyTransition } from './incident-state.js';
export { acknowledge, resolveByHand, silence, unsilence } from './incident-actions.js';
export { flappingSettlesAt, settleFlapping } from './incident-flapping.js';
export { nextReminderAt } from './reminder-schedule.js';
export { mentionText, renderReminder, replyMrkdwn } from './incident-replies.js';
export type { ParentOptions } from './render-incident.js';
export {
  INCIDENT_ACTION_IDS,
  SILENCE_BUTTON_MS,
  incidentButtonValue,
  parseIncidentButtonValue,
  renderIncidentParent,
} from './render-incident.js';

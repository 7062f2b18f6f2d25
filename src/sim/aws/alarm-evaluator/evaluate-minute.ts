import type { AlarmState, Fleet } from '../../fleet/index.js';
import { actionRecord, stateUpdateRecord, type ActionOutcome } from '../services/cloudwatch/alarm-history-records.js';
import { evaluateAlarmSet, longUtcTime } from '../services/cloudwatch/alarm-set-evaluation.js';
import { ruleChildren } from '../services/cloudwatch/alarm-timelines.js';
import { alarmTypeOf, type AlarmEntry, type AlarmType, type CloudWatchState } from '../services/cloudwatch/cloudwatch-state.js';
import { alarmNotification, type AlarmTransition } from '../sns/alarm-notification.js';
import type { SimulatedSns } from '../sns/simulated-sns.js';
import { notificationDefinition } from './notification-definition.js';

/** One alarm's state change, as the evaluator saw and announced it. */
export interface AlarmStateChange {
  alarmName: string;
  alarmArn: string;
  alarmType: AlarmType;
  oldState: AlarmState;
  newState: AlarmState;
  reason: string;
  at: Date;
  /** What was published: one message per SNS topic among the actions of the new state. */
  notifications: Array<{ topicArn: string; messageId: string }>;
}

const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/;

/**
 * Evaluates every alarm at one minute and acts on what changed, as CloudWatch does: the new
 * state is stored, the change goes into the alarm history, and the notification is published to
 * each SNS topic of the actions for the new state (ALARM → AlarmActions, OK → OKActions,
 * INSUFFICIENT_DATA → InsufficientDataActions) when actions are enabled.
 */
export function evaluateMinute(fleet: Fleet, cloudwatch: CloudWatchState, sns: SimulatedSns, at: Date): AlarmStateChange[] {
  // An alarm put through the API is first evaluated at the minute after its creation.
  const entries = cloudwatch.alarms().filter((entry) => entry.since === undefined || entry.since.getTime() < at.getTime());
  const evaluated = evaluateAlarmSet(fleet, entries, at, (name) => cloudwatch.status(name));
  const changed = new Map<string, { entry: AlarmEntry; oldState: AlarmState; newState: AlarmState }>();
  for (const entry of entries) {
    const name = entry.definition.alarmName;
    const next = evaluated.get(name);
    const oldState = cloudwatch.status(name)?.value ?? 'INSUFFICIENT_DATA';
    if (next && next.state !== oldState) changed.set(name, { entry, oldState, newState: next.state });
  }

  const changes: AlarmStateChange[] = [];
  for (const { entry, oldState, newState } of changed.values()) {
    const { definition } = entry;
    const next = evaluated.get(definition.alarmName);
    if (!next) continue;
    const triggeringChildren =
      definition.kind === 'composite'
        ? ruleChildren(definition.alarmRule)
            .map((child) => [...changed.values()].find(({ entry: e }) => e.definition.alarmName === child || e.definition.alarmArn === child))
            .filter((child) => child !== undefined)
            .map((child) => ({ arn: child.entry.definition.alarmArn, state: child.newState, at }))
        : [];
    const first = triggeringChildren[0];
    const reason = first ? `${first.arn} transitioned to ${first.state} at ${longUtcTime(at)}` : next.reason;
    const before = cloudwatch.status(definition.alarmName) ?? { value: oldState, reason: 'Unchecked: Initial alarm creation' };
    const after = { value: newState, reason, ...(next.reasonData && { reasonData: next.reasonData }) };
    cloudwatch.setStatus(definition.alarmName, { ...after, updatedAt: at });
    cloudwatch.record(stateUpdateRecord(definition, before, after, at));
    const transition: AlarmTransition = { oldState, newState, reason, at, ...(definition.kind === 'composite' && { triggeringChildren }) };
    changes.push({
      alarmName: definition.alarmName,
      alarmArn: definition.alarmArn,
      alarmType: alarmTypeOf(definition),
      oldState,
      newState,
      reason,
      at,
      notifications: runActions(entry, transition, cloudwatch, sns),
    });
  }
  return changes;
}

function runActions(entry: AlarmEntry, transition: AlarmTransition, cloudwatch: CloudWatchState, sns: SimulatedSns): Array<{ topicArn: string; messageId: string }> {
  const { definition } = entry;
  if (!definition.actionsEnabled) return [];
  const targets =
    transition.newState === 'ALARM' ? definition.alarmActions : transition.newState === 'OK' ? definition.okActions : definition.insufficientDataActions;
  const published: Array<{ topicArn: string; messageId: string }> = [];
  for (const arn of targets) {
    let outcome: ActionOutcome;
    if (!SNS_ARN.test(arn)) {
      outcome = { ok: false, error: 'the simulator executes SNS notification actions only' };
    } else {
      try {
        const notification = alarmNotification(notificationDefinition(entry), transition);
        const { messageId, delivered } = sns.publish(arn, { subject: notification.subject, message: notification.message });
        // Delivery failures are SNS's to retry and record (sns.deliveries), not the alarm's.
        delivered.catch(() => undefined);
        published.push({ topicArn: arn, messageId });
        outcome = { ok: true, publishedMessage: notification.message };
      } catch (error) {
        outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }
    cloudwatch.record(actionRecord(definition, arn, transition.at, outcome));
  }
  return published;
}

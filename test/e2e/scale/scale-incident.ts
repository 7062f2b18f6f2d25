/**
 * Incidents in the scale world: a CloudWatch alarm notification stored in the bot's SNS inbox
 * as `/sns` stores one after verifying it (the scale world's bot does not trust the simulator's
 * signing certificate, and SNS delivery is not what these tests are about), then processed by
 * the real pipeline into an incident thread.
 */
import { randomUUID } from 'node:crypto';
import { alarmNotification, type AlarmState } from '../../../src/sim/aws/sns/alarm-notification.js';
import type { SimMessage } from '../../../src/sim/slack/message-store.js';
import { latencyAlarm } from '../incidents/alarm-definitions.js';
import { CHANNEL, type ScaleWorld } from './scale-world.js';

const REASONS: Record<AlarmState, string> = {
  ALARM: 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0) (minimum 3 datapoints for OK -> ALARM transition).',
  OK: 'Threshold Crossed: 1 out of the last 3 datapoints [310000.0 (23/11/26 14:20:00)] was not greater than the threshold (500000.0) (minimum 1 datapoint for ALARM -> OK transition).',
  INSUFFICIENT_DATA: 'Insufficient Data: 3 datapoints were unknown.',
};

/** `<endpoint>-p99-latency` goes to `state` now (simulated time); resolves once Slack has every write. */
export async function alarmOn(world: ScaleWorld, endpoint: string, state: AlarmState): Promise<void> {
  const alarm = latencyAlarm(`${endpoint}-p99-latency`, endpoint);
  const at = world.sims.simulation.now();
  const notification = alarmNotification(alarm, { oldState: state === 'ALARM' ? 'OK' : 'ALARM', newState: state, reason: REASONS[state], at });
  await world.bot.incidents.inbox.store({
    messageId: randomUUID(),
    kind: 'notification',
    topicArn: 'arn:aws:sns:us-east-1:123456789012:ml-alarms',
    subject: notification.subject,
    message: notification.message,
    snsTimestamp: at,
  });
  await processed(world);
}

/** The parent of incident `number` as Slack has it now (a copy: a click carries what the person saw). */
export async function incidentParent(world: ScaleWorld, number = 1): Promise<SimMessage> {
  const find = () => world.slack.channel(CHANNEL).messages().find((m) => m.metadata?.event_payload.key === `incident:${number}:parent`);
  const deadline = Date.now() + 15_000;
  while (find() === undefined) {
    if (Date.now() > deadline) throw new Error(`incident #${number} has no parent message`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await world.settled();
  return structuredClone(find()!);
}

/** Every reply in incident `number`'s thread, oldest first. */
export function incidentThread(world: ScaleWorld, parent: SimMessage): string[] {
  return world.slack.channel(CHANNEL).thread(parent.ts).map((m) => m.text);
}

async function processed(world: ScaleWorld): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await world.bot.services.store.db.selectFrom('sns_inbox').select('id').where('processed_at', 'is', null).execute()).length > 0) {
    if (Date.now() > deadline) throw new Error('the alarm was not processed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await world.settled();
}

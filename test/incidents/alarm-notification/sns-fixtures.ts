import { readFileSync } from 'node:fs';
import type { AlarmTransition, ParsedNotification } from '../../../src/incidents/alarm-notification/index.js';
import { parseAlarmMessage } from '../../../src/incidents/alarm-notification/index.js';

const FIXTURES = new URL('../../fixtures/sns/', import.meta.url);

/** A fixture's text: the content of an SNS `Message`, or a whole envelope. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

/** Parses a fixture and insists it is an alarm, so a test can go straight to the fields. */
export function alarmFrom(message: string, envelope?: Parameters<typeof parseAlarmMessage>[1]): AlarmTransition {
  const parsed: ParsedNotification = parseAlarmMessage(message, envelope);
  if (parsed.kind !== 'alarm') throw new Error(`expected an alarm, got other: ${parsed.reason}`);
  return parsed.transition;
}

export function alarmFixture(name: string): AlarmTransition {
  return alarmFrom(fixtureText(name));
}

/** The fixture's JSON with some fields changed (`undefined` removes a field), as a Message string. */
export function edited(name: string, change: (document: Record<string, unknown>) => void): string {
  const document = fixtureJson(name);
  change(document);
  return JSON.stringify(document);
}

export const MESSAGE_FIXTURES = [
  'alarm-metric-p99-latency.json',
  'alarm-metric-ok.json',
  'alarm-metric-insufficient-data.json',
  'alarm-metric-math.json',
  'alarm-anomaly-band.json',
  'alarm-composite.json',
  'alarm-composite-children-as-strings.json',
  'alarm-composite-empty-children.json',
  'eventbridge-alarm-state-change.json',
  'lambda-errors-alarm.json',
  'not-json.txt',
  'other-json.json',
];

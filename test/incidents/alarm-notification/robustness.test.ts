import { describe, expect, it } from 'vitest';
import type { ParsedNotification } from '../../../src/incidents/alarm-notification/index.js';
import { describeBreach, parseAlarmMessage } from '../../../src/incidents/alarm-notification/index.js';
import { PARSER_FAILURE } from '../../../src/incidents/alarm-notification/parse-alarm-message.js';
import { HostileInputs, randomSource } from './hostile-input.js';
import { MESSAGE_FIXTURES, alarmFrom, edited, fixtureJson, fixtureText } from './sns-fixtures.js';

const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** What must hold for any input: the result is well-formed, printable and serialisable. */
function expectWellFormed(result: ParsedNotification): void {
  if (result.kind === 'other') {
    expect(result.reason).not.toBe('');
    // The catch-all in parseAlarmMessage is a last line of defence: no input may need it.
    expect(result.reason).not.toBe(PARSER_FAILURE);
    expect(typeof result.text).toBe('string');
    expect(result.text.length).toBeLessThan(3_000);
  } else {
    const transition = result.transition;
    expect(transition.alarmName.trim()).not.toBe('');
    expect(STATES).toContain(transition.newState);
    expect(transition.alarmArn).toMatch(/^arn:[a-z-]+:cloudwatch:[a-z0-9-]+:\d{12}:alarm:./s);
    expect(transition.region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/);
    expect(Number.isNaN(transition.changedAt.getTime())).toBe(false);
    expect(describeBreach(transition).length).toBeGreaterThan(0);
  }
  expect(() => JSON.stringify(result)).not.toThrow();
}

describe('parseAlarmMessage never throws', () => {
  it('2,000 random strings, JSON documents, mutated and truncated fixtures each parse to a well-formed result', () => {
    const seed = 20261123;
    const inputs = new HostileInputs(randomSource(seed));
    const documents = MESSAGE_FIXTURES.filter((name) => name.endsWith('.json')).map(fixtureJson);
    const texts = MESSAGE_FIXTURES.map(fixtureText);
    const kinds = { alarm: 0, other: 0 };
    for (let run = 0; run < 2_000; run += 1) {
      const message = inputs.pick<() => string>([
        () => inputs.string(),
        () => JSON.stringify(inputs.json()),
        () => inputs.mutated(inputs.pick(documents)),
        () => inputs.mutated(inputs.pick(documents)),
        () => inputs.mutated(inputs.pick(documents)),
        () => inputs.truncated(inputs.pick(texts)),
      ])();
      const envelope = inputs.pick([undefined, { subject: inputs.string(), timestamp: inputs.string() }, { timestamp: '2026-11-23T14:07:12.412Z' }]);
      let result: ParsedNotification | undefined;
      expect(() => (result = parseAlarmMessage(message, envelope)), `seed ${seed}, run ${run}: ${message.slice(0, 200)}`).not.toThrow();
      if (result === undefined) throw new Error('unreachable');
      expectWellFormed(result);
      kinds[result.kind] += 1;
    }
    // The mutations keep many messages alarms, so the deep paths are exercised, not just rejected.
    expect(kinds.alarm).toBeGreaterThan(300);
    expect(kinds.other).toBeGreaterThan(300);
  });

  it('turns 256 KB of nesting into a plain notification', () => {
    const depth = 128 * 1024;
    for (const message of ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth / 5) + '1' + '}'.repeat(depth / 5)]) {
      const result = parseAlarmMessage(message);
      expect(result.kind).toBe('other');
      expectWellFormed(result);
    }
  });

  it('keeps an alarm whose reasonData nests 256 KB deep, without the reasonData', () => {
    const depth = 128 * 1024;
    const message = edited('eventbridge-alarm-state-change.json', (event) => {
      const state = (event['detail'] as Record<string, Record<string, unknown>>)['state'] as Record<string, unknown>;
      state['reasonData'] = '['.repeat(depth) + ']'.repeat(depth);
    });
    const transition = alarmFrom(message);
    expect(transition.reasonData).toBeUndefined();
    expect(() => JSON.stringify(transition)).not.toThrow();
  });

  it('keeps an alarm whose Trigger nests deeply where dimensions should be', () => {
    // JSON.stringify cannot write this document, so splice the nesting into the fixture's text.
    const text = fixtureText('alarm-metric-p99-latency.json').replace(
      /"Dimensions": \[[^\]]*\]/,
      `"Dimensions": ${'['.repeat(50_000)}"fraud-detector"${']'.repeat(50_000)}`,
    );
    const transition = alarmFrom(text);
    expect(transition.metric?.dimensions).toEqual({});
  });

  it('drops numbers too large to be numbers', () => {
    const message = fixtureText('alarm-metric-p99-latency.json')
      .replace('"Threshold": 500000.0', '"Threshold": 1e400')
      .replace('"Period": 60', '"Period": 1e400')
      .replace('[2100000.0 (23/11/26 14:05:00)', '[1e999 (23/11/26 14:05:00)')
      .replace('threshold (500000.0)', 'threshold (1e999)');
    const transition = alarmFrom(message);
    expect(transition.threshold?.value).toBeUndefined();
    expect(transition.metric).toBeUndefined();
    expect(transition.observed?.values).toEqual([1870000, 1620000]);
    expectWellFormed({ kind: 'alarm', transition });
  });

  it('reads nothing through __proto__ or other prototype keys', () => {
    const message = JSON.stringify({ constructor: 'x', toString: 1 }).replace(
      '{',
      '{"__proto__":{"AlarmName":"ghost","NewStateValue":"ALARM","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:ghost","StateChangeTime":"2026-11-23T14:07:12Z"},',
    );
    expect(parseAlarmMessage(message)).toMatchObject({ kind: 'other', reason: 'JSON but not a CloudWatch alarm' });
  });

  it('cuts huge text fields and shows huge non-alarm messages shortened', () => {
    const long = edited('alarm-metric-p99-latency.json', (document) => {
      document['AlarmDescription'] = `see https://wiki.example.com/x ${'y'.repeat(300_000)}`;
    });
    const transition = alarmFrom(long);
    expect(transition.description?.length).toBeLessThanOrEqual(4097);
    expect(transition.runbookUrl).toBe('https://wiki.example.com/x');

    const emoji = parseAlarmMessage('🔥'.repeat(5_000));
    expect(emoji.kind === 'other' && emoji.text.split('…')[0]).toBe('🔥'.repeat(1_450));

    const huge = parseAlarmMessage('z'.repeat(2 * 1024 * 1024), { subject: 'big' });
    expect(huge).toMatchObject({ kind: 'other', subject: 'big', reason: 'message larger than 1 MiB, not parsed' });
    expectWellFormed(huge);
  });

  it('answers for values that are not text at all, as a JavaScript caller could pass', () => {
    for (const message of [undefined, null, 42, {}, ['ALARM']]) {
      const result = parseAlarmMessage(message as unknown as string, 'envelope' as never);
      expect(result).toMatchObject({ kind: 'other', reason: 'message is not text' });
    }
    expect(parseAlarmMessage('   ')).toMatchObject({ kind: 'other', reason: 'empty message' });
    expect(parseAlarmMessage('[1,2]')).toMatchObject({ kind: 'other', reason: 'JSON but not an object' });
  });
});

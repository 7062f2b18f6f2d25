import { describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/sim/fleet/index.js';
import { MINUTE } from './fleet-test-kit.js';

const storm = createFleet({ scenario: 'storm', seed: 9 });
const stormAlarms = storm.alarms().filter((alarm) => alarm.alarmName.startsWith('storm-'));

describe('storm', () => {
  it('defines 300 extra alarms over the 3 endpoints and 50 synthetic pipelines, with unique names', () => {
    expect(stormAlarms).toHaveLength(300);
    const names = storm.alarms().map((alarm) => alarm.alarmName);
    expect(new Set(names).size).toBe(names.length);
    const pipelines = new Set(stormAlarms.flatMap((alarm) => (alarm.kind === 'metric' ? [alarm.metric.dimensions['Pipeline']] : [])).filter(Boolean));
    expect(pipelines.size).toBe(50);
    expect(createFleet({ scenario: 'steady' }).alarms().some((alarm) => alarm.alarmName.startsWith('storm-'))).toBe(false);
  });

  it('every storm alarm flaps: it changes state several times in an hour', () => {
    const start = storm.now.getTime() - 60 * MINUTE;
    let quiet = 0;
    for (const alarm of stormAlarms) {
      let changes = 0;
      let previous: string | undefined;
      for (let minute = 0; minute < 60; minute++) {
        const state = storm.evaluateAlarm(alarm, new Date(start + minute * MINUTE)).state;
        if (previous !== undefined && state !== previous) changes++;
        previous = state;
      }
      if (changes < 4) quiet++;
    }
    expect(quiet).toBe(0);
  });

  it('alarms flap out of step: at any minute some are in ALARM and some OK', () => {
    const states = stormAlarms.map((alarm) => storm.evaluateAlarm(alarm, storm.now).state);
    const firing = states.filter((state) => state === 'ALARM').length;
    expect(firing).toBeGreaterThan(60);
    expect(firing).toBeLessThan(240);
  });
});

import { describe, expect, it } from 'vitest';
import { DAILY_SPIKE, createFleet } from '../../../src/sim/fleet/index.js';
import { DAY, MINUTE, RECSYS, instanceMetric, sagemaker } from './fleet-test-kit.js';

const incidentAt = new Date('2026-11-23T18:00:00Z');
const fleet = createFleet({ scenario: 'daily-spike', seed: 3, incidentAt });
const steady = createFleet({ scenario: 'steady', seed: 3, incidentAt });

/** Per-minute Sum of a recsys-ranker metric over [spike start − 10 min, + 80 min) on `daysBefore`. */
function aroundSpike(subject: typeof fleet, metricName: string, stat: string, daysBefore: number): Map<number, number> {
  const start = incidentAt.getTime() - daysBefore * DAY;
  const data = subject.metricData(sagemaker(metricName, RECSYS), new Date(start - 10 * MINUTE), new Date(start + 80 * MINUTE), 60, stat);
  return new Map(data.timestamps.map((t, i) => [(t.getTime() - start) / MINUTE, data.values[i] ?? Number.NaN]));
}

const get = (series: Map<number, number>, minute: number) => series.get(minute) ?? Number.NaN;

describe('daily-spike', () => {
  it.each([0, 1, 2, 3])('recsys-ranker traffic jumps ×4 at 18:00 UTC for 40 minutes, %i day(s) before the incident too', (daysBefore) => {
    const invocations = aroundSpike(fleet, 'Invocations', 'Sum', daysBefore);
    const before = get(invocations, -5);
    expect(get(invocations, 1)).toBeGreaterThan(3 * before);
    expect(get(invocations, DAILY_SPIKE.durationMinutes - 1)).toBeGreaterThan(3 * before);
    expect(get(invocations, DAILY_SPIKE.durationMinutes + 2)).toBeLessThan(1.5 * before);
    const quiet = aroundSpike(steady, 'Invocations', 'Sum', daysBefore);
    expect(get(quiet, 1)).toBeLessThan(1.5 * get(quiet, -5));
  });

  it.each([0, 1, 2, 3])('target tracking adds instances 10 minutes after the spike starts (%i day(s) before)', (daysBefore) => {
    const start = incidentAt.getTime() - daysBefore * DAY;
    const count = (minute: number) => fleet.instanceCount('recsys-ranker', 'AllTraffic', new Date(start + minute * MINUTE));
    expect(count(-1)).toBe(2);
    expect(count(9)).toBe(2);
    expect(count(10)).toBeGreaterThanOrEqual(4);
    expect(count(30)).toBe(count(10));
    // Scale-in waits for the slower alarm: still scaled out 20 minutes after the spike, back to 2 an hour later.
    expect(count(60)).toBe(count(10));
    expect(count(100)).toBe(2);
  });

  it.each([0, 1, 2, 3])('latency and 5XX rise at the start of each spike and recover once instances arrive (%i day(s) before)', (daysBefore) => {
    const p99 = aroundSpike(fleet, 'ModelLatency', 'p99', daysBefore);
    const errors = aroundSpike(fleet, 'Invocation5XXErrors', 'Sum', daysBefore);
    for (const minute of [0, 5, 9]) {
      expect(get(p99, minute)).toBeGreaterThan(250_000);
      expect(get(errors, minute)).toBeGreaterThan(50);
    }
    expect(get(p99, -5)).toBeLessThan(100_000);
    expect(get(errors, -5)).toBeLessThan(5);
    expect(get(p99, 15)).toBeLessThan(150_000);
    expect(get(errors, 15)).toBeLessThan(5);
  });

  it('InvocationsPerInstance is far above the 600 target until the scale-out, then below it', () => {
    const perInstance = aroundSpike(fleet, 'InvocationsPerInstance', 'Sum', 0);
    expect(get(perInstance, 5)).toBeGreaterThan(1_000);
    expect(get(perInstance, 20)).toBeLessThan(650);
  });

  it('GPUs saturate during the first minutes of the spike', () => {
    const start = incidentAt.getTime();
    const gpu = fleet.metricData(instanceMetric('GPUUtilization', RECSYS), new Date(start), new Date(start + 10 * MINUTE), 300, 'Average');
    expect(gpu.values[0]).toBeGreaterThan(80);
  });

  it('container logs show rejections during the spike and new instances starting 10 minutes in', () => {
    const events = [...fleet.logEvents('/aws/sagemaker/Endpoints/recsys-ranker', incidentAt, new Date(incidentAt.getTime() + 12 * MINUTE))];
    expect(events.filter((event) => event.message.includes('503 ServiceUnavailable')).length).toBeGreaterThan(50);
    const starts = events.filter((event) => event.message.startsWith('Starting model server'));
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (const event of starts) expect(event.timestamp - incidentAt.getTime()).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(new Set(starts.map((event) => event.logStream)).size).toBe(starts.length);
  });

  it('its alarms fire during the spike: recsys p99 latency and 5XX', () => {
    const at = new Date(incidentAt.getTime() + 5 * MINUTE);
    const states = new Map(fleet.alarms().map((alarm) => [alarm.alarmName, fleet.evaluateAlarm(alarm, at).state]));
    expect(states.get('recsys-ranker-p99-latency')).toBe('ALARM');
    expect(states.get('recsys-ranker-5xx-errors')).toBe('ALARM');
    expect(states.get('fraud-detector-p99-latency-sla')).toBe('OK');
  });
});

import { describe, expect, it } from 'vitest';
import { DRIFT, createFleet } from '../../../src/sim/fleet/index.js';
import { HOUR, drift } from './fleet-test-kit.js';

const fleet = createFleet({ scenario: 'drift', seed: 11 });
const steady = createFleet({ scenario: 'steady', seed: 11 });
/** Top of the hour DRIFT.changeHoursBefore hours before T's hour. */
const changeAt = Math.floor(fleet.incidentAt.getTime() / HOUR) * HOUR - DRIFT.changeHoursBefore * HOUR;
const OTHER_FEATURES = ['merchant_category', 'customer_age', 'distance_from_home', 'hour_of_day'];

function hourly(subject: typeof fleet, feature: string): { hour: number; value: number }[] {
  const data = subject.metricData(drift(feature), new Date(subject.now.getTime() - 3 * 24 * HOUR), subject.now, 3_600, 'Maximum');
  return data.timestamps.map((t, i) => ({ hour: (t.getTime() - changeAt) / HOUR, value: data.values[i] ?? Number.NaN }));
}

describe('drift', () => {
  it('Model Monitor publishes one drift datapoint per hour per feature', () => {
    const data = fleet.metricData(drift('transaction_amount'), new Date(fleet.now.getTime() - 24 * HOUR), fleet.now, 60, 'SampleCount');
    expect(data.values).toHaveLength(24);
    expect(data.values.every((count) => count === 1)).toBe(true);
    expect(data.timestamps.every((t) => t.getTime() % HOUR === 0)).toBe(true);
  });

  it('transaction_amount stays below 0.1 before the change point and crosses it from the first hour after', () => {
    const points = hourly(fleet, 'transaction_amount');
    const before = points.filter((p) => p.hour <= 0);
    const after = points.filter((p) => p.hour >= 1);
    expect(before.length).toBeGreaterThan(40);
    expect(after.length).toBeGreaterThanOrEqual(3);
    for (const p of before) expect(p.value).toBeLessThan(DRIFT.threshold);
    for (const p of after) expect(p.value).toBeGreaterThan(DRIFT.threshold);
  });

  it('transaction_amount reaches ~0.35 by the incident hour', () => {
    const atIncident = hourly(fleet, 'transaction_amount').find((p) => p.hour === DRIFT.rampHours);
    expect(atIncident?.value).toBeGreaterThan(0.33);
    expect(atIncident?.value).toBeLessThan(0.37);
  });

  it.each(OTHER_FEATURES)('%s does not drift', (feature) => {
    for (const p of hourly(fleet, feature)) expect(p.value).toBeLessThan(0.08);
  });

  it('steady never drifts', () => {
    for (const p of hourly(steady, 'transaction_amount')) expect(p.value).toBeLessThan(0.08);
  });

  it('lists the drift metrics under the Model Monitor namespace and dimensions', () => {
    const names = fleet
      .listMetrics()
      .filter((m) => m.namespace === 'aws/sagemaker/Endpoints/data-metrics')
      .map((m) => m.metricName);
    expect(names).toContain('feature_baseline_drift_transaction_amount');
    expect(names).toContain('feature_non_null_transaction_amount');
    expect(names).toHaveLength(10);
  });

  it('the drift alarm fires and alice changed the pre-processing 15 minutes before the change point', () => {
    const alarm = fleet.alarms().find((a) => a.alarmName === 'fraud-detector-drift-transaction-amount');
    if (!alarm) throw new Error('no drift alarm');
    expect(fleet.evaluateAlarm(alarm, new Date(changeAt + 2 * HOUR + 60_000)).state).toBe('ALARM');
    expect(fleet.evaluateAlarm(alarm, new Date(changeAt)).state).toBe('OK');
    const change = fleet.cloudTrailEvents(new Date(changeAt - HOUR), new Date(changeAt)).find((e) => e.Username === 'alice');
    expect(change?.EventName).toBe('UpdateFunctionConfiguration20150331v2');
    expect(change?.EventTime.getTime()).toBe(changeAt - 15 * 60_000);
  });
});

import { describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/sim/fleet/index.js';
import { DAY, MINUTE, at, lambda } from './fleet-test-kit.js';

const fleet = createFleet({ scenario: 'preprocess-memory', seed: 6 });

describe('log groups and events', () => {
  it('lists the Lambda and endpoint log groups', () => {
    expect(fleet.logGroups().map((group) => group.name)).toEqual([
      '/aws/lambda/fraud-preprocess',
      '/aws/sagemaker/Endpoints/churn-model',
      '/aws/sagemaker/Endpoints/fraud-detector',
      '/aws/sagemaker/Endpoints/recsys-ranker',
    ]);
    for (const group of fleet.logGroups()) {
      expect(group.storedBytes).toBeGreaterThan(0);
      expect(group.creationTime).toBeLessThan(fleet.now.getTime() - 90 * DAY);
    }
  });

  it('writes Lambda START/END/REPORT lines with durations and memory, in time order', () => {
    const events = [...fleet.logEvents('/aws/lambda/fraud-preprocess', at(fleet, -60), at(fleet, -50))];
    expect(events.length).toBeGreaterThan(50);
    const timestamps = events.map((event) => event.timestamp);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    const report = events.find((event) => event.message.startsWith('REPORT'));
    expect(report?.message).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 1024 MB\tMax Memory Used: \d+ MB/);
    expect(report?.logStream).toMatch(/^2026\/11\/23\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('REPORT lines show memory near the limit during the incident', () => {
    const reports = [...fleet.logEvents('/aws/lambda/fraud-preprocess', at(fleet, -2), at(fleet, 2))].filter((event) => event.message.startsWith('REPORT'));
    const used = reports.map((event) => Number(/Max Memory Used: (\d+) MB/.exec(event.message)?.[1]));
    expect(Math.min(...used)).toBeGreaterThan(900);
  });

  it('counts every Lambda error in the logs when below the per-minute cap', () => {
    const errors = fleet.metricData(lambda('Errors'), at(fleet, -17), at(fleet, -14), 60, 'Sum').values;
    const lines = [...fleet.logEvents('/aws/lambda/fraud-preprocess', at(fleet, -17), at(fleet, -14))].filter(
      (event) => event.message.includes('Task timed out') || event.message.includes('Invoke Error'),
    );
    expect(lines.length).toBe(errors.reduce((sum, n) => sum + Math.min(n, 20), 0));
  });

  it('only returns events inside [start, end) and nothing for an unknown group', () => {
    const start = at(fleet, -30).getTime() + 20_000;
    const end = start + MINUTE;
    const events = [...fleet.logEvents('/aws/sagemaker/Endpoints/fraud-detector', new Date(start), new Date(end))];
    expect(events.every((event) => event.timestamp >= start && event.timestamp < end)).toBe(true);
    expect([...fleet.logEvents('/aws/lambda/nope', at(fleet, -30), at(fleet, 0))]).toEqual([]);
  });

  it('endpoint containers log to <variant>/<instance-id> streams', () => {
    const events = [...fleet.logEvents('/aws/sagemaker/Endpoints/fraud-detector', at(fleet, -10), at(fleet, 0))];
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.logStream).toMatch(/^AllTraffic\/i-0[0-9a-f]{16}$/);
    expect(new Set(events.map((event) => event.logStream)).size).toBe(2);
  });

  it('keeps a 7-day Lambda log scan bounded: at most a few lines per minute plus errors', () => {
    let count = 0;
    for (const _ of fleet.logEvents('/aws/lambda/fraud-preprocess', new Date(fleet.now.getTime() - 7 * DAY), fleet.now)) count++;
    expect(count).toBeLessThan(7 * 1_440 * 12);
    expect(count).toBeGreaterThan(7 * 1_440 * 4);
  });
});

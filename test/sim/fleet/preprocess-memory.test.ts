import { describe, expect, it } from 'vitest';
import { FRAUD_LATENCY_SLA_US, PREPROCESS_MEMORY, createFleet } from '../../../src/sim/fleet/index.js';
import { MINUTE, at, insights, lambda, perMinute, sagemaker, valueAt } from './fleet-test-kit.js';

const fleet = createFleet({ scenario: 'preprocess-memory', seed: 7 });
const steady = createFleet({ scenario: 'steady', seed: 7 });

/** Minutes (from T) where p99 ModelLatency + p99 OverheadLatency breaches the SLA. */
function breachMinutes(): number[] {
  const model = perMinute(fleet, sagemaker('ModelLatency'), 'p99', -60, 60);
  const overhead = perMinute(fleet, sagemaker('OverheadLatency'), 'p99', -60, 60);
  return [...model.keys()].filter((minute) => valueAt(model, minute) + valueAt(overhead, minute) > FRAUD_LATENCY_SLA_US);
}

describe('preprocess-memory', () => {
  it('p99 ModelLatency + OverheadLatency of fraud-detector breaches 500 ms throughout the peak, T-10..T+10 min', () => {
    const breaches = breachMinutes();
    for (let minute = -PREPROCESS_MEMORY.fullFromMinutesBefore; minute <= PREPROCESS_MEMORY.fullUntilMinutesAfter; minute++) {
      expect(breaches).toContain(minute);
    }
    const model = perMinute(fleet, sagemaker('ModelLatency'), 'p99', -1, 1);
    const overhead = perMinute(fleet, sagemaker('OverheadLatency'), 'p99', -1, 1);
    expect(valueAt(model, 0) + valueAt(overhead, 0)).toBeGreaterThan(500_000);
  });

  it('the SLA holds outside the incident window (before the deploy and after recovery)', () => {
    const breaches = breachMinutes();
    expect(breaches.every((minute) => minute > -PREPROCESS_MEMORY.deployMinutesBefore && minute < PREPROCESS_MEMORY.goneMinutesAfter)).toBe(true);
  });

  it('OverheadLatency dominates ModelLatency during the breach', () => {
    const model = perMinute(fleet, sagemaker('ModelLatency'), 'p99', -60, 60);
    const overhead = perMinute(fleet, sagemaker('OverheadLatency'), 'p99', -60, 60);
    for (const minute of breachMinutes()) expect(valueAt(overhead, minute)).toBeGreaterThan(3 * valueAt(model, minute));
    expect(valueAt(model, 0)).toBeLessThan(150_000);
  });

  it('the Lambda memory_utilization is above 90 % at every breaching minute, and ~56 % before the deploy', () => {
    const memory = perMinute(fleet, insights('memory_utilization'), 'Maximum', -60, 60);
    for (const minute of breachMinutes()) expect(valueAt(memory, minute)).toBeGreaterThan(90);
    expect(valueAt(memory, 0)).toBeGreaterThan(93);
    expect(valueAt(memory, 0)).toBeLessThan(99);
    expect(valueAt(memory, -50)).toBeLessThan(60);
  });

  it('the Lambda duration climbs to its 3 s timeout and timeouts count as Errors at the same minutes', () => {
    const duration = perMinute(fleet, lambda('Duration'), 'p99', -60, 60);
    const errors = perMinute(fleet, lambda('Errors'), 'Sum', -60, 60);
    expect(valueAt(duration, -50)).toBeLessThan(300);
    expect(valueAt(duration, 0)).toBe(3_000);
    for (const minute of breachMinutes()) expect(valueAt(errors, minute)).toBeGreaterThan(5);
    expect(valueAt(errors, -50)).toBeLessThanOrEqual(1);
  });

  it('logs "Task timed out after 3.00 seconds" in the minutes the Errors metric counts timeouts, and never in steady', () => {
    const errors = perMinute(fleet, lambda('Errors'), 'Sum', -15, 15);
    const timeoutsByMinute = new Map<number, number>();
    for (const event of fleet.logEvents('/aws/lambda/fraud-preprocess', at(fleet, -15), at(fleet, 15))) {
      if (!event.message.includes('Task timed out after 3.00 seconds')) continue;
      const minute = Math.floor((event.timestamp - fleet.incidentAt.getTime()) / MINUTE);
      timeoutsByMinute.set(minute, (timeoutsByMinute.get(minute) ?? 0) + 1);
    }
    for (const minute of breachMinutes().filter((m) => m >= -15 && m < 15)) {
      expect(timeoutsByMinute.get(minute) ?? 0).toBeGreaterThan(0);
      // Every timeout is logged, up to the per-minute cap of 20 lines.
      expect(timeoutsByMinute.get(minute)).toBe(Math.min(20, valueAt(errors, minute)));
    }
    const steadyTimeouts = [...steady.logEvents('/aws/lambda/fraud-preprocess', at(steady, -60), at(steady, 60))].filter((e) =>
      e.message.includes('Task timed out'),
    );
    expect(steadyTimeouts).toEqual([]);
  });

  it('the slowest traces have the Lambda as their response-time (or fault) root cause', () => {
    const traces = fleet.traces(at(fleet, -10), at(fleet, 10)).filter((trace) => trace.summary.EntryPoint.Name === 'fraud-api/prod');
    const slowest = [...traces].sort((a, b) => b.summary.ResponseTime - a.summary.ResponseTime).slice(0, 10);
    expect(slowest[0]?.summary.ResponseTime).toBeGreaterThan(0.5);
    for (const trace of slowest) {
      const cause = trace.summary.HasFault ? trace.summary.FaultRootCauses[0] : trace.summary.ResponseTimeRootCauses[0];
      expect(cause?.Services[0]?.Name).toBe('fraud-preprocess');
      expect(cause?.Services[0]?.Type).toBe('AWS::Lambda::Function');
    }
    const timedOut = traces.find((trace) => trace.summary.HasFault);
    expect(timedOut?.summary.Http.HttpStatus).toBe(502);
    expect(timedOut?.summary.FaultRootCauses[0]?.Services[0]?.EntityPath.at(-1)?.Exceptions?.[0]?.Message).toBe('Task timed out after 3.00 seconds');
    const slowOk = slowest.find((trace) => !trace.summary.HasFault);
    expect(slowOk?.summary.ResponseTimeRootCauses[0]?.Services[0]?.EntityPath.map((entity) => entity.Name)).toEqual([
      'fraud-preprocess',
      'Invocation',
      'preprocess_features',
    ]);
  });

  it('deploy-bot updated the Lambda 40 minutes before the incident', () => {
    const events = fleet.cloudTrailEvents(at(fleet, -120), at(fleet, 0));
    const update = events.find((event) => event.EventName === 'UpdateFunctionConfiguration20150331v2');
    expect(update?.Username).toBe('deploy-bot');
    expect(update?.EventTime.getTime()).toBe(fleet.incidentAt.getTime() - 40 * MINUTE);
    expect(update?.Resources).toEqual([{ ResourceType: 'AWS::Lambda::Function', ResourceName: 'fraud-preprocess' }]);
    expect(JSON.parse(update?.CloudTrailEvent ?? '{}')).toMatchObject({
      eventName: 'UpdateFunctionConfiguration20150331v2',
      userIdentity: { type: 'IAMUser', userName: 'deploy-bot' },
      requestParameters: { functionName: 'fraud-preprocess' },
    });
  });

  it('its alarms fire at T: the SLA, the Lambda memory and the composite of both; steady stays OK', () => {
    const byName = new Map(fleet.alarms().map((alarm) => [alarm.alarmName, alarm]));
    for (const name of ['fraud-detector-p99-latency-sla', 'fraud-preprocess-memory-high', 'fraud-path-degraded', 'fraud-preprocess-errors']) {
      const alarm = byName.get(name);
      if (!alarm) throw new Error(`no alarm ${name}`);
      expect(fleet.evaluateAlarm(alarm, at(fleet, 1)).state, name).toBe('ALARM');
      expect(steady.evaluateAlarm(alarm, at(steady, 1)).state, name).toBe('OK');
    }
    const sla = byName.get('fraud-detector-p99-latency-sla');
    if (!sla) throw new Error('no SLA alarm');
    expect(fleet.evaluateAlarm(sla, at(fleet, 1)).reason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints \[\d+\.\d \(23\/11\/26 15:00:00\)/);
  });
});

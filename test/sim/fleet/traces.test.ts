import { describe, expect, it } from 'vitest';
import { type XRaySegmentDocument, createFleet } from '../../../src/sim/fleet/index.js';
import { at } from './fleet-test-kit.js';

const steady = createFleet({ scenario: 'steady', seed: 12 });
const incident = createFleet({ scenario: 'preprocess-memory', seed: 12 });

function flatten(docs: readonly XRaySegmentDocument[]): XRaySegmentDocument[] {
  return docs.flatMap((doc) => [doc, ...flatten(doc.subsegments ?? [])]);
}

describe('traces', () => {
  it('samples about 5 traces per minute per path, in time order', () => {
    const traces = steady.traces(at(steady, -10), at(steady, 0));
    const byEntry = new Map<string, number>();
    for (const trace of traces) byEntry.set(trace.summary.EntryPoint.Name, (byEntry.get(trace.summary.EntryPoint.Name) ?? 0) + 1);
    expect(byEntry.get('fraud-api/prod')).toBe(50);
    expect(byEntry.get('recsys-gateway')).toBe(50);
    const starts = traces.map((trace) => trace.summary.StartTime);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('has X-Ray ids and the full TraceSummary fields', () => {
    const [trace] = steady.traces(at(steady, -1), at(steady, 0));
    if (!trace) throw new Error('no trace');
    expect(trace.id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(Number.parseInt(trace.id.slice(2, 10), 16)).toBe(Math.floor(trace.summary.StartTime));
    expect(Object.keys(trace.summary).sort()).toEqual(
      [
        'Annotations', 'AvailabilityZones', 'Duration', 'EntryPoint', 'ErrorRootCauses', 'FaultRootCauses', 'HasError', 'HasFault', 'HasThrottle', 'Http',
        'Id', 'InstanceIds', 'IsPartial', 'MatchedEventTime', 'ResourceARNs', 'ResponseTime', 'ResponseTimeRootCauses', 'Revision', 'ServiceIds', 'StartTime', 'Users',
      ].sort(),
    );
    expect(trace.summary.Http.HttpMethod).toBeTruthy();
  });

  it('fraud traces run API Gateway → Lambda → SageMaker, and segment timings add up to the Duration', () => {
    const trace = steady.traces(at(steady, -5), at(steady, 0)).find((t) => t.summary.EntryPoint.Name === 'fraud-api/prod');
    if (!trace) throw new Error('no fraud trace');
    expect(trace.segments.map((segment) => segment.origin)).toEqual(['AWS::ApiGateway::Stage', 'AWS::Lambda', 'AWS::Lambda::Function']);
    expect(trace.summary.ServiceIds.map((id) => `${id.Name}|${id.Type}`)).toEqual([
      'fraud-api/prod|AWS::ApiGateway::Stage',
      'fraud-preprocess|AWS::Lambda',
      'fraud-preprocess|AWS::Lambda::Function',
      'SageMaker Runtime|remote',
    ]);
    const [api, service, fn] = trace.segments;
    expect(service?.parent_id).toBe(api?.subsegments?.[0]?.id);
    expect(fn?.parent_id).toBe(service?.id);
    expect((api?.end_time ?? 0) - (api?.start_time ?? 0)).toBeCloseTo(trace.summary.Duration, 5);
    const call = flatten(trace.segments).find((doc) => doc.name === 'SageMaker Runtime');
    expect(call?.aws).toMatchObject({ operation: 'InvokeEndpoint', endpoint_name: 'fraud-detector' });
    for (const doc of flatten(trace.segments)) expect(doc.end_time).toBeGreaterThanOrEqual(doc.start_time);
    expect(JSON.parse(JSON.stringify(trace.segments))).toEqual(trace.segments);
  });

  it('durations follow the latency model: healthy fraud traces take ~70 ms, incident ones seconds', () => {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const durations = (fleet: typeof steady) =>
      fleet
        .traces(at(fleet, -5), at(fleet, 5))
        .filter((t) => t.summary.EntryPoint.Name === 'fraud-api/prod')
        .map((t) => t.summary.ResponseTime);
    expect(median(durations(steady))).toBeGreaterThan(0.04);
    expect(median(durations(steady))).toBeLessThan(0.12);
    expect(median(durations(incident))).toBeGreaterThan(1);
  });

  it('in steady the slowest fraud traces wait on SageMaker, not on pre-processing memory', () => {
    const slowest = steady
      .traces(at(steady, -30), at(steady, 0))
      .filter((t) => t.summary.EntryPoint.Name === 'fraud-api/prod')
      .sort((a, b) => b.summary.ResponseTime - a.summary.ResponseTime)[0];
    expect(slowest?.summary.ResponseTime).toBeLessThan(0.5);
    expect(slowest?.summary.HasFault).toBe(false);
  });

  it('recsys 5XX during a spike appear as faults rooted in SageMaker Runtime', () => {
    const fleet = createFleet({ scenario: 'daily-spike', seed: 12 });
    const faults = fleet.traces(at(fleet, 1), at(fleet, 8)).filter((t) => t.summary.EntryPoint.Name === 'recsys-gateway' && t.summary.HasFault);
    expect(faults.length).toBeGreaterThan(0);
    const cause = faults[0]?.summary.FaultRootCauses[0]?.Services[0];
    expect(cause?.Name).toBe('SageMaker Runtime');
    expect(cause?.EntityPath[0]?.Exceptions?.[0]?.Name).toBe('ServiceUnavailable');
    expect(faults[0]?.summary.Http.HttpStatus).toBe(503);
  });
});

import { describe, expect, it } from 'vitest';
import { segmentTimings } from '../../src/aws/xray-segment-documents.js';

/** API Gateway → Lambda service → function (Invocation › preprocess_features, then SageMaker). */
const API = {
  id: 'a1', trace_id: 't', name: 'fraud-api/prod', origin: 'AWS::ApiGateway::Stage', start_time: 100.0, end_time: 103.02,
  subsegments: [{ id: 'a2', name: 'Lambda', namespace: 'aws', start_time: 100.005, end_time: 103.015 }],
};
const SERVICE = { id: 's1', trace_id: 't', parent_id: 'a2', name: 'fraud-preprocess', origin: 'AWS::Lambda', start_time: 100.01, end_time: 103.01 };
const FUNCTION = {
  id: 'f1', trace_id: 't', parent_id: 's1', name: 'fraud-preprocess', origin: 'AWS::Lambda::Function', start_time: 100.012, end_time: 103.008, fault: true,
  subsegments: [
    { id: 'f2', name: 'Invocation', start_time: 100.012, end_time: 103.006, subsegments: [
      { id: 'f3', name: 'preprocess_features', start_time: 100.012, end_time: 102.9 },
      { id: 'f4', name: 'SageMaker Runtime', namespace: 'aws', start_time: 102.9, end_time: 103.0 },
    ] },
    { id: 'f5', name: 'Overhead', start_time: 103.006, end_time: 103.008 },
  ],
};

describe('segmentTimings', () => {
  const timings = segmentTimings([JSON.stringify(API), JSON.stringify(SERVICE), JSON.stringify(FUNCTION)]);
  const find = (path: string) => timings.find((t) => t.path.join(' › ') === path);

  it('hangs a segment below the subsegment that called it, so the caller keeps only its own time', () => {
    expect(find('fraud-api/prod › Lambda')?.exclusiveMs).toBeCloseTo(10, 3);
    expect(find('fraud-api/prod')?.exclusiveMs).toBeCloseTo(10, 3);
  });

  it('names subsegments from their own segment down, with the time spent in each', () => {
    const features = find('fraud-preprocess › Invocation › preprocess_features');
    expect(features?.durationMs).toBeCloseTo(2_888, 3);
    expect(features?.exclusiveMs).toBeCloseTo(2_888, 3);
    expect(features?.startOffsetMs).toBeCloseTo(12, 3);
    expect(features?.origin).toBe('AWS::Lambda::Function');
    expect(find('fraud-preprocess › Invocation › SageMaker Runtime')?.origin).toBe('remote');
    expect(find('fraud-preprocess › Invocation')?.exclusiveMs).toBeCloseTo(6, 3);
  });

  it('keeps fault flags and lists every segment once', () => {
    expect(timings.filter((t) => t.fault).map((t) => t.path.join(' › '))).toEqual(['fraud-preprocess']);
    expect(timings).toHaveLength(8);
  });

  it('skips documents that are not JSON objects', () => {
    expect(segmentTimings(['not json', '42', JSON.stringify({ name: 'x', start_time: 1, end_time: 2 })]).map((t) => t.path)).toEqual([['x']]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ServiceEdge, TraceSummary } from '../../src/aws/ports/traces.js';
import { nodeLabel, pathEdges } from '../../src/traces/service-path.js';

const node = (name: string, type: string) => ({ name, type });
const edge = (from: ReturnType<typeof node>, to: ReturnType<typeof node>, calls = 10): ServiceEdge => ({ from, to, calls, averageMs: 5, errors: 0, faults: 0, throttles: 0 });

const CLIENT = node('client', 'client');
const API = node('fraud-api/prod', 'AWS::ApiGateway::Stage');
const SERVICE = node('fraud-preprocess', 'AWS::Lambda');
const FUNCTION = node('fraud-preprocess', 'AWS::Lambda::Function');
const SAGEMAKER = node('SageMaker Runtime', 'remote');
const RECSYS = node('recsys-gateway', 'AWS::ECS::Container');

const MAP = [edge(RECSYS, SAGEMAKER), edge(FUNCTION, SAGEMAKER), edge(CLIENT, RECSYS), edge(SERVICE, FUNCTION), edge(CLIENT, API), edge(API, SERVICE)];
const FRAUD_TRACE = {
  serviceKeys: ['fraud-api/prod|AWS::ApiGateway::Stage', 'fraud-preprocess|AWS::Lambda', 'fraud-preprocess|AWS::Lambda::Function', 'SageMaker Runtime|remote'],
  entryPoint: 'fraud-api/prod|AWS::ApiGateway::Stage',
} as TraceSummary;

describe('pathEdges', () => {
  it('keeps the edges of the traces’ path, from the client outwards', () => {
    const path = pathEdges(MAP, [FRAUD_TRACE]);
    expect(path.map((e) => `${nodeLabel(e.from, path)} → ${nodeLabel(e.to, path)}`)).toEqual([
      'client → fraud-api/prod',
      'fraud-api/prod → fraud-preprocess (service)',
      'fraud-preprocess (service) → fraud-preprocess (function)',
      'fraud-preprocess (function) → SageMaker Runtime',
    ]);
  });

  it('leaves out other paths that share a node', () => {
    expect(pathEdges(MAP, [FRAUD_TRACE]).some((e) => e.from.name === 'recsys-gateway' || e.to.name === 'recsys-gateway')).toBe(false);
  });
});

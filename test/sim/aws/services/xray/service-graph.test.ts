import { GetServiceGraphCommand, type Service } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import { anyDocument, FRAUD_API, HOUR, PREPROCESS, SAGEMAKER, xrayWorld } from './xray-test-world.js';

function node(services: Service[], name: string, type: string): Service {
  const found = services.find((s) => s.Name === name && s.Type === type);
  if (!found) throw new Error(`no ${type} node ${name} (nodes: ${services.map((s) => `${s.Name}:${s.Type}`).join(', ')})`);
  return found;
}

function edge(from: Service, to: Service) {
  const found = from.Edges?.find((e) => e.ReferenceId === to.ReferenceId);
  if (!found) throw new Error(`no edge ${from.Name} → ${to.Name}`);
  return found;
}

describe('GetServiceGraph', () => {
  it('draws client → API Gateway → Lambda → function → SageMaker with counts equal to the traces of the window', async () => {
    const world = await xrayWorld();
    const [start, end] = [world.atMinute(-10), world.atMinute(10)];
    const { Services = [], StartTime, EndTime } = await world.client.send(new GetServiceGraphCommand({ StartTime: start, EndTime: end }));
    expect([StartTime, EndTime]).toEqual([start, end]);

    const traces = world.fleetTraces(start, end);
    const fraud = traces.filter((t) => t.summary.EntryPoint.Name === FRAUD_API);
    const reachedModel = fraud.filter((t) => anyDocument(t, (d) => d.name === SAGEMAKER));
    const functionFaults = fraud.filter((t) => t.segments.some((s) => s.origin === 'AWS::Lambda::Function' && s.fault === true));

    const client = node(Services, 'client', 'client');
    const api = node(Services, FRAUD_API, 'AWS::ApiGateway::Stage');
    const lambda = node(Services, PREPROCESS, 'AWS::Lambda');
    const fn = node(Services, PREPROCESS, 'AWS::Lambda::Function');
    const sagemaker = node(Services, SAGEMAKER, 'remote');

    expect(api.Root).toBe(true);
    expect(edge(client, api).SummaryStatistics?.TotalCount).toBe(fraud.length);
    expect(edge(api, lambda).SummaryStatistics?.TotalCount).toBe(fraud.length);
    expect(edge(lambda, fn).SummaryStatistics).toMatchObject({ TotalCount: fraud.length, FaultStatistics: { TotalCount: functionFaults.length } });
    expect(edge(fn, sagemaker).SummaryStatistics?.TotalCount).toBe(reachedModel.length);
    expect(functionFaults.length).toBeGreaterThan(3);
    expect(reachedModel.length).toBeLessThan(fraud.length);

    expect(fn.SummaryStatistics?.FaultStatistics?.TotalCount).toBe(functionFaults.length);
    const apiFaults = fraud.filter((t) => t.summary.Http.HttpStatus >= 500).length;
    expect(api.SummaryStatistics).toMatchObject({ TotalCount: fraud.length, FaultStatistics: { TotalCount: apiFaults } });
  });

  it('keeps every node’s and edge’s statistics consistent: OK + errors + faults = total = histogram counts', async () => {
    const world = await xrayWorld();
    const { Services = [] } = await world.client.send(new GetServiceGraphCommand({ StartTime: world.atMinute(-30), EndTime: world.atMinute(30) }));
    expect(Services.map((s) => s.ReferenceId)).toEqual(Services.map((_, i) => i));
    const stats = [...Services.filter((s) => s.Type !== 'client'), ...Services.flatMap((s) => s.Edges ?? [])];
    for (const entry of stats) {
      const s = entry.SummaryStatistics;
      expect((s?.OkCount ?? 0) + (s?.ErrorStatistics?.TotalCount ?? 0) + (s?.FaultStatistics?.TotalCount ?? 0)).toBe(s?.TotalCount);
      expect((entry.ResponseTimeHistogram ?? []).reduce((sum, h) => sum + (h.Count ?? 0), 0)).toBe(s?.TotalCount);
      expect(s?.TotalResponseTime).toBeGreaterThan(0);
    }
    expect(Services.map((s) => s.Name)).toEqual(expect.arrayContaining(['recsys-gateway', 'churn-scorer']));
  });

  it('refuses a window longer than 6 hours and a group other than Default', async () => {
    const world = await xrayWorld();
    const end = world.atMinute(60);
    await expect(world.client.send(new GetServiceGraphCommand({ StartTime: new Date(end.getTime() - 7 * HOUR), EndTime: end }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    await expect(world.client.send(new GetServiceGraphCommand({ StartTime: world.atMinute(0), EndTime: end, GroupName: 'checkout' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
  });
});

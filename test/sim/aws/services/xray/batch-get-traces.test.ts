import { BatchGetTracesCommand } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import { PREPROCESS, xrayWorld } from './xray-test-world.js';

describe('BatchGetTraces', () => {
  it('returns each trace with its segment documents, which agree with its summary', async () => {
    const world = await xrayWorld();
    const traces = world.fleetTraces(world.atMinute(0), world.atMinute(1)).slice(0, 3);
    const { Traces, UnprocessedTraceIds } = await world.client.send(new BatchGetTracesCommand({ TraceIds: traces.map((t) => t.id) }));
    expect(UnprocessedTraceIds).toEqual([]);
    expect(Traces?.map((t) => [t.Id, t.Duration])).toEqual(traces.map((t) => [t.id, t.summary.Duration]));
    for (const trace of Traces ?? []) {
      const documents = (trace.Segments ?? []).map((s) => ({ id: s.Id, doc: JSON.parse(s.Document ?? '{}') as { id: string; trace_id: string; name: string } }));
      expect(documents.every(({ id, doc }) => doc.id === id && doc.trace_id === trace.Id)).toBe(true);
    }
    const fraud = Traces?.find((t) => t.Segments?.some((s) => s.Document?.includes('AWS::Lambda::Function')));
    expect(fraud?.Segments?.map((s) => (JSON.parse(s.Document ?? '{}') as { name: string }).name)).toContain(PREPROCESS);
  });

  it('puts unknown and malformed ids in UnprocessedTraceIds', async () => {
    const world = await xrayWorld();
    const known = world.fleetTraces(world.atMinute(0), world.atMinute(1))[0]?.id ?? '';
    const unknown = `${known.slice(0, 11)}${'0'.repeat(24)}`;
    const answer = await world.client.send(new BatchGetTracesCommand({ TraceIds: [known, unknown, 'not-a-trace-id'] }));
    expect(answer.Traces?.map((t) => t.Id)).toEqual([known]);
    expect(answer.UnprocessedTraceIds).toEqual([unknown, 'not-a-trace-id']);
  });

  it('refuses more than 5 ids, and none, with InvalidRequestException', async () => {
    const world = await xrayWorld();
    const ids = world.fleetTraces(world.atMinute(0), world.atMinute(2)).slice(0, 6).map((t) => t.id);
    expect(ids).toHaveLength(6);
    await expect(world.client.send(new BatchGetTracesCommand({ TraceIds: ids }))).rejects.toMatchObject({ name: 'InvalidRequestException', message: expect.stringMatching(/at most 5/) });
    await expect(world.client.send(new BatchGetTracesCommand({ TraceIds: [] }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });
});

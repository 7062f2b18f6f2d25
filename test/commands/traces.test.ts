import { afterEach, describe, expect, it } from 'vitest';
import traces from '../../commands/traces.js';
import type { TraceSummary, Traces } from '../../src/aws/ports/traces.js';
import { XRayTraces } from '../../src/aws/xray-traces.js';
import { renderText } from '../../src/console/render-text.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { expectRefusedBeforeAws, startCommandWorld, type CommandWorld } from './command-world.js';

const PEAK = new Date('2026-11-23T15:00:00Z');
const FIVE_MINUTES_AFTER_PEAK = new Date(PEAK.getTime() + 5 * 60_000);

describe('traces', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const startWorld = async (ports?: (clients: ConstructorParameters<typeof XRayTraces>[0]) => { traces: Traces }) => {
    world = await startCommandWorld({
      commands: [traces],
      ports: ports ?? ((clients) => ({ traces: new XRayTraces(clients) })),
      now: FIVE_MINUTES_AFTER_PEAK,
      incidentAt: PEAK,
    });
    return world;
  };

  it('names the Lambda segment as the root cause of the slow fraud-detector traces under memory pressure', async () => {
    const w = await startWorld();
    const result = await w.run('traces fraud-detector');

    expect(result.outcome).toBe('ok');
    expect(result.reply.heading).toBe('Traces: fraud-detector');
    expect(result.reply.context).toBe('us-east-1 · last 1h (14:05–15:05 UTC)');
    expect(result.reply.tone).toBe('problem');
    const shown = renderText(result.reply);
    expect(shown).toMatch(/Response time goes mostly to fraud-preprocess › Invocation › preprocess_features: the root cause of (9\d|100)% of the slowest traces \(≥ p90 [\d.]+ s\)/);
    expect(shown).toMatch(/of traces faulted, most often at fraud-preprocess \(Sandbox\.Timedout\)/);
    expect(shown).toMatch(/Traces:\s+300\n/);
    expect(shown).toMatch(/Response time:\s+p50 \d+ ms · p99 3\.0 s · max 3\.0 s/);
    expect(shown).toMatch(/Faults \(5xx\):\s+\d+ \(\d\.\d%\)/);
    expect(shown).toMatch(/Response-time root causes\n• fraud-preprocess › Invocation › preprocess_features: \d+ traces \(\d+%\), \d+ of the \d+ slowest/);
    expect(shown).toMatch(/Fault root causes\n• fraud-preprocess \(Sandbox\.Timedout\)/);

    // The slowest traces, with the segment that took the time.
    expect(shown).toContain('The 5 slowest traces');
    expect(shown).toMatch(/• 1-[0-9a-f]{8}-[0-9a-f]{24} 1[45]:\d\d UTC · 3\.0 s · HTTP 502 fault at fraud-preprocess \(Sandbox\.Timedout\)\n {4}time spent in: fraud-preprocess › Invocation › preprocess_features 3\.0 s \((99|100)%\)/);

    // The service map, kept to the path of these traces.
    const map = result.reply.parts.find((part) => part.kind === 'table');
    expect(map?.kind === 'table' && map.table.rows.map((row) => `${row[0]} → ${row[1]}`)).toEqual([
      'client → fraud-api/prod',
      'fraud-api/prod → fraud-preprocess (service)',
      'fraud-preprocess (service) → fraud-preprocess (function)',
      'fraud-preprocess (function) → SageMaker Runtime',
    ]);

    // 300 summaries at 100 a page; five slowest in one batch; one service graph.
    expect(w.clients.calls.count({ operation: 'GetTraceSummaries' })).toBe(3);
    expect(w.clients.calls.count({ operation: 'BatchGetTraces' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'GetServiceGraph' })).toBe(1);
    expect(w.clients.calls.records).toHaveLength(5);
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it('asks BatchGetTraces five ids at a time for --slow', async () => {
    const w = await startWorld();
    const result = await w.run('traces fraud-preprocess --slow 7');

    expect(renderText(result.reply)).toContain('The 7 slowest traces');
    expect(w.clients.calls.count({ operation: 'BatchGetTraces' })).toBe(2);
  });

  it('splits a range longer than six hours into X-Ray windows', async () => {
    const w = await startWorld();
    const result = await w.run('traces recsys-gateway --since 8h');

    expect(result.outcome).toBe('ok');
    expect(renderText(result.reply)).toMatch(/Traces:\s+2,400\n/);
    expect(w.clients.calls.count({ operation: 'GetServiceGraph' })).toBe(2);
    // 6 h (1,800 traces) and 2 h (600), at 100 a page; the simulator refuses windows over 6 h.
    expect(w.clients.calls.count({ operation: 'GetTraceSummaries' })).toBe(24);
    expect(w.clients.calls.records.every((call) => call.ok)).toBe(true);
  });

  it('says plainly when a known endpoint has no traces in the range', async () => {
    const w = await startWorld();
    const result = await w.run('traces fraud-detector --from 2026-10-01T00:00 --to 2026-10-01T06:00');

    expect(result.outcome).toBe('ok');
    expect(renderText(result.reply)).toContain('No traces of fraud-detector in 2026-10-01 00:00–06:00 UTC: is X-Ray tracing on in front of it, with the endpoint_name annotation?');
    expect(w.clients.calls.count({ operation: 'BatchGetTraces' })).toBe(0);
  });

  it('answers an unknown name with the endpoints and services that exist', async () => {
    const w = await startWorld();
    const result = await w.run('traces fraud-detecter');

    expect(result.outcome).toBe('refused');
    expect(result.reply.visibility).toBe('private');
    expect(result.reply.summary).toBe(
      '`traces`: no endpoint or X-Ray service named "fraud-detecter" in us-east-1 — did you mean `fraud-detector`? ' +
        '(endpoints: churn-model, fraud-detector, recsys-ranker; services with traces in the last 1h (14:05–15:05 UTC): churn-scorer, fraud-api/prod, fraud-preprocess, recsys-gateway, SageMaker Runtime)',
    );
    expect(w.clients.calls.count({ operation: 'GetTraceSummaries' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'GetServiceGraph' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'ListEndpoints' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'BatchGetTraces' })).toBe(0);
  });

  it('fits Slack limits with 10,000 traces and long names', async () => {
    const name = `svc-${'x'.repeat(150)}`;
    const summaries: TraceSummary[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `1-6b045434-${String(i).padStart(24, '0')}`,
      startedAt: new Date(PEAK.getTime() - (i % 3_600) * 1_000),
      responseTimeMs: 50 + (i % 997),
      durationMs: 50 + (i % 997),
      fault: i % 7 === 0,
      error: i % 11 === 0,
      throttle: false,
      httpStatus: i % 7 === 0 ? 502 : 200,
      serviceKeys: [`${name}-${i % 40}|AWS::ECS::Container`],
      entryPoint: `${name}-${i % 40}|AWS::ECS::Container`,
      responseTimeRootCause: { service: `${name}-${i % 40}`, serviceType: 'AWS::ECS::Container', entityPath: [`${name}-${i % 40}`, `step-${'y'.repeat(100)}-${i % 30}`] },
      faultRootCause: { service: `${name}-${i % 40}`, serviceType: 'AWS::ECS::Container', entityPath: [`${name}-${i % 40}`], exception: `Boom${i % 9}` },
    }));
    const port: Traces = {
      search: async () => ({ summaries, truncated: true }),
      details: async (ids) => ids.map((id) => ({ id, durationMs: 1_000, segments: Array.from({ length: 50 }, (_, s) => ({ path: [name, `sub-${'z'.repeat(80)}-${s}`], startOffsetMs: s, durationMs: 20, exclusiveMs: 20, fault: false, error: false })) })),
      serviceEdges: async () =>
        Array.from({ length: 40 }, (_, e) => ({ from: { name: 'client', type: 'client' }, to: { name: `${name}-${e}`, type: 'AWS::ECS::Container' }, calls: 250, averageMs: 80, errors: 3, faults: 1, throttles: 0 })),
      knownEndpoints: async () => [],
    };
    const w = await startWorld(() => ({ traces: port }));
    const result = await w.run(`traces ${name}-1 --slow 20`);

    expect(result.outcome).toBe('ok');
    expect(renderText(result.reply)).toContain('10,000 (the first of the range; narrow it for all)');
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it.each([
    ['traces', 'missing <target>'],
    ['traces fraud\\detector', 'cannot contain quotes or backslashes'],
    ['traces fraud-detector --slow 0', '--slow must be at least 1'],
    ['traces fraud-detector --slow 50', '--slow must be at most 20'],
    ['traces fraud-detector --since 2d', 'this command looks back at most 1d'],
  ])('answers `%s` privately with what is wrong and the usage line, without calling AWS', async (line, problem) => {
    const w = await startWorld();
    expectRefusedBeforeAws(w, await w.run(line), { problem, usage: 'Usage: traces <target> [--slow N] [--since 1h | --from TIME [--to TIME]] [--region REGION] [--account ACCOUNT]' });
  });
});

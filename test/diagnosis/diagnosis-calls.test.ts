import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../src/console/render-text.js';
import type { CommandWorld } from '../commands/command-world.js';
import { startDiagnosisWorld } from './diagnosis-world.js';

describe('one diagnosis against AWS', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('makes a bounded number of AWS calls, sharing one GetMetricData for latency, traffic and capacity', async () => {
    world = await startDiagnosisWorld('preprocess-memory');
    await world.run('diagnose fraud-detector');
    const calls = world.clients.calls;
    // Endpoint window + traffic history + the Lambda's series + drift: one each.
    expect(calls.count({ operation: 'GetMetricData' })).toBe(4);
    expect(calls.count({ operation: 'DescribeEndpoint' })).toBe(1);
    expect(calls.count({ operation: 'GetFunctionConfiguration' })).toBe(1);
    expect(calls.count({ operation: 'StartQuery' })).toBe(1);
    expect(calls.count({ operation: 'LookupEvents' })).toBe(2);
    expect(calls.count({ operation: 'GetTraceSummaries' })).toBeLessThanOrEqual(3);
    expect(calls.records.length).toBeLessThanOrEqual(24);
  });

  it('a throttled source makes its check unknown with the reason; the other checks still answer', async () => {
    world = await startDiagnosisWorld('preprocess-memory', { faults: { operations: { 'xray.GetTraceSummaries': { throttleRate: 1 } } } });
    const result = await world.run('diagnose fraud-detector');
    expect(result.outcome).toBe('ok');
    const shown = renderText(result.reply);
    expect(shown).toMatch(/Request path \(X-Ray\): X-Ray could not be read: ThrottledException: Rate exceeded/);
    // The Lambda is configured, so its check still reads it, and the cause is still named.
    expect(shown).toMatch(/The pre-processing Lambda fraud-preprocess is short of memory/);
    expect(shown).toMatch(/Latency split: p99 peaked at/);
  });
});

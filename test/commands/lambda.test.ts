import { afterEach, describe, expect, it } from 'vitest';
import lambda from '../../commands/lambda.js';
import { CloudWatchFunctionMetrics } from '../../src/aws/cloudwatch-function-metrics.js';
import { renderText } from '../../src/console/render-text.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { expectRefusedBeforeAws, startCommandWorld, type CommandWorld } from './command-world.js';

const PEAK = new Date('2026-11-23T15:00:00Z');
const minutes = (n: number) => n * 60_000;

describe('lambda', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const startWorld = async (now = new Date(PEAK.getTime() + minutes(5))) => {
    world = await startCommandWorld({
      commands: [lambda],
      ports: (clients) => ({ functionMetrics: new CloudWatchFunctionMetrics(clients) }),
      now,
      incidentAt: PEAK,
    });
    return world;
  };

  it('reports the memory pressure of the peak and the duration at the timeout, and says to raise memory', async () => {
    const w = await startWorld();
    const result = await w.run('lambda fraud-preprocess');

    expect(result.outcome).toBe('ok');
    const reply = result.reply;
    expect(reply.heading).toBe('Lambda fraud-preprocess');
    expect(reply.context).toBe('us-east-1 · last 3h (12:05–15:05 UTC) · 1,024 MB, 3 s timeout, python3.12');
    expect(reply.tone).toBe('problem');
    const shown = renderText(reply);
    expect(shown).toMatch(/Memory at 9[3-8]% of 1,024 MB at 1[45]:\d\d UTC; duration p99 3\.0 s hits the 3 s timeout; [\d,]+ errors \(\d\.\d+%\) — raise the memory size/);
    expect(shown).toMatch(/Memory \(highest\):\s+max 9[3-8]% · p99 9\d% of 1,024 MB · \d{3} MB used/);
    expect(shown).toMatch(/Duration p99 \(highest\):\s+3\.0 s at 1[45]:\d\d UTC · timeout 3 s/);
    expect(shown).toMatch(/Cold starts:\s+\d+ \(init up to \d{3} ms\)/);

    const chartPart = reply.parts.find((part) => part.kind === 'chart');
    expect(chartPart?.kind === 'chart' && chartPart.chart.imageUrl).toMatch(/^https:\/\/quickchart\.io\/chart\?/);
    expect(chartPart?.kind === 'chart' && chartPart.chart.altText).toMatch(/memory peaks at 9\d% of 1,024 MB; duration p99 peaks at 3\.0 s of the 3 s timeout/);
    const sparklines = reply.parts.flatMap((part) => (part.kind === 'sparkline' ? [part.sparkline.label] : []));
    expect(sparklines).toEqual(['memory max', 'duration p99']);

    expect(w.clients.calls.count({ operation: 'GetFunctionConfiguration' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'GetMetricData' })).toBe(1);
    expect(w.clients.calls.records).toHaveLength(2);
    assertWithinSlackLimits(renderBlocks(reply).blocks);
  });

  it('calls a function healthy before the deploy', async () => {
    const w = await startWorld(new Date(PEAK.getTime() - minutes(60)));
    const result = await w.run('lambda fraud-preprocess --since 1h');

    expect(result.reply.tone).toBe('ok');
    expect(renderText(result.reply)).toMatch(/Healthy: memory up to [56]\d% of 1,024 MB; duration p99 at most \d{2,3} ms of the 3 s timeout\./);
  });

  it('says plainly when the function was not invoked in the range', async () => {
    const w = await startWorld();
    const result = await w.run('lambda fraud-preprocess --from 2026-01-01 --to 2026-01-02');

    expect(result.outcome).toBe('ok');
    expect(renderText(result.reply)).toContain('No invocations of fraud-preprocess in 2026-01-01 00:00–2026-01-02 00:00 UTC.');
    expect(result.reply.parts.some((part) => part.kind === 'chart')).toBe(false);
  });

  it('answers an unknown function with the functions that exist', async () => {
    const w = await startWorld();
    const result = await w.run('lambda fraud-preproces');

    expect(result.outcome).toBe('refused');
    expect(result.reply.visibility).toBe('private');
    expect(result.reply.summary).toBe('`lambda`: no Lambda function named "fraud-preproces" in us-east-1 — did you mean `fraud-preprocess`? (known: fraud-preprocess)');
    expect(w.clients.calls.count({ operation: 'GetFunctionConfiguration' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'ListFunctions' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'GetMetricData' })).toBe(0);
  });

  it.each([
    ['lambda', 'missing <function>'],
    ['lambda fraud/preprocess', 'is not a Lambda function name'],
    ['lambda fraud-preprocess --since 3x', '--since "3x" is not a duration'],
    ['lambda fraud-preprocess --since 30d', 'this command looks back at most 14d'],
    ['lambda fraud-preprocess --variant a', 'unknown option --variant'],
  ])('answers `%s` privately with what is wrong and the usage line, without calling AWS', async (line, problem) => {
    const w = await startWorld();
    expectRefusedBeforeAws(w, await w.run(line), { problem, usage: 'Usage: lambda <function> [--since 3h | --from TIME [--to TIME]] [--region REGION] [--account ACCOUNT]' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../src/console/render-text.js';
import type { ScenarioName } from '../../src/sim/fleet/index.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { startDiagnosisWorld } from '../diagnosis/diagnosis-world.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import type { CommandWorld } from './command-world.js';

/**
 * The product's promise (issue 7): against each simulator scenario the summary names the cause
 * the scenario was built with. The summary is the reply's first note.
 */
describe('diagnose', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const diagnose = async (scenario: ScenarioName, text: string) => {
    world = await startDiagnosisWorld(scenario);
    const result = await world.run(text);
    const summary = result.reply.parts[0];
    return { result, summary: summary?.kind === 'note' ? summary.text : '', shown: renderText(result.reply) };
  };

  it('preprocess-memory: names the pre-processing Lambda short of memory and says to raise its memory', async () => {
    const { result, summary, shown } = await diagnose('preprocess-memory', 'diagnose fraud-detector');
    expect(result.outcome).toBe('ok');
    expect(summary).toMatch(/^The pre-processing Lambda fraud-preprocess is short of memory: it peaks at 9\d% of 1,024 MB and its duration hits the timeout, since deploy-bot's UpdateFunctionConfiguration at 14:20 UTC\.$/);
    expect(shown).toContain("1. Raise fraud-preprocess's memory from 1,024 MB to 2,048 MB");
    expect(shown).toMatch(/Lambdas on the path: fraud-preprocess: memory peaked at 9\d% of 1,024 MB/);
    expect(result.reply.tone).toBe('problem');
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it('daily-spike: names the recurring spike and suggests a scheduled scale-up before tomorrow', async () => {
    const { summary, shown } = await diagnose('daily-spike', 'diagnose recsys-ranker');
    expect(summary).toMatch(/^A recurring spike: recsys-ranker's traffic jumps ×[3-5]\.\d at 15:00 UTC, as on [3-7] of the previous 7 days, and auto scaling reacts too late\.$/);
    expect(shown).toMatch(/1\. Schedule scale-up to \d before tomorrow's spike: `?\/mlobs scale recsys-ranker \d at 14:45`?/);
  });

  it('drift: names the drifted feature', async () => {
    const { summary } = await diagnose('drift', 'diagnose fraud-detector');
    expect(summary).toMatch(/^Data drift: the feature transaction_amount drifted from its training baseline \(0\.3\d, threshold 0\.10\), after alice's change to fraud-preprocess\.$/);
  });

  it('steady: says plainly that nothing is wrong', async () => {
    const { result, summary } = await diagnose('steady', 'diagnose fraud-detector');
    expect(summary).toBe('Nothing looks wrong with fraud-detector: all 7 checks are OK.');
    expect(result.reply.tone).toBe('ok');
  });

  it('answers an unknown endpoint with the endpoints that exist', async () => {
    const { result } = await diagnose('steady', 'diagnose fraud-detecter');
    expect(result.outcome).toBe('refused');
    expect(result.reply.summary).toBe('`diagnose`: no endpoint named "fraud-detecter" in us-east-1 (known: churn-model, fraud-detector, recsys-ranker). Did you mean `fraud-detector`?');
  });

  it('refuses a malformed endpoint name before calling AWS', async () => {
    const { result } = await diagnose('steady', 'diagnose fraud_detector!');
    expect(result.outcome).toBe('usage_error');
    expect(world!.clients.calls.records).toHaveLength(0);
  });
});

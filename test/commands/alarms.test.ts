import { afterEach, describe, expect, it } from 'vitest';
import alarms from '../../commands/alarms.js';
import { CloudWatchAlarms } from '../../src/aws/cloudwatch-alarms.js';
import type { AlarmStatus } from '../../src/aws/ports/alarms.js';
import { renderText } from '../../src/console/render-text.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { expectRefusedBeforeAws, startCommandWorld, type CommandWorld } from './command-world.js';

const PEAK = new Date('2026-11-23T15:00:00Z');
const FIVE_MINUTES_AFTER_PEAK = new Date(PEAK.getTime() + 5 * 60_000);

describe('alarms', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const startWorld = async (options: { scenario?: 'preprocess-memory' | 'storm' | 'steady' } = {}) => {
    world = await startCommandWorld({
      commands: [alarms],
      ports: (clients) => ({ alarms: new CloudWatchAlarms(clients) }),
      now: FIVE_MINUTES_AFTER_PEAK,
      incidentAt: PEAK,
      ...options,
    });
    return world;
  };

  it('lists the latency alarm in ALARM during the peak, with the breach in plain words, since when, and a link', async () => {
    const w = await startWorld();
    const result = await w.run('alarms --state ALARM');

    expect(result.outcome).toBe('ok');
    const shown = renderText(result.reply);
    expect(result.reply.heading).toBe('Alarms in ALARM');
    expect(result.reply.context).toBe('us-east-1 · now (15:05 UTC)');
    expect(shown).toContain('In ALARM (5)');
    expect(shown).toMatch(/fraud-detector-p99-latency-sla.* since \d\d:\d\d UTC \(\d+ min\): p99 ModelLatency \+ OverheadLatency \(µs\) 799,35\d > 500,000 for 3 of 3 datapoints/);
    expect(shown).toMatch(/fraud-preprocess-memory-high.*: max memory_utilization 94\.\d+% > 90% for 3 of 3 datapoints/);
    expect(shown).toMatch(/fraud-preprocess-duration-p99.*: p99 Duration 3 s > 2\.5 s/);
    expect(shown).toMatch(/fraud-path-degraded.*: rule met: ALARM\("fraud-detector-p99-latency-sla"\) AND ALARM\("fraud-preprocess-memory-high"\)/);
    expect(shown).toContain('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/fraud-detector-p99-latency-sla');
    expect(shown).not.toContain('recsys-ranker');
    expect(result.reply.tone).toBe('problem');
    expect(w.clients.calls.count({ operation: 'DescribeAlarms' })).toBe(1);
    expect(w.clients.calls.records).toHaveLength(1);
  });

  it('groups every alarm by state, ALARM first, with the count of each', async () => {
    const w = await startWorld();
    const result = await w.run('alarms');

    const counts = result.reply.parts.find((part) => part.kind === 'fields');
    expect(counts).toEqual({
      kind: 'fields',
      fields: [
        { label: 'In ALARM', value: '5' },
        { label: 'Insufficient data', value: '0' },
        { label: 'OK', value: '7' },
      ],
    });
    const shown = renderText(result.reply);
    expect(shown.indexOf('In ALARM (5)')).toBeLessThan(shown.indexOf('OK (7)'));
    expect(shown).toMatch(/recsys-ranker-p99-latency.* since .*: p99 ModelLatency .* ≤ 250 ms/);
    expect(w.clients.calls.count({ operation: 'DescribeAlarms' })).toBe(1);
  });

  it('keeps to the alarms whose name starts with --prefix', async () => {
    const w = await startWorld();
    const result = await w.run('alarms --prefix recsys- --state ok');

    const shown = renderText(result.reply);
    expect(result.reply.heading).toBe('Alarms in OK starting with "recsys-"');
    expect(shown).toContain('OK (3)');
    expect(shown).not.toContain('fraud-');
    expect(result.reply.tone).toBe('ok');
  });

  it('says plainly when no alarm matches', async () => {
    const w = await startWorld({ scenario: 'steady' });
    const result = await w.run('alarms --state ALARM');

    expect(result.outcome).toBe('ok');
    expect(renderText(result.reply)).toContain('No alarms in ALARM in us-east-1.');
  });

  it('reads every page of a storm of alarms and still fits one Slack message', async () => {
    const w = await startWorld({ scenario: 'storm' });
    const result = await w.run('alarms');

    const counts = result.reply.parts.find((part) => part.kind === 'fields');
    const total = counts?.kind === 'fields' ? counts.fields.reduce((sum, field) => sum + Number(field.value), 0) : 0;
    expect(total).toBe(312);
    // 312 alarms at 100 a page.
    expect(w.clients.calls.count({ operation: 'DescribeAlarms' })).toBe(4);
    expect(renderText(result.reply)).toMatch(/In ALARM \(\d+\) — the \d+ most recent; \d+ more not shown \(narrow with --prefix\)/);
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it('fits Slack limits with 10,000 alarms', async () => {
    const many: AlarmStatus[] = Array.from({ length: 10_000 }, (_, i) => ({
      kind: 'metric',
      name: `pipeline-${String(i).padStart(5, '0')}-${'lag-'.repeat(40)}`,
      arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:pipeline-${i}`,
      state: i % 3 === 0 ? 'ALARM' : i % 3 === 1 ? 'OK' : 'INSUFFICIENT_DATA',
      reason: `Threshold Crossed: 1 out of the last 1 datapoints [${i}.0 (23/11/26 15:04:00)] was greater than the threshold (10.0).`,
      since: new Date(FIVE_MINUTES_AFTER_PEAK.getTime() - i * 1_000),
      actionsEnabled: true,
      metric: { namespace: 'MLPlatform/Pipelines', metricName: 'LagSeconds', dimensions: { Pipeline: `p-${i}` }, statistic: 'Maximum', periodS: 60 },
      threshold: { comparison: 'GreaterThanThreshold', value: 10, evaluationPeriods: 1 },
    }));
    const w = await startCommandWorld({ commands: [alarms], ports: () => ({ alarms: { list: async () => many } }), now: FIVE_MINUTES_AFTER_PEAK });
    world = w;
    const result = await w.run('alarms');

    expect(result.outcome).toBe('ok');
    const message = renderBlocks(result.reply);
    assertWithinSlackLimits(message.blocks);
    expect(JSON.stringify(message.blocks)).toMatch(/In ALARM \(3,334\)\* — the \d+ most recent; 3,3\d\d more not shown/);
  });

  it.each([
    ['alarms --state FIRING', '--state "FIRING": must be ALARM, OK or INSUFFICIENT_DATA'],
    ['alarms fraud-', 'unexpected "fraud-"'],
    [`alarms --prefix ${'x'.repeat(256)}`, 'is longer than an alarm name can be'],
    ['alarms --region mars-1', 'is not an AWS region code'],
  ])('answers %s privately with what is wrong and the usage line, without calling AWS', async (line, problem) => {
    const w = await startWorld();
    expectRefusedBeforeAws(w, await w.run(line), { problem, usage: 'Usage: alarms [--state ALARM|OK|INSUFFICIENT_DATA] [--prefix P] [--region REGION] [--account ACCOUNT]' });
  });
});

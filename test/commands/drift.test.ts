import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import drift from '../../commands/drift.js';
import { CloudWatchModelQuality } from '../../src/aws/cloudwatch-model-quality.js';
import type { FeatureDrift, ModelQuality, MonitoringRun } from '../../src/aws/ports/model-quality.js';
import { renderText } from '../../src/console/render-text.js';
import type { ScenarioName } from '../../src/sim/fleet/index.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { expectRefusedBeforeAws, startCommandWorld, type CommandWorld } from './command-world.js';

/** T: the drift scenario's change point C is the top of the hour 3 h before T's hour (12:00). */
const T = new Date('2026-11-23T15:00:00Z');
const NOW = new Date('2026-11-23T15:05:00Z');

describe('drift', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const startWorld = async (scenario: ScenarioName = 'drift', port?: ModelQuality) => {
    world = await startCommandWorld({
      scenario,
      commands: [drift],
      ports: (clients) => ({ modelQuality: port ?? new CloudWatchModelQuality(clients) }),
      now: NOW,
      incidentAt: T,
    });
    return world;
  };

  it('names transaction_amount as the feature that drifted, when it crossed the threshold, and the monitoring runs with violations', async () => {
    const w = await startWorld();
    const result = await w.run('drift fraud-detector');

    expect(result.outcome).toBe('ok');
    expect(result.reply.heading).toBe('Drift: fraud-detector');
    expect(result.reply.context).toBe('us-east-1 · last 1d (2026-11-22 15:05–2026-11-23 15:05 UTC) · threshold 0.10 · fraud-detector-data-quality');
    expect(result.reply.tone).toBe('problem');
    const shown = renderText(result.reply);
    expect(shown).toContain('1 feature is over 0.10. transaction_amount drifted first: over 0.10 since 13:00 UTC, now 0.3');
    const rows = result.reply.parts.find((part) => part.kind === 'table');
    expect(rows?.kind === 'table' && rows.table.rows[0]).toEqual(['transaction_amount', expect.stringMatching(/^0\.3\d$/), expect.stringMatching(/^0\.3\d \(1[45]:00 UTC\)$/), 'over since 13:00 UTC']);
    expect(rows?.kind === 'table' && rows.table.rows.slice(1).map((row) => row[3])).toEqual(['under', 'under', 'under', 'under']);
    expect(result.reply.parts.some((part) => part.kind === 'chart')).toBe(true);
    expect(result.reply.parts.find((part) => part.kind === 'sparkline')).toMatchObject({ sparkline: { label: 'transaction_amount drift' } });

    // Model Monitor's own runs: the change lands at 12:00, the 13:00, 14:00 and 15:00 runs flag it.
    expect(shown).toContain('Model Monitor: 3 of 24 monitoring runs completed with violations, first at 13:00 UTC, latest at 15:00 UTC.');
    expect(result.reply.summary).toContain('3 of 24 monitoring runs completed with violations');
    const runs = result.reply.parts.filter((part) => part.kind === 'table')[1];
    expect(runs?.kind === 'table' && runs.table.columns.map((c) => c.title)).toEqual(['monitoring run', 'result', 'processing job']);
    expect(runs?.kind === 'table' && runs.table.rows.map((row) => row.slice(0, 2))).toEqual([
      ['15:00 UTC', 'violations'],
      ['14:00 UTC', 'violations'],
      ['13:00 UTC', 'violations'],
    ]);
    expect(runs?.kind === 'table' && runs.table.rows[0]![2]).toMatch(/^model-monitoring-202611231500-[0-9a-f]{24}$/);
    expect(shown).toMatch(/constraint_violations\.json .*aws sagemaker describe-processing-job --processing-job-name model-monitoring-202611231500-/);
    const image = result.reply.parts.find((part) => part.kind === 'chart');
    expect(image?.kind === 'chart' && image.chart.title).toBe('fraud-detector feature drift from baseline · 3 runs with violations');
    expect(image?.kind === 'chart' && image.chart.altText).toContain('Model Monitor flagged 3 runs with violations (13:00 UTC to 15:00 UTC).');

    // Discovery in both namespaces Model Monitor is documented to use, then one read; one page of runs.
    expect(w.clients.calls.count({ operation: 'ListMetrics' })).toBe(2);
    expect(w.clients.calls.count({ operation: 'GetMetricData' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'ListMonitoringExecutions' })).toBe(1);
    expect(w.clients.calls.records).toHaveLength(4);
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it('says when the drift began before the range', async () => {
    const w = await startWorld();
    const result = await w.run('drift fraud-detector --since 3h');

    expect(renderText(result.reply)).toContain('transaction_amount drifted first: over 0.10 since at least 13:00 UTC (the first run in the range)');
  });

  it('reports no drift and no violations when every feature stays under the threshold', async () => {
    const w = await startWorld('steady');
    const result = await w.run('drift fraud-detector');

    expect(result.reply.tone).toBe('ok');
    const shown = renderText(result.reply);
    expect(shown).toMatch(/No feature drifted past 0\.10: the highest is \w+ at 0\.0\d \(.*UTC\)\./);
    expect(shown).toContain('Model Monitor: none of the 24 monitoring runs completed with violations.');
    expect(result.reply.parts.filter((part) => part.kind === 'table')).toHaveLength(1);
    expect(shown).not.toContain('constraint_violations.json');
  });

  it('reads the newest 200 runs of a long range in two calls, and says so', async () => {
    const w = await startWorld();
    const result = await w.run('drift fraud-detector --since 14d');

    expect(renderText(result.reply)).toContain('Model Monitor: 3 of the latest 200 monitoring runs (since Nov 15 08:00 UTC) completed with violations, first at 13:00 UTC, latest at 15:00 UTC.');
    expect(w.clients.calls.count({ operation: 'ListMonitoringExecutions' })).toBe(2);
    expect(w.clients.calls.count({ service: 'sagemaker' })).toBe(2);
  });

  it("reads each feature against its own threshold from the endpoint's drift config", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlobs-drift-'));
    const file = join(dir, 'mlobs.yml');
    writeFileSync(file, 'endpoints:\n  fraud-detector:\n    drift:\n      threshold: 0.1\n      features:\n        transaction_amount: 0.5\n');
    try {
      world = await startCommandWorld({ scenario: 'drift', commands: [drift], ports: (clients) => ({ modelQuality: new CloudWatchModelQuality(clients) }), now: NOW, incidentAt: T, env: { MLOBS_CONFIG: file } });
      const result = await world.run('drift fraud-detector');

      // Model Monitor still flags its runs against the baseline's constraints: worth a look, not an alarm.
      expect(result.reply.tone).toBe('warning');
      expect(renderText(result.reply)).toContain('Model Monitor: 3 of 24 monitoring runs completed with violations');
      expect(result.reply.context).toContain('thresholds 0.10–0.50 per feature');
      expect(renderText(result.reply)).toMatch(/No feature drifted past its threshold: the highest is transaction_amount at 0\.3\d \(.*UTC\) against 0\.50\./);
      const rows = result.reply.parts.find((part) => part.kind === 'table');
      expect(rows?.kind === 'table' && rows.table.columns.map((c) => c.title)).toEqual(['feature', 'now', 'highest', 'threshold', 'vs threshold']);
      expect(rows?.kind === 'table' && rows.table.rows[0]!.slice(3)).toEqual(['0.50', 'under']);
      expect(rows?.kind === 'table' && rows.table.rows.slice(1).map((row) => row[3])).toEqual(['0.10', '0.10', '0.10', '0.10']);
      // Still one read: the thresholds cost no AWS call.
      expect(world.clients.calls.count({ operation: 'GetMetricData' })).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says plainly when an endpoint exists but has no monitoring schedule', async () => {
    const w = await startWorld();
    const result = await w.run('drift recsys-ranker');

    expect(result.outcome).toBe('ok');
    expect(result.reply.tone).toBe('info');
    expect(renderText(result.reply)).toContain('Model Monitor does not watch recsys-ranker in us-east-1: it has no data-quality monitoring schedule, so there is no drift to show.');
    expect(w.clients.calls.count({ operation: 'ListMonitoringExecutions' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'ListMonitoringSchedules' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'ListEndpoints' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'GetMetricData' })).toBe(0);
  });

  it('says plainly when the schedule did not run in the range', async () => {
    const w = await startWorld();
    const result = await w.run('drift fraud-detector --from 14:10 --to 14:50');

    expect(renderText(result.reply)).toContain(
      'No Model Monitor results for fraud-detector in 2026-11-23 14:10–14:50 UTC: its schedule fraud-detector-data-quality (Scheduled) did not run, or has not published yet.',
    );
    expect(w.clients.calls.count({ operation: 'ListMonitoringSchedules' })).toBe(1);
  });

  it('shows the runs of a schedule that publishes no drift metrics, failures included', async () => {
    const run = (hour: number, status: MonitoringRun['status'], extra: Partial<MonitoringRun> = {}): MonitoringRun => ({
      schedule: 'fraud-detector-data-quality',
      scheduledAt: new Date(Date.UTC(2026, 10, 23, hour)),
      status,
      processingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/model-monitoring-20261123${String(hour).padStart(2, '0')}00-${'0'.repeat(24)}`,
      ...extra,
    });
    const runs = [run(11, 'Completed'), run(12, 'CompletedWithViolations'), run(13, 'Failed', { failureReason: 'ClientError: no captured data in s3://bucket/datacapture' }), run(14, 'Completed')];
    const w = await startWorld('drift', { featureDrift: async () => [], monitoringRuns: async () => ({ runs, truncated: false }), knownEndpoints: async () => ['fraud-detector'] });
    const result = await w.run('drift fraud-detector');

    const shown = renderText(result.reply);
    expect(result.reply.tone).toBe('warning');
    expect(shown).toContain('Model Monitor: 1 of 4 monitoring runs completed with violations, at 12:00 UTC; the latest run (14:00 UTC) was clean. 1 failed (latest at 13:00 UTC: ClientError: no captured data in s3://bucket/datacapture).');
    expect(shown).toContain('No drift metrics for fraud-detector in CloudWatch');
    const table = result.reply.parts.find((part) => part.kind === 'table');
    expect(table?.kind === 'table' && table.table.rows.map((row) => row.slice(0, 2))).toEqual([
      ['13:00 UTC', 'failed'],
      ['12:00 UTC', 'violations'],
    ]);
  });

  it('answers an unknown endpoint with the endpoints that exist', async () => {
    const w = await startWorld();
    const result = await w.run('drift fraud-detecter');

    expect(result.outcome).toBe('refused');
    expect(result.reply.summary).toBe('`drift`: no endpoint named "fraud-detecter" in us-east-1 — did you mean `fraud-detector`? (known: churn-model, fraud-detector, recsys-ranker)');
    expect(w.clients.calls.count({ operation: 'ListMetrics' })).toBe(2);
    expect(w.clients.calls.count({ operation: 'ListEndpoints' })).toBe(1);
  });

  it('fits Slack limits with 10,000 features', async () => {
    const features: FeatureDrift[] = Array.from({ length: 10_000 }, (_, i) => ({
      feature: `feature_${String(i).padStart(5, '0')}_${'w'.repeat(60)}`,
      schedule: 'fraud-detector-data-quality',
      points: Array.from({ length: 24 }, (_, h) => ({ at: new Date(T.getTime() - (23 - h) * 3_600_000), value: ((i % 17) / 100) * (1 + h / 24) })),
    }));
    const runs: MonitoringRun[] = Array.from({ length: 10_000 }, (_, i) => ({
      schedule: 'fraud-detector-data-quality',
      scheduledAt: new Date(T.getTime() - (10_000 - i) * 60_000),
      status: i % 2 === 0 ? 'CompletedWithViolations' : 'Failed',
      processingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:processing-job/model-monitoring-${'x'.repeat(50)}`,
      failureReason: 'f'.repeat(5_000),
    }));
    const w = await startWorld('drift', { featureDrift: async () => features, monitoringRuns: async () => ({ runs, truncated: true }), knownEndpoints: async () => ['fraud-detector'] });
    const result = await w.run('drift fraud-detector');

    expect(result.outcome).toBe('ok');
    const [table, runsTable] = result.reply.parts.filter((part) => part.kind === 'table');
    expect(table?.kind === 'table' && table.table.totalRows).toBe(10_000);
    expect(runsTable?.kind === 'table' && runsTable.table.totalRows).toBe(10_000);
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it.each([
    ['drift', 'missing <endpoint>'],
    ['drift fraud_detector', 'is not a SageMaker name'],
    ['drift fraud--detector-', 'is not a SageMaker name'],
    ['drift fraud-detector --since 30d', 'this command looks back at most 14d'],
    ['drift fraud-detector --from 15:00 --to 14:00', '--from must be before --to'],
  ])('answers `%s` privately with what is wrong and the usage line, without calling AWS', async (line, problem) => {
    const w = await startWorld();
    expectRefusedBeforeAws(w, await w.run(line), { problem, usage: 'Usage: drift <endpoint> [--since 1d | --from TIME [--to TIME]] [--region REGION] [--account ACCOUNT]' });
  });
});

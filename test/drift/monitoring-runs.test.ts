import { describe, expect, it } from 'vitest';
import type { MonitoringRun } from '../../src/aws/ports/model-quality.js';
import { processingJobName, readMonitoringRuns, runsNeedingALook, runsVerdict } from '../../src/drift/monitoring-runs.js';

const hour = (h: number) => new Date(Date.UTC(2026, 10, 23, h));
const at = (date: Date) => `${String(date.getUTCHours()).padStart(2, '0')}:00 UTC`;
const run = (h: number, status: MonitoringRun['status'], extra: Partial<MonitoringRun> = {}): MonitoringRun => ({ schedule: 'fd-dq', scheduledAt: hour(h), status, ...extra });

describe('runsVerdict', () => {
  it('counts the runs with violations and names the first and the latest; still flagged now is a problem', () => {
    const reading = readMonitoringRuns({ runs: [run(10, 'Completed'), run(11, 'CompletedWithViolations'), run(12, 'CompletedWithViolations')], truncated: false });
    expect(runsVerdict(reading, at)).toEqual({ tone: 'problem', text: 'Model Monitor: 2 of 3 monitoring runs completed with violations, first at 11:00 UTC, latest at 12:00 UTC.' });
  });

  it('a single clean run, and the newest runs of a longer range, are worded as such', () => {
    expect(runsVerdict(readMonitoringRuns({ runs: [run(10, 'Completed')], truncated: false }), at)).toEqual({ tone: 'ok', text: 'Model Monitor: none of the one monitoring run completed with violations.' });
    expect(runsVerdict(readMonitoringRuns({ runs: [run(9, 'Completed'), run(10, 'Completed')], truncated: true }), at).text).toBe(
      'Model Monitor: none of the latest 2 monitoring runs (since 09:00 UTC) completed with violations.',
    );
  });

  it('failures make a clean range a warning, with the latest reason on one line and clipped', () => {
    const reason = `ClientError:\n${'x'.repeat(400)}`;
    const verdict = runsVerdict(readMonitoringRuns({ runs: [run(10, 'Failed', { failureReason: reason }), run(11, 'Completed')], truncated: false }), at);
    expect(verdict.tone).toBe('warning');
    expect(verdict.text).toMatch(/^Model Monitor: none of the 2 monitoring runs completed with violations\. 1 failed \(latest at 10:00 UTC: ClientError: x+…\)\.$/);
    expect(verdict.text.length).toBeLessThan(320);
  });
});

describe('runsNeedingALook', () => {
  it('lists nothing when every run was clean', () => {
    expect(runsNeedingALook(readMonitoringRuns({ runs: [run(10, 'Completed')], truncated: false }), at)).toEqual([]);
  });

  it('names where the per-feature details are even without a processing job', () => {
    const parts = runsNeedingALook(readMonitoringRuns({ runs: [run(10, 'CompletedWithViolations')], truncated: false }), at);
    expect(parts[0]).toMatchObject({ kind: 'table', table: { rows: [['10:00 UTC', 'violations', '–']] } });
    expect(parts[1]).toMatchObject({ kind: 'note', text: expect.stringContaining('constraint_violations.json') });
    expect(parts[1]).toMatchObject({ text: expect.stringContaining('DescribeProcessingJob → ProcessingOutputConfig') });
  });
});

describe('processingJobName', () => {
  it('is the part after processing-job/ in the ARN', () => {
    expect(processingJobName('arn:aws:sagemaker:us-east-1:123456789012:processing-job/model-monitoring-202611231500-abc')).toBe('model-monitoring-202611231500-abc');
    expect(processingJobName('arn:aws:sagemaker:us-east-1:123456789012:endpoint/x')).toBeUndefined();
    expect(processingJobName(undefined)).toBeUndefined();
  });
});

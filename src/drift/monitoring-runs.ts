/**
 * What Model Monitor's own runs say over the range: how many completed with violations of the
 * baseline's constraints, the first and the latest, the failures. Pure: the `drift` command
 * fetches, this reads and words it.
 */
import type { MonitoringRun, MonitoringRuns } from '../aws/ports/model-quality.js';
import { note, table, type ReplyPart, type Tone } from '../reply/reply.js';

/** Runs listed in the table of runs that need a look (violations, failures), newest first. */
const RUN_ROWS = 10;
/** A failure reason is SageMaker's prose: enough of it to act on. */
const REASON_CHARS = 200;

export interface MonitoringRunsReading {
  /** Runs read, oldest first. */
  runs: MonitoringRun[];
  withViolations: MonitoringRun[];
  failed: MonitoringRun[];
  /** Only the newest runs of the range were read. */
  truncated: boolean;
}

export function readMonitoringRuns(answer: MonitoringRuns): MonitoringRunsReading {
  return {
    runs: answer.runs,
    withViolations: answer.runs.filter((r) => r.status === 'CompletedWithViolations'),
    failed: answer.runs.filter((r) => r.status === 'Failed'),
    truncated: answer.truncated,
  };
}

/** "Model Monitor: 3 of 24 monitoring runs completed with violations, first at 13:00 UTC, latest at 15:00 UTC." */
export function runsVerdict(reading: MonitoringRunsReading, at: (date: Date) => string): { tone: Tone; text: string } {
  const { runs, withViolations, failed } = reading;
  const n = runs.length;
  const latest = runs.at(-1);
  let text: string;
  let tone: Tone = 'ok';
  if (withViolations.length === 0) {
    const which = reading.truncated ? `the latest ${n} monitoring runs (since ${at(runs[0]!.scheduledAt)})` : n === 1 ? 'the one monitoring run' : `the ${n} monitoring runs`;
    text = `Model Monitor: none of ${which} completed with violations.`;
  } else {
    const of = reading.truncated ? `the latest ${n} monitoring runs (since ${at(runs[0]!.scheduledAt)})` : `${n} monitoring ${n === 1 ? 'run' : 'runs'}`;
    const first = withViolations[0]!;
    const last = withViolations.at(-1)!;
    const when = first === last ? `at ${at(first.scheduledAt)}` : `first at ${at(first.scheduledAt)}, latest at ${at(last.scheduledAt)}`;
    const clean = latest !== undefined && latest !== last && latest.status === 'Completed';
    text = `Model Monitor: ${withViolations.length} of ${of} completed with violations, ${when}${clean ? `; the latest run (${at(latest.scheduledAt)}) was clean` : ''}.`;
    tone = clean ? 'warning' : 'problem';
  }
  if (failed.length > 0) {
    const lastFailed = failed.at(-1)!;
    const reason = lastFailed.failureReason ? `: ${clip(lastFailed.failureReason)}` : '';
    text += ` ${failed.length} failed (latest at ${at(lastFailed.scheduledAt)}${reason}).`;
    if (tone === 'ok') tone = 'warning';
  }
  return { tone, text };
}

/**
 * The runs that need a look, newest first, with their processing job, and where a run's
 * per-feature violations are: constraint_violations.json is in S3, which the bot does not read.
 */
export function runsNeedingALook(reading: MonitoringRunsReading, at: (date: Date) => string): ReplyPart[] {
  const flagged = reading.runs.filter((r) => r.status === 'CompletedWithViolations' || r.status === 'Failed').reverse();
  if (flagged.length === 0) return [];
  const rows = flagged.slice(0, RUN_ROWS).map((r) => [at(r.scheduledAt), r.status === 'Failed' ? 'failed' : 'violations', processingJobName(r.processingJobArn) ?? '–']);
  const latest = reading.withViolations.at(-1);
  const job = processingJobName(latest?.processingJobArn);
  const where = `Which features and checks a run flagged: constraint_violations.json in its processing job's output in S3 (${
    job ? `latest: \`aws sagemaker describe-processing-job --processing-job-name ${job}\`` : 'DescribeProcessingJob'
  } → ProcessingOutputConfig).`;
  return [
    table({ columns: [{ title: 'monitoring run' }, { title: 'result' }, { title: 'processing job' }], rows, totalRows: flagged.length }),
    ...(latest ? [note('info', where)] : []),
  ];
}

/** The name in `arn:aws:sagemaker:…:processing-job/<name>`. */
export function processingJobName(arn: string | undefined): string | undefined {
  const name = arn?.split(':processing-job/')[1];
  return name || undefined;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > REASON_CHARS ? `${oneLine.slice(0, REASON_CHARS - 1)}…` : oneLine;
}

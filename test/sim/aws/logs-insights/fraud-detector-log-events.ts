import type { LogEvent, QueryOutcome } from '../../../../src/sim/aws/logs-insights/index.js';

export const LOG_GROUP = '/aws/lambda/fraud-detector';
const STREAM_A = '2026/11/23/[$LATEST]4f1d2c3b5a6e7f8091a2b3c4d5e6f7a8';
const STREAM_B = '2026/11/23/[$LATEST]9a8b7c6d5e4f30211f2e3d4c5b6a7988';

/** Epoch ms for a UTC time of day on 2026-11-23. */
export function at(time: string): number {
  return Date.parse(`2026-11-23T${time}Z`);
}

function event(time: string, message: string, logStream = STREAM_A): LogEvent {
  return { timestamp: at(time), message, logStream, logGroup: LOG_GROUP, ingestionTime: at(time) + 120 };
}

/**
 * Twelve minutes of a fraud-scoring Lambda: JSON application logs with `level` and
 * `latency_ms`, platform START/END/REPORT lines, three timeouts and two errors. In
 * timestamp order; queries must not depend on that.
 */
export const fraudDetectorEvents: readonly LogEvent[] = [
  event('14:00:01.100', 'START RequestId: 3f2b1c9e-7d4a-4e8b-9c1d-2a3b4c5d6e7f Version: $LATEST'),
  event('14:00:01.250', '{"level":"INFO","msg":"scored transaction","latency_ms":87,"model":{"version":"v12","stage":"prod"}}'),
  event('14:00:01.300', 'END RequestId: 3f2b1c9e-7d4a-4e8b-9c1d-2a3b4c5d6e7f'),
  event(
    '14:00:01.301',
    'REPORT RequestId: 3f2b1c9e-7d4a-4e8b-9c1d-2a3b4c5d6e7f\tDuration: 201.45 ms\tBilled Duration: 202 ms\tMemory Size: 1024 MB\tMax Memory Used: 312 MB\tInit Duration: 812.30 ms',
  ),
  event('14:00:30.000', '{"level":"INFO","msg":"scored transaction","latency_ms":120,"model":{"version":"v12","stage":"prod"}}', STREAM_B),
  event('14:00:45.500', '{"level":"WARN","msg":"feature store slow","latency_ms":950,"model":{"version":"v12","stage":"prod"}}'),
  event('14:01:10.000', '{"level":"INFO","msg":"scored transaction","latency_ms":2100,"model":{"version":"v12","stage":"prod"}}', STREAM_B),
  event('14:01:20.000', '{"level":"ERROR","msg":"feature store unavailable","latency_ms":3000,"model":{"version":"v12","stage":"prod"}}'),
  event('14:03:12.345', '2026-11-23T14:03:12.345Z 8f14e45f-ceea-467e-a7d4-0c2b1a3d5e6f Task timed out after 3.00 seconds'),
  event('14:04:59.999', '2026-11-23T14:04:59.999Z c9f0f895-fb98-4b91-9a5f-4e1f2d3c4b5a Task timed out after 3.00 seconds', STREAM_B),
  event('14:06:02.000', '[ERROR] ModelLoadException: model artifact s3://ml-models/fraud/v13/model.tar.gz not found'),
  event('14:07:30.000', '{"level":"INFO","msg":"scored transaction","latency_ms":64,"model":{"version":"v13","stage":"canary"}}'),
  event('14:08:45.120', '2026-11-23T14:08:45.120Z 45c48cce-2e2d-4fbd-8f3a-9b8c7d6e5f40 Task timed out after 6.00 seconds'),
  event('14:11:00.000', '{"level":"INFO","msg":"scored transaction","latency_ms":12.5,"model":{"version":"v13","stage":"canary"}}', STREAM_B),
];

/** Result rows as `{ field: value }` objects, which read better in assertions than pairs. */
export function asRecords(outcome: QueryOutcome): Record<string, string>[] {
  return outcome.results.map((row) => Object.fromEntries(row.map(({ field, value }) => [field, value])));
}

/** The field names of each row, in order. */
export function fieldNames(outcome: QueryOutcome): string[][] {
  return outcome.results.map((row) => row.map(({ field }) => field));
}

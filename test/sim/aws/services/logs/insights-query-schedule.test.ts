import { describe, expect, it } from 'vitest';
import { parseQuery, type QueryOutcome } from '../../../../../src/sim/aws/logs-insights/index.js';
import { InsightsQuery, QUERY_TIMEOUT_MS } from '../../../../../src/sim/aws/services/logs/insights-query.js';

const T0 = Date.UTC(2026, 10, 23, 15, 0);
const outcome: QueryOutcome = { results: [[{ field: 'n', value: '1' }]], statistics: { recordsMatched: 1, recordsScanned: 10, bytesScanned: 500 } };
const query = (bytes: number) => new InsightsQuery('q-1', 'fields @message', parseQuery('fields @message'), ['/g'], T0, T0 + 60_000, undefined, { records: 10, bytes }, new Date(T0));

describe('the Insights query schedule', () => {
  it('scans 1 s per 100 MB, at least 1 s', () => {
    expect(query(1_000).scanMs).toBe(1_000);
    expect(query(500_000_000).scanMs).toBe(5_000);
  });

  it('shows Scheduled on the first poll, Running on the second, and Complete once the scan time has passed', () => {
    const q = query(500_000_000);
    let runs = 0;
    const run = () => {
      runs += 1;
      return outcome;
    };
    expect(q.poll(T0 + 10_000, run).status).toBe('Scheduled');
    expect(q.poll(T0 + 10_000, run).status).toBe('Running');
    const done = q.poll(T0 + 10_000, run);
    expect(done).toMatchObject({ status: 'Complete', statistics: outcome.statistics });
    q.poll(T0 + 20_000, run);
    expect(runs).toBe(1);
  });

  it('Running statistics grow with the share of the scan done', () => {
    const q = query(500_000_000);
    q.poll(T0, () => outcome);
    expect(q.poll(T0 + 1_000, () => outcome).statistics.bytesScanned).toBe(100_000_000);
    expect(q.poll(T0 + 2_500, () => outcome).statistics).toMatchObject({ bytesScanned: 250_000_000, recordsScanned: 5, recordsMatched: 0 });
  });

  it('a scan longer than the service’s 60-minute limit ends Timeout at 60 minutes', () => {
    const q = query(400_000_000_000);
    expect(q.endsAtMs - T0).toBe(QUERY_TIMEOUT_MS);
    q.poll(T0, () => outcome);
    q.poll(T0, () => outcome);
    expect(q.poll(T0 + QUERY_TIMEOUT_MS - 1, () => outcome).status).toBe('Running');
    expect(q.poll(T0 + QUERY_TIMEOUT_MS, () => outcome).status).toBe('Timeout');
    expect(q.isActive(T0 + QUERY_TIMEOUT_MS)).toBe(false);
  });
});

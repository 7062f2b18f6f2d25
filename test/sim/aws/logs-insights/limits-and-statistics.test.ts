import { describe, expect, it } from 'vitest';
import { EVENT_OVERHEAD_BYTES, runQuery, type LogEvent } from '../../../../src/sim/aws/logs-insights/index.js';
import { asRecords, at, fraudDetectorEvents, LOG_GROUP } from './fraud-detector-log-events.js';

function heartbeats(count: number): LogEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: at('00:00:00.000') + i * 1000,
    message: `heartbeat ${i}`,
    logStream: 'worker',
    logGroup: LOG_GROUP,
  }));
}

describe('statistics', () => {
  it('counts every event given as scanned, the ones passing filter as matched, and message bytes plus 26 per event', () => {
    const events: LogEvent[] = [
      { timestamp: at('14:00:00.000'), message: 'ERROR feature store unavailable', logStream: 'a', logGroup: LOG_GROUP },
      { timestamp: at('14:00:01.000'), message: 'INFO modèle chargé', logStream: 'a', logGroup: LOG_GROUP },
      { timestamp: at('14:00:02.000'), message: 'ERROR timeout', logStream: 'a', logGroup: LOG_GROUP },
    ];
    const outcome = runQuery('filter @message like /ERROR/ | limit 1', events);
    // "modèle chargé" has two 2-byte characters: 18 characters, 20 bytes.
    expect(outcome.statistics).toEqual({ recordsScanned: 3, recordsMatched: 2, bytesScanned: 31 + 20 + 13 + 3 * EVENT_OVERHEAD_BYTES });
    expect(outcome.results).toHaveLength(1);
  });

  it('counts matched records before stats aggregates them, and ignores filters on the stats rows', () => {
    const outcome = runQuery('filter @message like /Task timed out/ | stats count(*) as n by bin(5m) | filter n > 1', fraudDetectorEvents);
    expect(asRecords(outcome)).toEqual([{ 'bin(5m)': '2026-11-23 14:00:00.000', n: '2' }]);
    expect(outcome.statistics).toMatchObject({ recordsScanned: 14, recordsMatched: 3 });
  });

  it('reports zero everything for no events', () => {
    expect(runQuery('stats count(*)', [])).toEqual({ results: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } });
  });
});

describe('limits and default order', () => {
  it('returns newest first without a sort', () => {
    const outcome = runQuery('fields @message | limit 3', heartbeats(10));
    expect(asRecords(outcome).map((record) => record['@message'])).toEqual(['heartbeat 9', 'heartbeat 8', 'heartbeat 7']);
  });

  it('reads events in any order and still answers newest first', () => {
    const outcome = runQuery('fields @message', [...heartbeats(5)].reverse().concat(heartbeats(5).slice(2, 3)));
    expect(asRecords(outcome).map((record) => record['@message'])).toEqual([
      'heartbeat 4',
      'heartbeat 3',
      'heartbeat 2',
      'heartbeat 2',
      'heartbeat 1',
      'heartbeat 0',
    ]);
  });

  it('returns at most 1,000 rows when neither the query nor the caller sets a limit', () => {
    const outcome = runQuery('fields @message', heartbeats(1_500));
    expect(outcome.results).toHaveLength(1_000);
    expect(outcome.statistics.recordsMatched).toBe(1_500);
  });

  it('lets the query limit go past 1,000 rows, up to the 10,000-row maximum', () => {
    expect(runQuery('fields @message | limit 1200', heartbeats(1_500)).results).toHaveLength(1_200);
    expect(runQuery('fields @message | limit 10000', heartbeats(10_500)).results).toHaveLength(10_000);
  });

  it("takes StartQuery's limit as the cap on returned rows", () => {
    expect(runQuery('fields @message', heartbeats(50), { limit: 5 }).results).toHaveLength(5);
    expect(runQuery('fields @message | limit 3', heartbeats(50), { limit: 5 }).results).toHaveLength(3);
    expect(() => runQuery('fields @message', heartbeats(1), { limit: 10_001 })).toThrow(RangeError);
  });

  it('sorts ascending with asc and by several keys', () => {
    const outcome = runQuery('fields level, latency_ms | filter ispresent(level) | sort level asc, latency_ms desc | limit 4', fraudDetectorEvents);
    expect(asRecords(outcome).map((record) => `${record['level']} ${record['latency_ms']}`)).toEqual([
      'ERROR 3000',
      'INFO 2100',
      'INFO 120',
      'INFO 87',
    ]);
  });

  it("sorts like the service's natural order: text before numbers, digit runs by length", () => {
    const values = ['10', 'A9876fghj', '5A', '@', '2', '111A', 'a12345hfh', '#'];
    const events = values.map((value, i) => ({ timestamp: at('12:00:00.000') + i, message: JSON.stringify({ value }), logStream: 's', logGroup: LOG_GROUP }));
    const outcome = runQuery('fields value | sort value asc', events);
    expect(asRecords(outcome).map((record) => record['value'])).toEqual(['#', '5A', '111A', '@', 'A9876fghj', 'a12345hfh', '2', '10']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseQuery, runQuery } from '../../../../src/sim/aws/logs-insights/index.js';
import { asRecords, fieldNames, fraudDetectorEvents } from './fraud-detector-log-events.js';

// The queries the bot sends, run over a fraud-scoring Lambda's logs.
describe('saved queries', () => {
  it('errors: returns the ERROR and Exception lines newest first with @timestamp, @message and @ptr', () => {
    const outcome = runQuery(
      'fields @timestamp, @message | filter @message like /ERROR|Exception/ | sort @timestamp desc | limit 50',
      fraudDetectorEvents,
    );
    expect(asRecords(outcome).map(({ '@timestamp': time, '@message': message }) => ({ time, message }))).toEqual([
      { time: '2026-11-23 14:06:02.000', message: '[ERROR] ModelLoadException: model artifact s3://ml-models/fraud/v13/model.tar.gz not found' },
      {
        time: '2026-11-23 14:01:20.000',
        message: '{"level":"ERROR","msg":"feature store unavailable","latency_ms":3000,"model":{"version":"v12","stage":"prod"}}',
      },
    ]);
    expect(fieldNames(outcome)).toEqual([
      ['@timestamp', '@message', '@ptr'],
      ['@timestamp', '@message', '@ptr'],
    ]);
  });

  it('timeouts: counts "Task timed out" lines per 5-minute bin, labelling each bin by its start', () => {
    const outcome = runQuery('filter @message like /Task timed out/ | stats count(*) as timeouts by bin(5m)', fraudDetectorEvents);
    expect(outcome.results).toEqual([
      [
        { field: 'bin(5m)', value: '2026-11-23 14:05:00.000' },
        { field: 'timeouts', value: '1' },
      ],
      [
        { field: 'bin(5m)', value: '2026-11-23 14:00:00.000' },
        { field: 'timeouts', value: '2' },
      ],
    ]);
  });

  it('slowest: sorts JSON latency_ms numerically, largest first, and leaves rows without it last', () => {
    const outcome = runQuery('fields @timestamp, latency_ms | sort latency_ms desc | limit 20', fraudDetectorEvents);
    const records = asRecords(outcome);
    expect(records.slice(0, 7).map((record) => record['latency_ms'])).toEqual(['3000', '2100', '950', '120', '87', '64', '12.5']);
    expect(records[0]?.['@timestamp']).toBe('2026-11-23 14:01:20.000');
    expect(records).toHaveLength(14);
    expect(records.slice(7).every((record) => record['latency_ms'] === undefined)).toBe(true);
  });

  it('latency per minute: avg, max and nearest-rank p99 by bin(1m), bins without latency_ms keep only the bin', () => {
    const outcome = runQuery('stats avg(latency_ms), max(latency_ms), pct(latency_ms, 99) by bin(1m)', fraudDetectorEvents);
    const byMinute = Object.fromEntries(asRecords(outcome).map(({ 'bin(1m)': bin, ...rest }) => [bin, rest]));
    expect(byMinute['2026-11-23 14:00:00.000']).toEqual({
      'avg(latency_ms)': '385.666666666667',
      'max(latency_ms)': '950',
      'pct(latency_ms, 99)': '950',
    });
    expect(byMinute['2026-11-23 14:01:00.000']).toEqual({ 'avg(latency_ms)': '2550', 'max(latency_ms)': '3000', 'pct(latency_ms, 99)': '3000' });
    expect(byMinute['2026-11-23 14:11:00.000']).toEqual({ 'avg(latency_ms)': '12.5', 'max(latency_ms)': '12.5', 'pct(latency_ms, 99)': '12.5' });
    expect(byMinute['2026-11-23 14:03:00.000']).toEqual({});
    expect(fieldNames(outcome)[0]).toEqual(['bin(1m)', 'avg(latency_ms)', 'max(latency_ms)', 'pct(latency_ms, 99)']);
  });

  it('count by level: one row per JSON level, plus one without level for lines that have none', () => {
    const outcome = runQuery('stats count(*) by level | sort count(*) desc', fraudDetectorEvents);
    expect(asRecords(outcome)).toEqual([
      { 'count(*)': '7' },
      { level: 'INFO', 'count(*)': '5' },
      // Ties keep the order groups were met in, newest first: the ERROR came after the WARN.
      { level: 'ERROR', 'count(*)': '1' },
      { level: 'WARN', 'count(*)': '1' },
    ]);
  });

  it('runs a query parsed once over different event sets', () => {
    const timeouts = parseQuery('filter @message like /Task timed out/ | stats count(*) as timeouts');
    expect(runQuery(timeouts, fraudDetectorEvents).results).toEqual([[{ field: 'timeouts', value: '3' }]]);
    expect(runQuery(timeouts, fraudDetectorEvents.slice(0, 9)).results).toEqual([[{ field: 'timeouts', value: '1' }]]);
  });

  it('leaves out a stats group with nothing to show', () => {
    const outcome = runQuery('stats avg(latency_ms) as avgLatency by level', fraudDetectorEvents);
    expect(asRecords(outcome).map((record) => record['level'])).toEqual(['INFO', 'ERROR', 'WARN']);
  });

  it('stats rows carry no @ptr', () => {
    const outcome = runQuery('stats count(*) as events', fraudDetectorEvents);
    expect(outcome.results).toEqual([[{ field: 'events', value: '14' }]]);
  });
});

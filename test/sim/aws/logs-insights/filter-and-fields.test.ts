import { describe, expect, it } from 'vitest';
import { eventPointer, runQuery, type LogEvent } from '../../../../src/sim/aws/logs-insights/index.js';
import { asRecords, at, fraudDetectorEvents, LOG_GROUP } from './fraud-detector-log-events.js';

/** How many events pass the query; stats over no rows answers no rows. */
function count(query: string): number {
  const [record] = asRecords(runQuery(`${query} | stats count(*) as n`, fraudDetectorEvents));
  return Number(record?.['n'] ?? 0);
}

describe('filter', () => {
  it('compares numerically when both sides are numbers and as text otherwise', () => {
    expect(count('filter latency_ms > 100')).toBe(4);
    expect(count('filter latency_ms >= 950 and latency_ms <= 2100')).toBe(2);
    expect(count('filter latency_ms = "87"')).toBe(1);
    expect(count('filter level = "ERROR"')).toBe(1);
    expect(count('filter level != "INFO"')).toBe(2);
  });

  it('skips rows without the field for every comparison, including !=', () => {
    expect(count('filter level != "nothing"')).toBe(7);
    expect(count('filter not (level = "INFO")')).toBe(9);
  });

  it('matches like /regex/, like "substring", not like, =~ and (?i)', () => {
    expect(count('filter @message like /timed out after \\d\\.\\d+ seconds/')).toBe(3);
    expect(count('filter @message like "feature store"')).toBe(2);
    expect(count('filter @message not like /RequestId/')).toBe(11);
    expect(count('filter @message =~ /^\\[ERROR\\]/')).toBe(1);
    expect(count('filter @message like /(?i)modelloadexception/')).toBe(1);
  });

  it('supports in, not in, and, or, not and parentheses', () => {
    expect(count('filter level in ["ERROR", "WARN"]')).toBe(2);
    expect(count('filter level not in ["INFO"]')).toBe(2);
    expect(count('filter (level = "INFO" or level = "WARN") and not latency_ms < 100')).toBe(3);
  });

  it('reads nested JSON keys with dots and JSON booleans as 1/0', () => {
    const events: LogEvent[] = [
      { timestamp: at('09:00:00.000'), message: '{"model":{"version":"v13"},"shadow":true,"tags":["canary","eu"]}', logStream: 's', logGroup: LOG_GROUP },
    ];
    expect(asRecords(runQuery('fields model.version, shadow, tags.1', events))).toEqual([
      { 'model.version': 'v13', shadow: '1', 'tags.1': 'eu', '@ptr': eventPointer(events[0] as LogEvent) },
    ]);
  });

  it('discovers Lambda REPORT fields, memory in bytes', () => {
    const outcome = runQuery('filter @type = "REPORT" | fields @requestId, @duration, @billedDuration, @maxMemoryUsed / 1000 / 1000 as maxMemoryMB, @initDuration', fraudDetectorEvents);
    expect(asRecords(outcome)).toEqual([
      expect.objectContaining({
        '@requestId': '3f2b1c9e-7d4a-4e8b-9c1d-2a3b4c5d6e7f',
        '@duration': '201.45',
        '@billedDuration': '202',
        maxMemoryMB: '312',
        '@initDuration': '812.3',
      }),
    ]);
  });
});

describe('fields and built-in fields', () => {
  it('formats @timestamp and @ingestionTime in UTC with milliseconds, and @log as account:group', () => {
    const outcome = runQuery('fields @timestamp, @ingestionTime, @logStream, @log | limit 1', fraudDetectorEvents, { accountId: '210987654321' });
    expect(asRecords(outcome)[0]).toMatchObject({
      '@timestamp': '2026-11-23 14:11:00.000',
      '@ingestionTime': '2026-11-23 14:11:00.120',
      '@logStream': '2026/11/23/[$LATEST]9a8b7c6d5e4f30211f2e3d4c5b6a7988',
      '@log': '210987654321:/aws/lambda/fraud-detector',
    });
  });

  it('uses account 123456789012 in @log when none is given', () => {
    expect(asRecords(runQuery('fields @log | limit 1', fraudDetectorEvents))[0]?.['@log']).toBe('123456789012:/aws/lambda/fraud-detector');
  });

  it('gives each event the same @ptr every run and different events different ones', () => {
    const first = asRecords(runQuery('fields @message', fraudDetectorEvents)).map((record) => record['@ptr']);
    const second = asRecords(runQuery('filter @message like /./', fraudDetectorEvents)).map((record) => record['@ptr']);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(fraudDetectorEvents.length);
  });

  it('computes aliases and simple functions, formatting numbers without trailing zeros', () => {
    const outcome = runQuery(
      'filter level = "WARN" | fields latency_ms / 1000 as latencySeconds, concat(level, ":", msg) as summary, toupper(model.stage) as stage',
      fraudDetectorEvents,
    );
    expect(asRecords(outcome)[0]).toMatchObject({ latencySeconds: '0.95', summary: 'WARN:feature store slow', stage: 'PROD' });
  });

  it('display chooses the final columns', () => {
    const outcome = runQuery('fields @timestamp, @message, level | filter level = "ERROR" | display level', fraudDetectorEvents);
    expect(outcome.results[0]?.map(({ field }) => field)).toEqual(['level', '@ptr']);
  });

  it('dedup keeps the newest row per value and keeps rows missing the field', () => {
    const outcome = runQuery('fields level | dedup level', fraudDetectorEvents);
    const levels = asRecords(outcome).map((record) => record['level'] ?? '-');
    expect(levels.filter((level) => level !== '-')).toEqual(['INFO', 'ERROR', 'WARN']);
    expect(levels.filter((level) => level === '-')).toHaveLength(7);
  });

  it('aggregates with count_distinct, min, earliest and latest', () => {
    const outcome = runQuery(
      'filter ispresent(level) | stats count_distinct(model.version) as versions, min(latency_ms) as fastest, earliest(msg) as first, latest(model.version) as current',
      fraudDetectorEvents,
    );
    expect(asRecords(outcome)).toEqual([{ versions: '2', fastest: '12.5', first: 'scored transaction', current: 'v13' }]);
  });
});

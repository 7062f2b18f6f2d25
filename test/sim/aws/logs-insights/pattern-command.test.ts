import { describe, expect, it } from 'vitest';
import { runQuery, type LogEvent } from '../../../../src/sim/aws/logs-insights/index.js';
import { asRecords, at, fraudDetectorEvents, LOG_GROUP } from './fraud-detector-log-events.js';

const lines = (...messages: string[]): LogEvent[] =>
  messages.map((message, i) => ({ timestamp: at('14:00:00.000') + i * 1000, message, logStream: 'app', logGroup: LOG_GROUP }));

describe('pattern', () => {
  it('groups "Task timed out" lines with different times, request ids and seconds into one pattern', () => {
    const outcome = runQuery('filter @message like /Task timed out/ | pattern @message', fraudDetectorEvents);
    expect(asRecords(outcome)).toEqual([
      { '@pattern': '<Time-1> <ID-2> Task timed out after <Token-3> seconds', '@ratio': '1', '@sampleCount': '3' },
    ]);
  });

  it('puts the most frequent pattern first, with its share of the lines as @ratio', () => {
    const outcome = runQuery(
      'pattern @message',
      lines(
        'Task timed out after 3.00 seconds',
        'INFO loaded model fraud-v12 in 812 ms',
        'Task timed out after 6.00 seconds',
        'Task timed out after 3.00 seconds',
      ),
    );
    expect(asRecords(outcome)).toEqual([
      { '@pattern': 'Task timed out after <Token-1> seconds', '@ratio': '0.75', '@sampleCount': '3' },
      { '@pattern': 'INFO loaded model fraud-v12 in <Token-1> ms', '@ratio': '0.25', '@sampleCount': '1', '@severityLabel': 'Info' },
    ]);
  });

  it('masks IP addresses, hex ids and quoted strings, and keeps JSON keys as structure', () => {
    const outcome = runQuery(
      'pattern @message',
      lines(
        'connection from 10.0.3.17:443 refused for session 0x7f3a9c',
        'connection from 10.0.9.2:443 refused for session 0x11ab',
        'WARN endpoint "fraud-detector" throttled',
        'WARN endpoint "recsys-ranker" throttled',
        '{"level":"ERROR","latency_ms":2100}',
        '{"level":"ERROR","latency_ms":3000}',
      ),
    );
    // Equal counts keep the order patterns were met in, newest line first.
    expect(asRecords(outcome).map((record) => [record['@pattern'], record['@sampleCount'], record['@severityLabel']])).toEqual([
      ['{"level":<Token-1>,"latency_ms":<Token-2>}', '2', 'Error'],
      ['WARN endpoint <Token-1> throttled', '2', 'Warning'],
      ['connection from <IPAddress-1> refused for session <ID-2>', '2', undefined],
    ]);
  });

  it('keeps lines whose words differ in separate patterns', () => {
    const outcome = runQuery('pattern @message | sort @pattern asc', lines('model loaded', 'model evicted', 'model loaded'));
    expect(asRecords(outcome).map((record) => [record['@pattern'], record['@sampleCount']])).toEqual([
      ['model evicted', '1'],
      ['model loaded', '2'],
    ]);
  });

  it('can be sorted and limited like any result', () => {
    const outcome = runQuery('pattern @message | sort @sampleCount asc | limit 1', lines('a 1', 'a 2', 'b'));
    expect(asRecords(outcome)).toEqual([{ '@pattern': 'b', '@ratio': '0.333333333333333', '@sampleCount': '1' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { clusterMessages, maskMessage } from '../../src/logs/message-clusters.js';

describe('maskMessage', () => {
  it('masks times, request ids and numbers, numbering them left to right', () => {
    expect(maskMessage('2026-11-23T15:04:57.725Z c0a3b7b9-922e-4623-a513-67c1f5ae3f0e Task timed out after 3.00 seconds')).toBe(
      '<Time-1> <ID-2> Task timed out after <Token-3> seconds',
    );
  });

  it('masks addresses, nginx times and quoted strings, but keeps JSON keys and words with digits in them', () => {
    expect(maskMessage('10.0.1.34 - - [23/Nov/2026:15:04:36 +0000] "POST /invocations HTTP/1.1" 200 58')).toBe('<IPAddress-1> - - [<Time-2>] <Token-3> <Token-4> <Token-5>');
    expect(maskMessage('{"errorType":"KeyError"} model fraud-v12 W-9000 0x7f3a9c')).toBe('{"errorType":<Token-1>} model fraud-v12 W-<Token-2> <ID-3>');
  });

  it('masks long ids with at least four digits, not ordinary long words', () => {
    expect(maskMessage('session a1b2c3d4e5 for merchant_id')).toBe('session <ID-1> for merchant_id');
  });
});

describe('clusterMessages', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 15, minute));

  it('groups messages that differ only in masked parts, most frequent first, ties in the order met', () => {
    const patterns = clusterMessages([
      { message: 'INFO loaded model in 812 ms', timestamp: at(1) },
      { message: 'Task timed out after 3.00 seconds', timestamp: at(2) },
      { message: 'Task timed out after 6.00 seconds', timestamp: at(3), logGroup: '/aws/lambda/f' },
      { message: 'ERROR KeyError', timestamp: at(4) },
    ]);
    expect(patterns.map((p) => [p.pattern, p.count, p.ratio, p.severity])).toEqual([
      ['Task timed out after <Token-1> seconds', 2, 0.5, undefined],
      ['INFO loaded model in <Token-1> ms', 1, 0.25, 'Info'],
      ['ERROR KeyError', 1, 0.25, 'Error'],
    ]);
    expect(patterns[0]?.example).toEqual({ message: 'Task timed out after 6.00 seconds', at: at(3), logGroup: '/aws/lambda/f' });
  });

  it('clusters a multi-line message by its first line', () => {
    const trace = (line: number) => `[ERROR] KeyError: 'merchant_id'\nTraceback (most recent call last):\n  File "/var/task/app.py", line ${line}`;
    expect(clusterMessages([{ message: trace(41) }, { message: trace(42) }]).map((p) => [p.pattern, p.count])).toEqual([["[ERROR] KeyError: 'merchant_id'", 2]]);
  });

  it('gives nothing for nothing', () => {
    expect(clusterMessages([])).toEqual([]);
  });
});

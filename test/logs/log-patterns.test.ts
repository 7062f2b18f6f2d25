import { describe, expect, it } from 'vitest';
import { isRuntimeLine, patternMatcher, patternsFromRows, percentText, withExamples } from '../../src/logs/log-patterns.js';

describe('patternsFromRows', () => {
  it('reads @pattern, @sampleCount, @ratio and @severityLabel, most frequent first', () => {
    expect(
      patternsFromRows([
        { '@pattern': 'b <Token-1>', '@sampleCount': '2', '@ratio': '0.2' },
        { '@pattern': 'a', '@sampleCount': '8', '@ratio': '0.8', '@severityLabel': 'Error' },
        { '@sampleCount': '5' },
      ]),
    ).toEqual([
      { pattern: 'a', count: 8, ratio: 0.8, severity: 'Error' },
      { pattern: 'b <Token-1>', count: 2, ratio: 0.2 },
    ]);
  });

  it('works out a missing ratio from the counts', () => {
    expect(patternsFromRows([{ '@pattern': 'a', '@sampleCount': '3' }, { '@pattern': 'b', '@sampleCount': '1' }]).map((p) => p.ratio)).toEqual([0.75, 0.25]);
  });
});

describe('patternMatcher', () => {
  it('matches the lines a pattern stands for, tokens as any text, literal parts exactly', () => {
    const matcher = patternMatcher('<Time-1> <ID-2> Task timed out after <Token-3> seconds');
    expect(matcher.test('2026-11-23T15:04:57.725Z c0a3b7b9 Task timed out after 3.00 seconds')).toBe(true);
    expect(matcher.test('2026-11-23T15:04:57.725Z c0a3b7b9 Task finished after 3.00 seconds')).toBe(false);
    expect(patternMatcher('dtype(<Token-2>).').test("dtype('float32').")).toBe(true);
    expect(patternMatcher('a.b [x] <*>').test('a.b [x] anything')).toBe(true);
    expect(patternMatcher('a.b').test('axb')).toBe(false);
  });
});

describe('withExamples', () => {
  it('gives each pattern the first matching line, and none when no line matches', () => {
    const lines = [{ message: 'Task timed out after 3.00 seconds', at: new Date(2) }, { message: 'Task timed out after 6.00 seconds', at: new Date(1) }];
    const [timeouts, other] = withExamples(
      [
        { pattern: 'Task timed out after <Token-1> seconds', count: 2, ratio: 1 },
        { pattern: 'model loaded', count: 1, ratio: 0 },
      ],
      lines,
    );
    expect(timeouts?.example).toEqual(lines[0]);
    expect(other?.example).toBeUndefined();
  });
});

describe('runtime lines and percentages', () => {
  it('recognises the Lambda runtime’s own lines', () => {
    expect(isRuntimeLine('START RequestId: 1f41 Version: $LATEST')).toBe(true);
    expect(isRuntimeLine('REPORT RequestId: 1f41\tDuration: 3000.00 ms')).toBe(true);
    expect(isRuntimeLine('INIT_START Runtime Version: python:3.12')).toBe(true);
    expect(isRuntimeLine('2026-11-23T15:04:57Z 1f41 Task timed out after 3.00 seconds')).toBe(false);
  });

  it('writes shares readably', () => {
    expect([0.4695, 0.088, 0.0005, 0, 1].map(percentText)).toEqual(['47%', '8.8%', '< 0.1%', '0%', '100%']);
  });
});

import { describe, expect, it } from 'vitest';
import { FilterPatternError, parseFilterPattern } from '../../../../../src/sim/aws/services/logs/filter-pattern.js';

const matches = (pattern: string, message: string) => parseFilterPattern(pattern)(message);

describe('filter patterns', () => {
  it('an empty pattern matches everything', () => {
    expect(matches('', 'anything')).toBe(true);
    expect(parseFilterPattern(undefined)('x')).toBe(true);
  });

  it('terms are case-sensitive substrings that must all appear; phrases keep their spaces', () => {
    expect(matches('ERROR merchant_id', "[ERROR] KeyError: 'merchant_id'")).toBe(true);
    expect(matches('error', '[ERROR] boom')).toBe(false);
    expect(matches('"timed out"', 'Task timed out after 3.00 seconds')).toBe(true);
    expect(matches('"timed  out"', 'Task timed out after 3.00 seconds')).toBe(false);
  });

  it('?terms match any one of them; -terms exclude', () => {
    expect(matches('?WARN ?ERROR', 'x WARN y')).toBe(true);
    expect(matches('?WARN ?ERROR', 'x INFO y')).toBe(false);
    expect(matches('ERROR -KeyError', 'ERROR ValueError')).toBe(true);
    expect(matches('ERROR -KeyError', 'ERROR KeyError')).toBe(false);
    expect(() => parseFilterPattern('?WARN ERROR')).toThrow(/mixing \?terms/);
  });

  it('JSON patterns compare strings (with * wildcards) and numbers at nested selectors', () => {
    const line = JSON.stringify({ level: 'ERROR', latency_ms: 1500, model: { version: 'fraud-v12' } });
    expect(matches('{ $.level = "ERROR" }', line)).toBe(true);
    expect(matches('{ $.level != "ERROR" }', line)).toBe(false);
    expect(matches('{ $.latency_ms > 1000 }', line)).toBe(true);
    expect(matches('{ $.latency_ms <= 1000 }', line)).toBe(false);
    expect(matches('{ $.model.version = "fraud-*" }', line)).toBe(true);
    expect(matches('{ ($.level = "WARN" || $.latency_ms >= 1500) && $.model.version = "fraud-v12" }', line)).toBe(true);
    expect(matches('{ $.missing = "x" }', line)).toBe(false);
    expect(matches('{ $.level = "ERROR" }', 'ERROR not json')).toBe(false);
  });

  it('refuses unsupported syntax by name instead of guessing', () => {
    expect(() => parseFilterPattern('[ip, user]')).toThrow(FilterPatternError);
    expect(() => parseFilterPattern('%ERR.R%')).toThrow(/regular-expression/);
    expect(() => parseFilterPattern('{ $.tags[0] = "a" }')).toThrow(/array selectors/);
    expect(() => parseFilterPattern('{ $.level > "a" }')).toThrow(/> with a string value/);
    expect(() => parseFilterPattern('{ $.level = "a"')).toThrow(/must end with }/);
    expect(() => parseFilterPattern('a=b')).toThrow(/Invalid character\(s\) in term 'a=b'/);
  });
});

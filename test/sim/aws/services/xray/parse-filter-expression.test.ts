import { describe, expect, it } from 'vitest';
import { FilterExpressionError, parseFilterExpression } from '../../../../../src/sim/aws/services/xray/parse-filter-expression.js';

describe('X-Ray filter expressions', () => {
  it('reads service() with braces, comparisons and annotations', () => {
    expect(parseFilterExpression('service("fraud-preprocess") { fault }')).toEqual({ kind: 'service', name: 'fraud-preprocess', inner: { kind: 'flag', flag: 'fault' } });
    expect(parseFilterExpression('responsetime >= 1.5')).toEqual({ kind: 'compare', field: 'responsetime', op: '>=', value: 1.5 });
    expect(parseFilterExpression('annotation.endpoint_name = "fraud-detector"')).toEqual({ kind: 'annotation', key: 'endpoint_name', op: '=', value: 'fraud-detector' });
  });

  it('binds NOT tighter than AND, and AND tighter than OR; keywords are case-insensitive', () => {
    expect(parseFilterExpression('fault or NOT error And throttle')).toEqual({
      kind: 'or',
      left: { kind: 'flag', flag: 'fault' },
      right: { kind: 'and', left: { kind: 'not', operand: { kind: 'flag', flag: 'error' } }, right: { kind: 'flag', flag: 'throttle' } },
    });
    expect(parseFilterExpression('!(ok)')).toEqual({ kind: 'not', operand: { kind: 'flag', flag: 'ok' } });
  });

  it('names what it does not support, and where', () => {
    expect(() => parseFilterExpression('user = "alice"')).toThrow(/does not support "user" at character 1/);
    expect(() => parseFilterExpression('rootcause.fault.service { name = "x" }')).toThrow(/"rootcause.fault.service"/);
    expect(() => parseFilterExpression('service("a") { duration > 1 }')).toThrow(/"duration" inside \{ \}/);
    expect(() => parseFilterExpression('http.url CONTAINS "score"')).toThrow(/expected a comparison/);
    expect(() => parseFilterExpression('http.method > "POST"')).toThrow(/only = and !=/);
    expect(() => parseFilterExpression('(fault')).toThrow(FilterExpressionError);
    expect(() => parseFilterExpression('fault error')).toThrow(/unexpected "error" after a complete expression/);
    expect(() => parseFilterExpression('   ')).toThrow(/empty/);
  });
});

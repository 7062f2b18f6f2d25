import { describe, expect, it } from 'vitest';
import { parseQuery, QuerySyntaxError, runQuery } from '../../../../src/sim/aws/logs-insights/index.js';

function syntaxErrorOf(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a QuerySyntaxError for: ${query}`);
}

describe('QuerySyntaxError', () => {
  it('names an unsupported function and where it is, like the service', () => {
    const error = syntaxErrorOf('stats sum_over_time(latency_ms) by bin(5m)');
    expect(error.message).toMatch(/^unexpected symbol found sum_over_time at line 1 and column 7: function sum_over_time is not supported/);
    expect(error.message).toContain('pct');
    expect({ line: error.line, column: error.column, code: error.code }).toEqual({ line: 1, column: 7, code: 'MalformedQueryException' });
  });

  it('names a service command the simulator refuses, such as lookup', () => {
    const error = syntaxErrorOf('fields @timestamp, userId\n| lookup users userId OUTPUT team');
    expect(error.message).toMatch(/^unexpected symbol found lookup at line 2 and column 3: the lookup command is not supported/);
    expect(error.message).toContain('supported commands: fields, filter, stats');
  });

  it('points at the start of an unclosed regular expression', () => {
    const error = syntaxErrorOf('filter @message like /ERROR|Exception');
    expect(error.message).toMatch(/^unterminated regular expression at line 1 and column 22/);
  });

  it('reports a regular expression JavaScript cannot compile instead of guessing', () => {
    expect(syntaxErrorOf('filter @message like /(unbalanced/').message).toMatch(/^unexpected symbol found \/\(unbalanced\/ at line 1 and column 22: invalid regular expression/);
  });

  it('rejects what would otherwise be answered wrongly', () => {
    const cases: [query: string, detail: RegExp][] = [
      ['stats count(*) by bin(1w)', /time unit w is not supported/],
      ['stats latency_ms by level', /latency_ms must be inside a stats function/],
      ['filter avg(latency_ms) > 100', /avg\(\) is a stats function and can only be used in stats/],
      ['stats avg(max(latency_ms))', /cannot be nested/],
      ['stats pct(latency_ms, 150)', /must be a number from 0 to 100/],
      ['limit 20000', /limit takes a whole number from 1 to 10000/],
      ['fields @message | dedup @logStream | sort @timestamp desc', /only limit may follow dedup/],
      ['parse @message "* *" as onlyOne', /2 \* wildcard\(s\) but 1 field name/],
      ['parse @message /no named groups/', /needs named groups/],
      ['fields @message | sort', /unexpected end of query/],
      ['fields @message filter x = 1', /expected \| before the next command/],
      ['', /empty query/],
    ];
    for (const [query, detail] of cases) expect(syntaxErrorOf(query).message, query).toMatch(detail);
  });

  it('runQuery with a query string throws the same error before reading any event', () => {
    const events = {
      [Symbol.iterator]: () => {
        throw new Error('events were read');
      },
    };
    expect(() => runQuery('fields @message | unnest items', events)).toThrow(QuerySyntaxError);
  });
});

import { describe, expect, it } from 'vitest';
import { tokenizeCommandLine } from '../../src/command/command-line.js';
import { UsageError } from '../../src/command/command-errors.js';

const words = (text: string) => tokenizeCommandLine(text).map((t) => t.value);

describe('tokenizeCommandLine', () => {
  it('splits on any whitespace', () => {
    expect(words('  latency   fraud-detector\t--since 3h ')).toEqual(['latency', 'fraud-detector', '--since', '3h']);
  });

  it('groups quoted words, including the typographic quotes Slack clients insert', () => {
    expect(words(`logs "a b" 'c d' “e f” ‘g h’`)).toEqual(['logs', 'a b', 'c d', 'e f', 'g h']);
  });

  it('records where each word starts, for rest-of-line arguments', () => {
    expect(tokenizeCommandLine('logs x fields @message').map((t) => t.start)).toEqual([0, 5, 7, 14]);
  });

  it('refuses an unclosed quote with its position', () => {
    expect(() => tokenizeCommandLine('logs "abc')).toThrow(/unclosed quote " at position 6/);
  });

  it('refuses control and bidi-override characters instead of passing them on', () => {
    expect(() => tokenizeCommandLine('latency fraud\u0007')).toThrow(UsageError);
    expect(() => tokenizeCommandLine('latency \u202Efraud')).toThrow(/U\+202E/);
  });

  it('refuses a 100 KB command line', () => {
    expect(() => tokenizeCommandLine('x'.repeat(100_000))).toThrow(/limit is 8,000/);
  });

  it('returns nothing for an empty line', () => {
    expect(tokenizeCommandLine('   ')).toEqual([]);
  });
});

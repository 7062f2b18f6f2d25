import { UsageError } from './command-errors.js';

/** One word of a command line, with where it starts in the raw text (for rest-of-line arguments). */
export interface Token {
  value: string;
  start: number;
}

/** Slack clients turn typed quotes into typographic ones; both must group words. */
const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '”': '”', '‘': '’', '’': '’' };

/** Longer than any sensible command; Slack itself caps slash command text near 4,000 characters. */
export const MAX_COMMAND_LINE_LENGTH = 8_000;

// C0 and C1 control characters except tab and newline, and bidi overrides that can disguise text.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

export function tokenizeCommandLine(text: string): Token[] {
  if (text.length > MAX_COMMAND_LINE_LENGTH) {
    throw new UsageError(
      `the command is ${text.length.toLocaleString('en-US')} characters long; the limit is ${MAX_COMMAND_LINE_LENGTH.toLocaleString('en-US')}`,
    );
  }
  const forbidden = FORBIDDEN_CHARACTERS.exec(text);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new UsageError(`the command contains an invisible control character (U+${code}) at position ${forbidden.index + 1}; retype it without pasting`);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/u.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    while (i < text.length && !/\s/u.test(text[i]!)) {
      const closing = QUOTE_PAIRS[text[i]!];
      if (closing) {
        const close = text.indexOf(closing, i + 1);
        if (close < 0) throw new UsageError(`unclosed quote ${text[i]} at position ${i + 1}`);
        value += text.slice(i + 1, close);
        i = close + 1;
      } else {
        value += text[i];
        i++;
      }
    }
    tokens.push({ value, start });
  }
  return tokens;
}

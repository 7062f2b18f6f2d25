import { describe, expect, it } from 'vitest';
import { stripControlCharacters } from '../../src/reply/control-characters.js';
import { parseInlineMarkup, plainTextOf } from '../../src/reply/inline-markup.js';

describe('parseInlineMarkup', () => {
  it('recognises bold, italic, code and links', () => {
    expect(parseInlineMarkup('*p99* is _high_ on `fraud` <https://x.io/a|dash>')).toEqual([
      { kind: 'bold', text: 'p99' },
      { kind: 'plain', text: ' is ' },
      { kind: 'italic', text: 'high' },
      { kind: 'plain', text: ' on ' },
      { kind: 'code', text: 'fraud' },
      { kind: 'plain', text: ' ' },
      { kind: 'link', url: 'https://x.io/a', label: 'dash' },
    ]);
  });

  it('leaves underscores inside names and lone asterisks alone', () => {
    expect(plainTextOf('feature_baseline_drift_age and 2*3*4')).toBe('feature_baseline_drift_age and 2*3*4');
  });

  it('does not treat non-http links as links', () => {
    expect(parseInlineMarkup('<javascript:alert(1)|x>')).toEqual([{ kind: 'plain', text: '<javascript:alert(1)|x>' }]);
  });
});

describe('plainTextOf', () => {
  it('removes markup, keeping link labels or labels with URLs', () => {
    expect(plainTextOf('*Latency* on _fraud_ <https://x.io|dashboard>')).toBe('Latency on fraud dashboard');
    expect(plainTextOf('see <https://x.io|dashboard>', { links: 'label-and-url' })).toBe('see dashboard (https://x.io)');
  });
});

describe('stripControlCharacters', () => {
  it('removes escape sequences, NUL, bell and bidi overrides but keeps newlines', () => {
    expect(stripControlCharacters('a\u001b[1;31mb\u001b[0m\u0000\u0007\u202ec\r\nd')).toBe('abc\nd');
  });

  it('turns line breaks into spaces for one-line places', () => {
    expect(stripControlCharacters('a\nb\u2028c', 'space')).toBe('a b c');
  });
});

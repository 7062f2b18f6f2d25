/**
 * The inline markup of `Reply` strings (`*bold*`, `_italic_`, `` `code` ``,
 * `<https://url|label>`), parsed for transports that cannot show it as Slack does.
 */

export type InlineSpan =
  | { kind: 'plain' | 'bold' | 'italic' | 'code'; text: string }
  | { kind: 'link'; url: string; label: string };

// Emphasis must sit at word boundaries, as in Slack, so `p99_latency_ms` and `2*3*4` stay literal.
const TOKEN = new RegExp(
  [
    '`([^`\\n]+)`',
    '<(https?://[^\\s<>|]+)(?:\\|([^<>\\n]*))?>',
    '(?<![\\p{L}\\p{N}*])\\*(?=[^*\\s])([^*\\n]*?[^*\\s])\\*(?![\\p{L}\\p{N}*])',
    '(?<![\\p{L}\\p{N}_])_(?=[^_\\s])([^_\\n]*?[^_\\s])_(?![\\p{L}\\p{N}_])',
  ].join('|'),
  'gu',
);

export function parseInlineMarkup(markup: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  let last = 0;
  for (const match of markup.matchAll(TOKEN)) {
    const start = match.index ?? 0;
    if (start > last) spans.push({ kind: 'plain', text: markup.slice(last, start) });
    const [, code, url, label, bold, italic] = match;
    if (code !== undefined) spans.push({ kind: 'code', text: code });
    else if (url !== undefined) spans.push({ kind: 'link', url, label: label || url });
    else if (bold !== undefined) spans.push({ kind: 'bold', text: bold });
    else if (italic !== undefined) spans.push({ kind: 'italic', text: italic });
    last = start + match[0].length;
  }
  if (last < markup.length) spans.push({ kind: 'plain', text: markup.slice(last) });
  return spans;
}

export interface PlainTextOptions {
  /** `label` for places where a URL is noise (a header), `label-and-url` to keep it visible. */
  links?: 'label' | 'label-and-url';
}

/** The text a reader sees, without markup characters. */
export function plainTextOf(markup: string, options: PlainTextOptions = {}): string {
  return parseInlineMarkup(markup)
    .map((span) => {
      switch (span.kind) {
        case 'bold':
        case 'italic':
          return plainTextOf(span.text, options);
        case 'link':
          return options.links === 'label-and-url' && span.label !== span.url
            ? `${span.label} (${span.url})`
            : span.label;
        default:
          return span.text;
      }
    })
    .join('');
}

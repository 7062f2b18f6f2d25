import { stripControlCharacters } from '../reply/control-characters.js';
import { parseInlineMarkup, plainTextOf } from '../reply/inline-markup.js';
import type { Action, Chart, Field, Reply, ReplyPart, Sparkline, Table, Tone } from '../reply/reply.js';
import { latestValueText, sparklineText, DEFAULT_SPARKLINE_WIDTH } from '../reply/sparkline-text.js';
import { displayWidth, formatTableLines, hiddenRowCount, moreRowsLine } from '../reply/table-text.js';

export interface TextRenderOptions {
  /** ANSI styling; off by default so output is plain when piped or tested. */
  color?: boolean;
  /** Terminal columns available, for tables and sparklines. */
  width?: number;
}

const DEFAULT_WIDTH = 100;
const MAX_CELL_WIDTH = 60;

// Each style is switched off by its own code (not a full reset) so styles can nest.
const STYLE = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  italic: ['\u001b[3m', '\u001b[23m'],
  underline: ['\u001b[4m', '\u001b[24m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  red: ['\u001b[31m', '\u001b[39m'],
  blue: ['\u001b[34m', '\u001b[39m'],
} as const;
type Style = keyof typeof STYLE;

const NOTE_SYMBOL: Record<Tone, { symbol: string; style: Style }> = {
  info: { symbol: 'i', style: 'blue' },
  ok: { symbol: '✓', style: 'green' },
  warning: { symbol: '!', style: 'yellow' },
  problem: { symbol: '✗', style: 'red' },
};

/** A reply as terminal text: what `mlobs` prints for a command run from a shell. */
export function renderText(reply: Reply, options: TextRenderOptions = {}): string {
  const out = new TextOutput(options.color ?? false, Math.max(20, options.width ?? DEFAULT_WIDTH));
  return out.reply(reply);
}

class TextOutput {
  constructor(
    private readonly color: boolean,
    private readonly width: number,
  ) {}

  reply(reply: Reply): string {
    const top: string[] = [];
    // Plain inside: a nested bold would switch the heading's own bold off half-way.
    const heading = plainTextOf(oneLine(reply.heading), { links: 'label-and-url' });
    if (heading) top.push(this.paint(['bold', 'underline'], heading));
    if (reply.context?.trim()) top.push(this.paint(['dim'], this.inline(clean(reply.context))));
    const chunks = [top.join('\n'), ...reply.parts.map((part) => this.part(part))];
    return chunks.filter((chunk) => chunk !== '').join('\n\n');
  }

  private part(part: ReplyPart): string {
    switch (part.kind) {
      case 'text':
        return this.inline(clean(part.text));
      case 'fields':
        return this.fields(part.fields);
      case 'table':
        return this.table(part.table);
      case 'chart':
        return this.chart(part.chart);
      case 'sparkline':
        return this.sparkline(part.sparkline);
      case 'note':
        return this.note(part.tone, part.text);
      case 'actions':
        return this.actions(part.actions);
      case 'divider':
        return this.paint(['dim'], '─'.repeat(Math.min(this.width, 40)));
    }
  }

  private fields(fields: readonly Field[]): string {
    const labels = fields.map((field) => `${this.inline(oneLine(field.label))}:`);
    const labelWidth = Math.max(0, ...labels.map(visibleWidth));
    return fields
      .map((field, i) => {
        const label = labels[i] ?? '';
        const padding = ' '.repeat(labelWidth - visibleWidth(label) + 1);
        const continuation = `\n${' '.repeat(labelWidth + 1)}`;
        const value = this.inline(clean(field.value)).split('\n').join(continuation);
        return `${this.paint(['bold'], label)}${padding}${value}`.trimEnd();
      })
      .join('\n');
  }

  private table(table: Table): string {
    const lines = formatTableLines(table, { maxWidth: this.width, maxCellWidth: MAX_CELL_WIDTH });
    const [header, rule, ...rows] = lines;
    const out: string[] = [];
    if (header !== undefined) out.push(this.paint(['bold'], header));
    if (rule !== undefined) out.push(this.paint(['dim'], rule));
    out.push(...rows);
    const hidden = hiddenRowCount(table, table.rows.length);
    if (hidden > 0) out.push(this.paint(['dim'], moreRowsLine(hidden)));
    else if (table.rows.length === 0) out.push(this.paint(['dim'], '(no rows)'));
    return out.join('\n');
  }

  private chart(chart: Chart): string {
    const title = this.inline(oneLine(chart.title)) || 'Chart';
    const lines = [`📈 ${title}: ${oneLine(chart.imageUrl)}`];
    const altText = clean(chart.altText).trim();
    if (altText) lines.push(this.paint(['dim'], `   ${altText.split('\n').join('\n   ')}`));
    return lines.join('\n');
  }

  private sparkline(sparkline: Sparkline): string {
    const label = this.inline(oneLine(sparkline.label));
    const latest = oneLine(latestValueText(sparkline));
    const room = this.width - visibleWidth(label) - displayWidth(latest) - 4;
    const spark = sparklineText(sparkline.values, Math.max(10, Math.min(DEFAULT_SPARKLINE_WIDTH, room)));
    return [label, this.paint(['cyan'], spark), latest].filter((piece) => piece !== '').join('  ');
  }

  private note(tone: Tone, text: string): string {
    const { symbol, style } = NOTE_SYMBOL[tone];
    const body = this.inline(clean(text)).split('\n').join('\n  ');
    return `${this.paint([style, 'bold'], symbol)} ${body}`;
  }

  /** Buttons become the command that does the same thing; link buttons show their URL. */
  private actions(actions: readonly Action[]): string {
    return actions
      .flatMap((action) => {
        const target = action.command ?? action.url;
        if (!target) return [];
        const label = this.inline(oneLine(action.label)) || oneLine(action.id);
        return [`→ ${label}: ${this.paint(['cyan'], oneLine(target))}`];
      })
      .join('\n');
  }

  /** Inline markup as ANSI styles (or nothing), links as `label (url)`. */
  private inline(markup: string): string {
    return parseInlineMarkup(markup)
      .map((span) => {
        switch (span.kind) {
          case 'plain':
            return span.text;
          case 'bold':
            return this.paint(['bold'], this.inline(span.text));
          case 'italic':
            return this.paint(['italic'], this.inline(span.text));
          case 'code':
            return this.paint(['cyan'], span.text);
          case 'link':
            return span.label === span.url ? span.url : `${span.label} (${span.url})`;
        }
      })
      .join('');
  }

  private paint(styles: readonly Style[], text: string): string {
    if (!this.color || text === '') return text;
    const on = styles.map((style) => STYLE[style][0]).join('');
    const off = styles.map((style) => STYLE[style][1]).reverse().join('');
    return `${on}${text}${off}`;
  }
}

function clean(value: string): string {
  return stripControlCharacters(value, 'keep');
}

function oneLine(value: string): string {
  return stripControlCharacters(value, 'space').trim();
}

const ANSI_STYLE = /\u001b\[[0-9;]*m/g;

function visibleWidth(text: string): number {
  return displayWidth(text.replace(ANSI_STYLE, ''));
}

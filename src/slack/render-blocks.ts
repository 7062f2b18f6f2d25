import type { types } from '@slack/bolt';
import { stripControlCharacters } from '../reply/control-characters.js';
import { plainTextOf } from '../reply/inline-markup.js';
import { summaryOf } from '../reply/reply.js';
import type { Chart, Field, Reply, ReplyPart, Sparkline, Table, Tone } from '../reply/reply.js';
import { latestValueText, sparklineText } from '../reply/sparkline-text.js';
import { actionBlocks, isHttpUrl, plainLine } from './action-blocks.js';
import { SLACK_LIMITS, blocksCharacterCount } from './block-limits.js';
import { chunkAtoms, mrkdwnAtoms, truncateMrkdwn, truncatePlain } from './mrkdwn.js';
import type { MrkdwnAtom } from './mrkdwn.js';
import { tableSections } from './table-sections.js';

type KnownBlock = types.KnownBlock;

export interface SlackMessage {
  /** The notification and screen-reader fallback: never empty. */
  text: string;
  blocks: KnownBlock[];
}

const NOTE_EMOJI: Record<Tone, string> = {
  info: ':information_source:',
  ok: ':white_check_mark:',
  warning: ':warning:',
  problem: ':x:',
};

const MIN_TEXT_CHARACTERS = 200;

/**
 * What a reply part becomes before the budget is applied: finished blocks, or a text or a
 * table whose length the budget may still cut.
 */
type Piece =
  | { kind: 'blocks'; blocks: KnownBlock[] }
  | { kind: 'text'; prefix: string; atoms: MrkdwnAtom[] }
  | { kind: 'fields'; fields: readonly Field[] }
  | { kind: 'table'; table: Table };

interface Caps {
  tableRows: number;
  textCharacters: number;
  /** Blocks shown before the "more blocks not shown" notice, when the budget needs one. */
  keptBlocks: number;
}

export interface RenderOptions {
  /**
   * `image` (default): a chart is an image block linking its QuickChart URL. `caption`: only its
   * title and alt text, for `charts.mode: upload`, where the image is uploaded on its own and
   * its URL (which carries the data) must not reach Slack.
   */
  charts?: 'image' | 'caption';
}

/** A reply as Block Kit, within every Slack limit in `SLACK_LIMITS`. */
export function renderBlocks(reply: Reply, options: RenderOptions = {}): SlackMessage {
  return { text: fallbackText(reply), blocks: fitToBudget(piecesOf(reply, options)) };
}

/**
 * Shrinks tables first (rows are the cheapest to lose and are counted in `… N more rows`),
 * then long texts and field values, and as a last resort drops trailing blocks, until the
 * message fits.
 */
function fitToBudget(pieces: readonly Piece[]): KnownBlock[] {
  const caps: Caps = {
    tableRows: Math.max(0, ...pieces.map((p) => (p.kind === 'table' ? p.table.rows.length : 0))),
    textCharacters: Math.max(0, ...pieces.map(textLength)),
    keptBlocks: SLACK_LIMITS.blocksPerMessage,
  };
  const fits = (candidate: Caps): boolean =>
    blocksCharacterCount(layout(pieces, candidate)) <= SLACK_LIMITS.messageBlockCharacters;
  // Searched upwards from zero rather than tried whole first: a 10,000-row table is
  // expensive to lay out and only a few dozen rows ever fit.
  if (caps.tableRows > 0) caps.tableRows = largestFitting(0, caps.tableRows, (tableRows) => fits({ ...caps, tableRows }));
  if (!fits(caps)) {
    caps.textCharacters = largestFitting(MIN_TEXT_CHARACTERS, caps.textCharacters, (textCharacters) =>
      fits({ ...caps, textCharacters }),
    );
  }
  if (!fits(caps)) {
    caps.keptBlocks = largestFitting(0, SLACK_LIMITS.blocksPerMessage - 1, (keptBlocks) => fits({ ...caps, keptBlocks }));
  }
  return layout(pieces, caps);
}

/**
 * The largest value in [low, high] that fits, or `low` when none does (sizes grow with the
 * value). Gallops up from `low`, then bisects, so the cost follows the answer, not `high`.
 */
function largestFitting(low: number, high: number, fits: (value: number) => boolean): number {
  if (high <= low || !fits(low)) return low;
  let good = low;
  let bad = high + 1;
  for (let step = 1; good + step <= high; step *= 2) {
    if (!fits(good + step)) {
      bad = good + step;
      break;
    }
    good += step;
  }
  if (bad === high + 1 && good < high) {
    if (fits(high)) return high;
    bad = high;
  }
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (fits(middle)) good = middle;
    else bad = middle;
  }
  return good;
}

function layout(pieces: readonly Piece[], caps: Caps): KnownBlock[] {
  const blocks = pieces.flatMap((piece): KnownBlock[] => {
    switch (piece.kind) {
      case 'blocks':
        return piece.blocks;
      case 'text':
        return textSections(piece.prefix, piece.atoms, caps.textCharacters);
      case 'fields':
        return fieldSections(piece.fields, caps.textCharacters);
      case 'table':
        return tableSections(piece.table, caps.tableRows);
    }
  });
  const overLimit = blocks.length > SLACK_LIMITS.blocksPerMessage;
  const keep = Math.min(caps.keptBlocks, overLimit ? SLACK_LIMITS.blocksPerMessage - 1 : blocks.length);
  if (keep >= blocks.length) return blocks;
  const kept = blocks.slice(0, keep);
  const hidden = blocks.length - keep;
  const noun = hidden === 1 ? 'block' : 'blocks';
  return [...kept, contextBlock(`… ${hidden} more ${noun} not shown — ask with a narrower range`)];
}

function piecesOf(reply: Reply, options: RenderOptions): Piece[] {
  const usedActionIds = new Set<string>();
  const pieces: Piece[] = [];
  const heading = plainLine(reply.heading);
  if (heading) {
    const header: KnownBlock = {
      type: 'header',
      text: { type: 'plain_text', text: truncatePlain(heading, SLACK_LIMITS.headerText), emoji: true },
    };
    pieces.push({ kind: 'blocks', blocks: [header] });
  }
  const context = truncateMrkdwn(reply.context ?? '', SLACK_LIMITS.contextText);
  if (context.trim()) pieces.push({ kind: 'blocks', blocks: [contextBlock(context)] });
  for (const part of reply.parts) pieces.push(pieceOf(part, usedActionIds, options));
  return pieces;
}

function pieceOf(part: ReplyPart, usedActionIds: Set<string>, options: RenderOptions): Piece {
  const blocks = (...list: KnownBlock[]): Piece => ({ kind: 'blocks', blocks: list });
  switch (part.kind) {
    case 'text':
      return { kind: 'text', prefix: '', atoms: mrkdwnAtoms(part.text) };
    case 'note':
      return { kind: 'text', prefix: `${NOTE_EMOJI[part.tone]} `, atoms: mrkdwnAtoms(part.text) };
    case 'fields':
      return { kind: 'fields', fields: part.fields };
    case 'table':
      return { kind: 'table', table: part.table };
    case 'chart':
      return blocks(options.charts === 'caption' ? chartCaption(part.chart) : chartBlock(part.chart));
    case 'sparkline':
      return blocks(sparklineSection(part.sparkline));
    case 'actions':
      return blocks(...actionBlocks(part.actions, usedActionIds));
    case 'divider':
      return blocks({ type: 'divider' });
  }
}

function textSections(prefix: string, atoms: readonly MrkdwnAtom[], maxCharacters: number): KnownBlock[] {
  const total = sourceLength(atoms);
  let shown: readonly MrkdwnAtom[] = atoms;
  if (total > maxCharacters) {
    const kept: MrkdwnAtom[] = [];
    let keptLength = 0;
    for (const atom of atoms) {
      if (keptLength + atom.sourceLength > maxCharacters) break;
      kept.push(atom);
      keptLength += atom.sourceLength;
    }
    const hidden = (total - keptLength).toLocaleString('en-US');
    shown = [...kept, { text: `\n… ${hidden} more characters not shown`, sourceLength: 0 }];
  }
  if (shown.length === 0) return prefix ? [section(prefix.trim())] : [];
  const all = prefix ? [{ text: prefix, sourceLength: 0 }, ...shown] : shown;
  return chunkAtoms(all, SLACK_LIMITS.sectionText).map(section);
}

function fieldSections(fields: readonly Field[], maxValueCharacters: number): KnownBlock[] {
  const texts = fields.map((field) => fieldText(field, maxValueCharacters));
  const sections: KnownBlock[] = [];
  for (let i = 0; i < texts.length; i += SLACK_LIMITS.sectionFields) {
    const chunk = texts.slice(i, i + SLACK_LIMITS.sectionFields);
    sections.push({ type: 'section', fields: chunk.map((text) => ({ type: 'mrkdwn', text })) });
  }
  return sections;
}

const MAX_FIELD_LABEL = 200;

function fieldText(field: Field, maxValueCharacters: number): string {
  const label = truncateMrkdwn(stripControlCharacters(field.label, 'space').trim(), MAX_FIELD_LABEL);
  const head = label ? `*${label}*` : '';
  const value = truncateMrkdwn(field.value, Math.min(maxValueCharacters, SLACK_LIMITS.fieldText - head.length - 1));
  return [head, value].filter((text) => text.trim() !== '').join('\n') || '—';
}

function chartBlock(chart: Chart): KnownBlock {
  const title = plainLine(chart.title);
  const altText = plainLine(chart.altText) || title || 'chart';
  if (isHttpUrl(chart.imageUrl) && chart.imageUrl.length <= SLACK_LIMITS.imageUrl) {
    const image: KnownBlock = {
      type: 'image',
      image_url: chart.imageUrl,
      alt_text: truncatePlain(altText, SLACK_LIMITS.imageAltText),
    };
    if (title) image.title = { type: 'plain_text', text: truncatePlain(title, SLACK_LIMITS.imageTitle) };
    return image;
  }
  const why = isHttpUrl(chart.imageUrl) ? 'is too large to link' : 'has no web link';
  const titled = title ? `*${title}*: the chart` : 'The chart';
  return section(truncateMrkdwn(`:chart_with_upwards_trend: ${titled} ${why}. ${altText}`, SLACK_LIMITS.sectionText));
}

function chartCaption(chart: Chart): KnownBlock {
  const title = plainLine(chart.title);
  const altText = plainLine(chart.altText);
  const words = [title ? `*${title}*` : 'Chart', altText].filter((text) => text !== '').join(': ');
  return contextBlock(truncateMrkdwn(`:chart_with_upwards_trend: ${words}`, SLACK_LIMITS.contextText));
}

function sparklineSection(sparkline: Sparkline): KnownBlock {
  const label = stripControlCharacters(sparkline.label, 'space');
  const line = `${label}  ${sparklineText(sparkline.values)}  ${latestValueText(sparkline)}`;
  return section(truncateMrkdwn(line, SLACK_LIMITS.sectionText));
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function contextBlock(mrkdwn: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn }] };
}

/** The summary plus the first note, as escaped text: notifications show mentions too. */
function fallbackText(reply: Reply): string {
  const firstNote = reply.parts.find((part) => part.kind === 'note');
  const lines = [summaryOf(reply), firstNote?.text ?? '']
    .map((line) => plainTextOf(stripControlCharacters(line), { links: 'label-and-url' }).trim())
    .filter((line) => line !== '');
  return truncateMrkdwn(lines.join('\n'), SLACK_LIMITS.fallbackText, 'escape') || 'mlobs answer';
}

/** How long a shrinkable text is: a text's characters, or a fields part's longest value. */
function textLength(piece: Piece): number {
  if (piece.kind === 'text') return sourceLength(piece.atoms);
  if (piece.kind === 'fields') return Math.max(0, ...piece.fields.map((field) => field.value.length));
  return 0;
}

function sourceLength(atoms: readonly MrkdwnAtom[]): number {
  return atoms.reduce((sum, atom) => sum + atom.sourceLength, 0);
}

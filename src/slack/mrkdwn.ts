import { stripControlCharacters } from '../reply/control-characters.js';

/**
 * Slack mrkdwn escaping. Data strings may contain `<!channel>`, `<@U123>` or
 * `<javascript:…|x>`; only `&`, `<` and `>` need escaping, and only http(s) links written
 * as `<url|label>` are let through, so no mention or special command can come from data.
 */

/** A piece of escaped mrkdwn that must not be split: a whole link, or one character. */
export interface MrkdwnAtom {
  text: string;
  /** Characters of the source string this atom stands for (for "N more characters"). */
  sourceLength: number;
}

// A link longer than a section could hold is shown as text rather than split in two.
const MAX_LINK_LENGTH = 2_000;
const LINK = /<(https?:\/\/[^\s<>|]+)(?:\|([^<>\n]*))?>/g;

export function escapeMrkdwnText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The atoms of a data string with http(s) links kept (`links: 'keep'`) or escaped too. */
export function mrkdwnAtoms(source: string, links: 'keep' | 'escape' = 'keep'): MrkdwnAtom[] {
  const clean = stripControlCharacters(source);
  const atoms: MrkdwnAtom[] = [];
  const pushText = (text: string): void => {
    for (const char of text) atoms.push({ text: escapeMrkdwnText(char), sourceLength: char.length });
  };
  let last = 0;
  if (links === 'keep') {
    for (const match of clean.matchAll(LINK)) {
      const [whole, url, label] = match;
      const start = match.index ?? 0;
      if (whole.length > MAX_LINK_LENGTH || url === undefined) continue;
      pushText(clean.slice(last, start));
      const text = label === undefined ? `<${url}>` : `<${url}|${escapeMrkdwnText(label)}>`;
      atoms.push({ text, sourceLength: whole.length });
      last = start + whole.length;
    }
  }
  pushText(clean.slice(last));
  return atoms;
}

export function escapeMrkdwn(source: string): string {
  return joinAtoms(mrkdwnAtoms(source));
}

export function joinAtoms(atoms: readonly MrkdwnAtom[]): string {
  return atoms.map((atom) => atom.text).join('');
}

export function atomsLength(atoms: readonly MrkdwnAtom[]): number {
  return atoms.reduce((sum, atom) => sum + atom.text.length, 0);
}

/** Escaped mrkdwn of at most `max` characters, ending in `…` when cut. */
export function truncateMrkdwn(source: string, max: number, links: 'keep' | 'escape' = 'keep'): string {
  const atoms = mrkdwnAtoms(source, links);
  if (atomsLength(atoms) <= max) return joinAtoms(atoms);
  let kept = '';
  for (const atom of atoms) {
    if (kept.length + atom.text.length > max - 1) break;
    kept += atom.text;
  }
  return `${kept}…`;
}

/** Cuts plain (unescaped) text to `max` characters without splitting a surrogate pair. */
export function truncatePlain(value: string, max: number): string {
  if (value.length <= max) return value;
  let kept = '';
  for (const char of value) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

/**
 * Splits atoms into chunks of at most `max` characters, breaking after a newline or a space
 * in the last fifth of a chunk when there is one, so sections end at natural places.
 */
export function chunkAtoms(atoms: readonly MrkdwnAtom[], max: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < atoms.length) {
    let end = start;
    let length = 0;
    while (end < atoms.length && length + (atoms[end]?.text.length ?? 0) <= max) {
      length += atoms[end]?.text.length ?? 0;
      end++;
    }
    if (end === start) end = start + 1; // an atom larger than max cannot happen: links are capped
    if (end < atoms.length) end = naturalBreak(atoms, start, end);
    chunks.push(joinAtoms(atoms.slice(start, end)));
    start = end;
  }
  return chunks;
}

function naturalBreak(atoms: readonly MrkdwnAtom[], start: number, end: number): number {
  const earliest = start + Math.floor(((end - start) * 4) / 5);
  for (const separator of ['\n', ' ']) {
    for (let i = end - 1; i >= earliest; i--) {
      if (atoms[i]?.text === separator) return i + 1;
    }
  }
  return end;
}

/**
 * Data from AWS (log lines, alarm reasons, tags) can carry terminal escapes, NULs and bidi
 * overrides. Renderers pass every data string through here so only their own formatting
 * reaches the screen.
 */

// Whole ANSI sequences go first so `\x1b[31m` leaves nothing behind, not a stray `[31m`.
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/g;
const LINE_BREAK = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;
// C0 and C1 controls, DEL, and the bidi controls that can reorder what a reader sees.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export type LineBreaks = 'keep' | 'space';

/**
 * Removes control characters. Tabs become a space; line breaks are normalised to `\n`
 * (`keep`) or turned into a space (`space`, for one-line places such as table cells).
 */
export function stripControlCharacters(value: string, lineBreaks: LineBreaks = 'keep'): string {
  return value
    .replace(ANSI_SEQUENCE, '')
    .replace(LINE_BREAK, lineBreaks === 'keep' ? '\n' : ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
}

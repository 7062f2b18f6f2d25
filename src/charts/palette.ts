/**
 * The Okabe–Ito palette: eight colours people with any common colour-vision deficiency can
 * tell apart. Lines take them in this order; the darkest and most saturated come first, so
 * the first line (usually the one the answer is about) stands out on a white background.
 */
export const LINE_COLOURS = [
  '#D55E00', // vermillion
  '#0072B2', // blue
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#F0E442', // yellow (last: weak on white)
] as const;

/** Thresholds and SLA lines: black and dashed, so they never read as another series. */
export const THRESHOLD_COLOUR = '#000000';
export const THRESHOLD_DASH = [8, 5] as const;

/** A secondary line is thinner; colour is not the only thing that tells lines apart. */
export const LINE_WIDTH = { primary: 3, secondary: 1.5 } as const;

export const BACKGROUND = '#ffffff';

export function lineColour(index: number): string {
  return LINE_COLOURS[index % LINE_COLOURS.length]!;
}

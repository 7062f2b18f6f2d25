/**
 * Human durations as people type them in config files and commands (`--since 3h`):
 * a number and a unit, optionally several from largest to smallest (`1h30m`).
 * Units: w, d, h, m, s, ms. Decimals are allowed (`1.5h`); months and years are not,
 * because their length varies.
 */

const UNITS = [
  ['w', 7 * 24 * 3_600_000],
  ['d', 24 * 3_600_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const;

const UNIT_MS = new Map<string, number>(UNITS);
const UNIT_RANK = new Map<string, number>(UNITS.map(([unit], rank) => [unit, rank]));

// `ms` before `m` so that `500ms` is not read as 500 minutes followed by garbage.
const PART = /(\d+(?:\.\d+)?)\s*(ms|w|d|h|m|s)\s*/y;

/** Milliseconds, or undefined when `text` is not a duration (`30 minutes`, `-5m`, `10`). */
export function parseDuration(text: string): number | undefined {
  const input = text.trim();
  if (input === '') return undefined;
  let total = 0;
  let lastRank = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const at = PART.lastIndex;
    const part = PART.exec(input);
    if (part === null || part.index !== at) return undefined;
    const [, amount, unit] = part as unknown as [string, string, string];
    const rank = UNIT_RANK.get(unit)!;
    // `30m1h` or `1h1h` is more likely a typo than a meaning.
    if (rank <= lastRank) return undefined;
    lastRank = rank;
    total += Number(amount) * UNIT_MS.get(unit)!;
  }
  const ms = Math.round(total);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * The compact form `parseDuration` reads back: `90m` → `1h30m`, `7d` → `7d`, `1500` → `1s500ms`.
 * Weeks are not used, because `14d` reads more easily than `2w`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite duration: ${ms}`);
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  let text = '';
  for (const [unit, size] of UNITS) {
    if (unit === 'w') continue;
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return ms < 0 ? `-${text}` : text;
}

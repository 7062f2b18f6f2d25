/**
 * The closest candidate to a mistyped word (`chanel` → `channel`, `reopenWindow` →
 * `reopen_window`, `fraud-detecter` → `fraud-detector`), or undefined when nothing is close
 * enough to be a plausible typo.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const typed = normalize(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(typed, normalize(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= allowedEdits(Math.max(typed.length, normalize(best).length)) ? best : undefined;
}

// Case and separators carry no meaning for a typo: `Reopen-Window` means `reopen_window`.
function normalize(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '');
}

function allowedEdits(length: number): number {
  if (length <= 4) return 1;
  if (length <= 10) return 2;
  return 3;
}

/** Levenshtein distance where swapping two neighbouring letters counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The questions asked often enough to have a name: `logs <endpoint> errors | timeouts | slowest`.
 * Each is a fixed Logs Insights query; only the bin width depends on the range, and nothing a
 * user typed ever goes into the text.
 */

export const SAVED_QUERY_NAMES = ['errors', 'timeouts', 'slowest'] as const;
export type SavedQueryName = (typeof SAVED_QUERY_NAMES)[number];

export interface SavedQuery {
  name: SavedQueryName;
  /** What it shows, for the heading and help. */
  title: string;
  query: string;
  /** A `stats count(*) … by bin()` series: a missing bin means zero, not unknown. */
  countsPerBin?: boolean;
  /** It reads Lambda REPORT lines: pointless without a Lambda log group. */
  needsLambda?: boolean;
}

/** Rows of a listing the bot keeps; Slack shows a few dozen of them at most anyway. */
const LISTING_LIMIT = 200;

const BIN_WIDTHS: readonly [string, number][] = [
  ['1m', 60_000],
  ['5m', 300_000],
  ['10m', 600_000],
  ['15m', 900_000],
  ['30m', 1_800_000],
  ['1h', 3_600_000],
  ['3h', 10_800_000],
  ['6h', 21_600_000],
  ['12h', 43_200_000],
  ['1d', 86_400_000],
];

/** The narrowest bin that keeps a series of the range at or under 120 points (a readable chart). */
export function binWidthFor(rangeMs: number, maxPoints = 120): string {
  return (BIN_WIDTHS.find(([, ms]) => rangeMs / ms <= maxPoints) ?? BIN_WIDTHS[BIN_WIDTHS.length - 1]!)[0];
}

export function isSavedQueryName(text: string): text is SavedQueryName {
  return (SAVED_QUERY_NAMES as readonly string[]).includes(text);
}

export function savedQuery(name: SavedQueryName, rangeMs: number): SavedQuery {
  switch (name) {
    case 'errors':
      return {
        name,
        title: 'errors',
        query: [
          'fields @timestamp, @log, @message',
          'filter @message like /(?i)(error|exception|traceback|timed out|serviceunavailable)/',
          'sort @timestamp desc',
          `limit ${LISTING_LIMIT}`,
        ].join('\n| '),
      };
    case 'timeouts':
      return {
        name,
        title: 'timeouts',
        query: [
          'filter @message like /(?i)(task timed out|timed out after|timeouterror|readtimeout|deadline exceeded)/',
          `stats count(*) as timeouts by bin(${binWidthFor(rangeMs)})`,
        ].join('\n| '),
        countsPerBin: true,
      };
    case 'slowest':
      return {
        name,
        title: 'slowest invocations',
        query: [
          'filter @type = "REPORT"',
          'fields @timestamp, @log, @requestId, @duration as durationMs, @maxMemoryUsed / 1000 / 1000 as maxMemoryMB',
          'sort @duration desc',
          'limit 25',
        ].join('\n| '),
        needsLambda: true,
      };
  }
}

import { clockText } from '../incidents/duration-text.js';
import { count, rate } from '../reply/quantity-text.js';
import { TRAFFIC_CORRELATION, type Thresholds } from './diagnosis-thresholds.js';
import type { Evidence } from './gather-evidence.js';
import { unknownFinding, type Finding } from './finding.js';

const TITLE = 'Logs (errors and timeouts)';

/** Error and timeout lines per minute, against invocations; whether they rise with traffic. */
export function checkLogs(evidence: Evidence, thresholds: Thresholds, seeMore: string): Finding {
  if (!evidence.logs.ok) return unknownFinding('logs', TITLE, `Logs Insights could not be queried: ${evidence.logs.reason}`, seeMore);
  const { perMinute, groups, stillRunningAfterMs } = evidence.logs.value;
  if (groups.length === 0) return unknownFinding('logs', TITLE, `no log group of ${evidence.subject.endpoint} exists`, seeMore);
  if (stillRunningAfterMs !== undefined) {
    // The automatic diagnosis does not wait for a slow query: the rest of the findings matter more now.
    return unknownFinding('logs', TITLE, `still running after ${Math.round(stillRunningAfterMs / 1_000)} s, so this diagnosis went on without it; the command waits for it`, seeMore);
  }
  let errors = 0;
  let timeouts = 0;
  let peak: { at: number; errors: number } | undefined;
  for (const [at, counts] of perMinute) {
    errors += counts.errors;
    timeouts += counts.timeouts;
    if (!peak || counts.errors > peak.errors) peak = { at, errors: counts.errors };
  }
  const invocations = evidence.metrics.ok ? evidence.metrics.value.invocations.reduce<number>((sum, value) => sum + (value ?? 0), 0) : undefined;
  const correlation = evidence.metrics.ok ? correlationWithTraffic(perMinute, evidence.metrics.value.timestamps, evidence.metrics.value.invocations, evidence.metrics.value.periodS) : undefined;
  const risesWithTraffic = correlation !== undefined && correlation >= TRAFFIC_CORRELATION;
  if (errors === 0) {
    return { check: 'logs', title: TITLE, verdict: 'ok', evidence: `No error or timeout lines in ${groups.join(', ')}.`, seeMore, facts: { check: 'logs', errors, timeouts, risesWithTraffic: false } };
  }
  const share = invocations && invocations > 0 ? errors / invocations : undefined;
  const limit = thresholds.errorRatePercent / 100;
  const verdict = share === undefined ? 'warning' : share >= limit ? 'problem' : share >= limit / 10 ? 'warning' : 'ok';
  const traffic =
    correlation === undefined ? '' : risesWithTraffic ? `; they rise with traffic (r = ${correlation.toFixed(2)})` : `; they do not follow traffic (r = ${correlation.toFixed(2)})`;
  const sentence =
    `${count(errors)} error lines${timeouts > 0 ? ` (${count(timeouts)} timeouts)` : ''}${share === undefined ? '' : `, ${rate(errors, invocations!)} of invocations`}` +
    `${peak ? `, peaking at ${count(peak.errors)}/min at ${clockText(new Date(peak.at), evidence.now)}` : ''}${traffic}.`;
  return { check: 'logs', title: TITLE, verdict, evidence: sentence, seeMore, facts: { check: 'logs', errors, timeouts, risesWithTraffic } };
}

/** Pearson's r of error lines and invocations, per metric period; undefined when either is flat. */
function correlationWithTraffic(perMinute: Map<number, { errors: number }>, timestamps: readonly Date[], invocations: readonly (number | undefined)[], periodS: number): number | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  timestamps.forEach((at, i) => {
    let errors = 0;
    for (let minute = 0; minute < periodS / 60; minute++) errors += perMinute.get(at.getTime() + minute * 60_000)?.errors ?? 0;
    xs.push(invocations[i] ?? 0);
    ys.push(errors);
  });
  const n = xs.length;
  if (n < 3) return undefined;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? undefined : sxy / Math.sqrt(sxx * syy);
}

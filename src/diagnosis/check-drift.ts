import { isOver, readFeatureDrift } from '../drift/feature-drift.js';
import { clockText } from '../incidents/duration-text.js';
import type { Thresholds } from './diagnosis-thresholds.js';
import type { Evidence } from './gather-evidence.js';
import { unknownFinding, type Finding } from './finding.js';

const TITLE = 'Model quality (drift)';

/** Model Monitor's baseline drift per feature: which feature is over the threshold, since when. */
export function checkDrift(evidence: Evidence, thresholds: Thresholds, seeMore: string): Finding {
  if (!evidence.drift.ok) return unknownFinding('drift', TITLE, `Model Monitor metrics could not be read: ${evidence.drift.reason}`, seeMore);
  const threshold = thresholds.driftThreshold;
  const readings = readFeatureDrift(evidence.drift.value, threshold).filter((reading) => reading.latest !== undefined);
  if (readings.length === 0) {
    return { check: 'drift', title: TITLE, verdict: 'ok', evidence: `No Model Monitor results for ${evidence.subject.endpoint} in the last 6 h (not monitored, or no run yet).`, seeMore, facts: { check: 'drift', threshold } };
  }
  const over = readings.filter(isOver);
  const drifted = over[0];
  if (!drifted) {
    const top = [...readings].sort((a, b) => (b.highest?.value ?? 0) - (a.highest?.value ?? 0))[0]!;
    return {
      check: 'drift',
      title: TITLE,
      verdict: 'ok',
      evidence: `No feature over the ${threshold.toFixed(2)} drift threshold; the highest is ${top.feature} at ${(top.highest?.value ?? 0).toFixed(2)}.`,
      seeMore,
      facts: { check: 'drift', threshold },
    };
  }
  const value = drifted.latest!.value;
  const since = drifted.firstOver ?? drifted.overSince!;
  const others = over.slice(1).map((reading) => reading.feature);
  return {
    check: 'drift',
    title: TITLE,
    verdict: 'problem',
    evidence:
      `${drifted.feature} drifted: ${value.toFixed(2)} (threshold ${threshold.toFixed(2)}), over it since ${clockText(since, evidence.now)}` +
      `${others.length > 0 ? `; also over: ${others.join(', ')}` : '; the other features are within it'}.`,
    seeMore,
    facts: { check: 'drift', threshold, drifted: { feature: drifted.feature, value, since } },
  };
}

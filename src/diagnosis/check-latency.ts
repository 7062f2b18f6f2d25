import { clockText } from '../incidents/duration-text.js';
import { latencyText } from '../latency/latency-text.js';
import type { Evidence } from './gather-evidence.js';
import { LATENCY_RISE_FACTOR, type Thresholds } from './diagnosis-thresholds.js';
import { unknownFinding, type Finding } from './finding.js';

const TITLE = 'Latency split';

/** ModelLatency vs OverheadLatency p99 at the worst minute, against the SLA. */
export function checkLatency(evidence: Evidence, thresholds: Thresholds, seeMore: string): Finding {
  if (!evidence.metrics.ok) return unknownFinding('latency', TITLE, `CloudWatch could not be read: ${evidence.metrics.reason}`, seeMore);
  const m = evidence.metrics.value;
  const totals = m.modelP99Ms.map((model, i) => (model === undefined || m.overheadP99Ms[i] === undefined ? undefined : model + m.overheadP99Ms[i]!));
  let worst = -1;
  totals.forEach((total, i) => {
    if (total !== undefined && (worst < 0 || total > totals[worst]!)) worst = i;
  });
  if (worst < 0) return unknownFinding('latency', TITLE, `no latency datapoints for ${m.endpoint} in the window (no traffic?)`, seeMore);
  const model = m.modelP99Ms[worst]!;
  const overhead = m.overheadP99Ms[worst]!;
  const total = totals[worst]!;
  const dominant = overhead > model ? 'overhead' : 'model';
  const split = `model ${latencyText(model)} + overhead ${latencyText(overhead)} at ${clockText(m.timestamps[worst]!, evidence.now)}`;
  const share = Math.round(((dominant === 'model' ? model : overhead) / total) * 100);
  const who = dominant === 'model' ? 'the model container' : 'SageMaker around the model (overhead: queueing, payloads)';
  const objective = thresholds.objective;
  if (objective) {
    const over = total > objective.limitMs;
    const verdict = over ? 'problem' : total > objective.limitMs * 0.8 ? 'warning' : 'ok';
    const sentence = over
      ? `p99 peaked at ${latencyText(total)} (${split}), over the ${latencyText(objective.limitMs)} SLA: ${share}% of it in ${who}.`
      : `p99 peaked at ${latencyText(total)} (${split}), within the ${latencyText(objective.limitMs)} SLA.`;
    return { check: 'latency', title: TITLE, verdict, evidence: sentence, seeMore, facts: { check: 'latency', dominant, overSla: over } };
  }
  const known = totals.filter((value): value is number => value !== undefined).sort((a, b) => a - b);
  const median = known[Math.floor(known.length / 2)]!;
  const rose = total >= median * LATENCY_RISE_FACTOR;
  const sentence = rose
    ? `p99 rose to ${latencyText(total)} (${split}) from a median of ${latencyText(median)}: ${share}% of it in ${who}. No SLA is configured.`
    : `p99 at most ${latencyText(total)} (${split}), steady around ${latencyText(median)}. No SLA is configured.`;
  return { check: 'latency', title: TITLE, verdict: rose ? 'warning' : 'ok', evidence: sentence, seeMore, facts: { check: 'latency', dominant, overSla: false } };
}

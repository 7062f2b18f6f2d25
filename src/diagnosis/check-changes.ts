import { clockText, durationText } from '../incidents/duration-text.js';
import type { Thresholds } from './diagnosis-thresholds.js';
import type { Evidence } from './gather-evidence.js';
import { unknownFinding, type Finding } from './finding.js';

const TITLE = 'Recent changes (CloudTrail)';

/** Changes to the endpoint, its config or its Lambdas in 24 h; one shortly before the window's trouble is the first suspect. */
export function checkChanges(evidence: Evidence, thresholds: Thresholds, seeMore: string): Finding {
  if (!evidence.changes.ok) return unknownFinding('changes', TITLE, `CloudTrail could not be read: ${evidence.changes.reason}`, seeMore);
  const { changes, resources } = evidence.changes.value;
  const made = changes.filter((change) => change.errorCode === undefined);
  const latest = made[0];
  if (!latest) {
    return { check: 'changes', title: TITLE, verdict: 'ok', evidence: `No changes to ${resources.join(', ')} in the last 24 h.`, seeMore, facts: { check: 'changes' } };
  }
  const ago = evidence.window.end.getTime() - latest.at.getTime();
  const resource = resources.find((name) => latest.summary.includes(name)) ?? resources.find((name) => latest.eventName.includes('Function') && evidence.functions.includes(name)) ?? resources[0]!;
  const what = `${latest.actor.name} ${latest.eventName.replace(/\d{8}v?\d*$/, '')} on ${resource} at ${clockText(latest.at, evidence.now)} (${durationText(ago)} before)`;
  const count = made.length === 1 ? '' : ` (${made.length} changes in 24 h)`;
  if (ago <= thresholds.suspectChangeWithinMs) {
    return {
      check: 'changes',
      title: TITLE,
      verdict: 'warning',
      evidence: `First suspect: ${what}${count}.`,
      seeMore,
      facts: { check: 'changes', suspect: { ...latest, resource } },
    };
  }
  return { check: 'changes', title: TITLE, verdict: 'ok', evidence: `Nothing changed in the ${durationText(thresholds.suspectChangeWithinMs)} before; the latest change: ${what}${count}.`, seeMore, facts: { check: 'changes' } };
}

/**
 * The playbook in one place: every check a diagnosis runs, what it measures, what it judges
 * against and its verdict rule; then the ranked rules that turn the findings into the most
 * likely cause and the suggested actions. A team tunes the numbers in `diagnosis:` of mlobs.yml
 * (and the endpoint's `sla:`); the rules themselves are read here.
 *
 * | check | measures | problem when | warning when |
 * |---|---|---|---|
 * | latency | ModelLatency + OverheadLatency p99 per minute, the part that dominates at the worst minute | total p99 > the endpoint's SLA | > 80% of the SLA; without an SLA, p99 ≥ 3 × the window's median |
 * | request-path | X-Ray summaries: the response-time root cause of the slowest tenth, faults and where | ≥ 1% of traces faulted | any fault |
 * | lambdas | each Lambda on the path (config `lambdas`, or seen on the traces): memory vs size, duration p99 vs timeout, errors, cold starts | memory ≥ `lambda_memory_percent`, p99 ≥ 95% of the timeout, or errors ≥ `error_rate_percent` | memory ≥ 10 points below it, errors ≥ a tenth |
 * | logs | error/timeout lines per minute (one Logs Insights query), their correlation with invocations | error lines ≥ `error_rate_percent` of invocations | ≥ a tenth of it |
 * | capacity | invocations per instance vs the target-tracking target, CPU (per vCPU)/GPU/memory, 5XX, scaling lag; the same time of day on the previous 7 days | utilisation ≥ `utilisation_percent`, 5XX ≥ the error SLA, or load > 1.5 × the target | a recurring spike (≥ `recurring_days` of 7), load over the target, utilisation within 15 points |
 * | drift | Model Monitor baseline drift per feature over the last 6 h | a feature's latest run > `drift_threshold` | — |
 * | changes | CloudTrail writes to the endpoint, its config and its Lambdas in 24 h | — | a change within `suspect_change_within` before the window's end (the first suspect) |
 *
 * A check whose data could not be read (an AWS error, throttling) is `unknown` with the reason.
 */
import { megabytes } from '../reply/quantity-text.js';
import type { Evidence } from './gather-evidence.js';
import type { Thresholds } from './diagnosis-thresholds.js';
import { checkCapacity } from './check-capacity.js';
import { checkChanges } from './check-changes.js';
import { checkDrift } from './check-drift.js';
import { checkLambdas, sinceWords } from './check-lambdas.js';
import { checkLatency } from './check-latency.js';
import { checkLogs } from './check-logs.js';
import { checkRequestPath } from './check-request-path.js';
import { factsOf, verdictOf, type CheckId, type Finding } from './finding.js';

export interface Check {
  id: CheckId;
  judge(evidence: Evidence, thresholds: Thresholds, seeMore: string): Finding;
  /** The command that shows the same data in full. */
  seeMore(evidence: Evidence): string;
}

/** In the order the findings are shown: the request's path from the outside in, then context. */
export const CHECKS: readonly Check[] = [
  { id: 'latency', judge: checkLatency, seeMore: (e) => `/mlobs latency ${e.subject.endpoint} --since ${sinceWords(e)}` },
  { id: 'request-path', judge: (e, _t, more) => checkRequestPath(e, more), seeMore: (e) => `/mlobs traces ${e.subject.endpoint} --since ${sinceWords(e)}` },
  { id: 'lambdas', judge: checkLambdas, seeMore: (e) => `/mlobs lambda ${e.functions[0] ?? '<function>'} --since ${sinceWords(e)}` },
  { id: 'logs', judge: checkLogs, seeMore: (e) => `/mlobs logs ${e.subject.endpoint} errors --since ${sinceWords(e)}` },
  { id: 'capacity', judge: checkCapacity, seeMore: (e) => `/mlobs latency ${e.subject.endpoint} --since 1d` },
  { id: 'drift', judge: checkDrift, seeMore: (e) => `/mlobs drift ${e.subject.endpoint}` },
  { id: 'changes', judge: checkChanges, seeMore: (e) => `/mlobs audit ${e.subject.endpoint}` },
];

/** A suggested action: a command the bot can run (a button where it has one) or plain advice. */
export type SuggestedAction = { kind: 'command'; label: string; command: string; scaleNow?: ScaleSuggestion } | { kind: 'advice'; text: string };

/** A scale-out the scale flow can start from a button in an incident's thread (the Scale… chooser's pick). */
export interface ScaleSuggestion {
  region: string;
  endpoint: string;
  variant: string;
  count: number;
}

export interface Cause {
  rule: string;
  /** The most likely cause, one sentence. */
  sentence: string;
  actions: SuggestedAction[];
}

interface CauseRule {
  rule: string;
  cause(findings: readonly Finding[], evidence: Evidence): Omit<Cause, 'rule'> | undefined;
}

const LAMBDA_MAX_MEMORY_MB = 10_240;

/** First match wins: the most specific explanation before the general ones. */
export const CAUSE_RULES: readonly CauseRule[] = [
  {
    rule: 'lambda-memory',
    cause(findings) {
      const worst = factsOf(findings, 'lambdas')?.worst;
      if (!worst?.memoryHigh) return undefined;
      const suspect = factsOf(findings, 'changes')?.suspect;
      const after = suspect?.resource === worst.name ? `, since ${suspect.actor.name}'s ${suspect.eventName.replace(/\d{8}v?\d*$/, '')} ${atClock(suspect.at)}` : '';
      const raised = Math.min(LAMBDA_MAX_MEMORY_MB, worst.memoryMb * 2);
      return {
        sentence:
          `The pre-processing Lambda ${worst.name} is short of memory: it peaks at ${Math.round(worst.memoryPeakPercent ?? 0)}% of ${megabytes(worst.memoryMb)}` +
          `${worst.atTimeout ? ' and its duration hits the timeout' : ''}${after}.`,
        actions: [
          { kind: 'advice', text: `Raise ${worst.name}'s memory from ${megabytes(worst.memoryMb)} to ${megabytes(raised)} (more memory also brings more CPU).` },
          ...(suspect?.resource === worst.name ? [{ kind: 'advice' as const, text: `Or roll back ${suspect.actor.name}'s change to ${worst.name}.` }] : []),
        ],
      };
    },
  },
  {
    rule: 'recurring-spike',
    cause(findings, evidence) {
      const capacity = factsOf(findings, 'capacity');
      const recurring = capacity?.recurring;
      if (!capacity || !recurring || verdictOf(findings, 'capacity') === 'ok') return undefined;
      const endpoint = evidence.subject.endpoint;
      const needed = capacity.instancesNeeded ?? (capacity.instancesNow ?? 1) + 1;
      const before = new Date(recurring.startedAt.getTime() - 15 * 60_000);
      const at = `${String(before.getUTCHours()).padStart(2, '0')}:${String(before.getUTCMinutes()).padStart(2, '0')}`;
      const lag = capacity.scalingLagMinutes === undefined ? 'auto scaling reacts too late' : `auto scaling adds instances only after ${capacity.scalingLagMinutes} min`;
      return {
        sentence: `A recurring spike: ${endpoint}'s traffic jumps ×${recurring.factor.toFixed(1)} at ${recurring.timeOfDay}, as on ${recurring.days} of the previous ${recurring.ofDays} days, and ${lag}.`,
        actions: [
          { kind: 'command', label: `Schedule scale-up to ${needed} before tomorrow's spike`, command: `/mlobs scale ${endpoint} ${needed} at ${at}` },
          ...(capacity.saturated ? [scaleOut(evidence, needed, `Scale out to ${needed} now`)] : []),
        ],
      };
    },
  },
  {
    rule: 'drift',
    cause(findings) {
      const drifted = factsOf(findings, 'drift')?.drifted;
      if (!drifted) return undefined;
      const suspect = factsOf(findings, 'changes')?.suspect;
      return {
        sentence:
          `Data drift: the feature ${drifted.feature} drifted from its training baseline (${drifted.value.toFixed(2)}, threshold ${factsOf(findings, 'drift')!.threshold.toFixed(2)})` +
          `${suspect ? `, after ${suspect.actor.name}'s change to ${suspect.resource}` : ''}.`,
        actions: [
          { kind: 'advice', text: `Check what changed upstream of ${drifted.feature} (pre-processing, the source data); fix it, or retrain on the new distribution.` },
        ],
      };
    },
  },
  {
    rule: 'saturation',
    cause(findings, evidence) {
      const capacity = factsOf(findings, 'capacity');
      if (!capacity?.saturated) return undefined;
      const needed = capacity.instancesNeeded ?? (capacity.instancesNow ?? 1) + 1;
      return {
        sentence: `${evidence.subject.endpoint} is short of capacity: ${capacity.instancesNow ?? 'its'} instances cannot keep up with the traffic.`,
        actions: [scaleOut(evidence, needed, `Scale out to ${needed}`)],
      };
    },
  },
  {
    rule: 'lambda-limits',
    cause(findings) {
      const worst = factsOf(findings, 'lambdas')?.worst;
      if (!worst) return undefined;
      return {
        sentence: `The Lambda ${worst.name} in front of the endpoint is failing or slow: ${worst.atTimeout ? 'its duration hits the timeout' : `${(worst.errorRate * 100).toFixed(1)}% of its invocations fail`}.`,
        actions: [{ kind: 'advice', text: `Look at \`/mlobs logs /aws/lambda/${worst.name} errors\` for what fails, then its timeout or its dependency.` }],
      };
    },
  },
  {
    rule: 'slow-part',
    cause(findings, evidence) {
      const latency = factsOf(findings, 'latency');
      if (!latency?.overSla && verdictOf(findings, 'latency') !== 'warning') return undefined;
      const suspect = factsOf(findings, 'changes')?.suspect;
      const where = latency?.dominant === 'model' ? 'the model container itself is slow' : 'SageMaker around the model is slow (overhead: queueing, payloads)';
      return {
        sentence: `${evidence.subject.endpoint}'s latency is up and ${where}${suspect ? `; ${suspect.actor.name} changed ${suspect.resource} shortly before` : ''}.`,
        actions: suspect ? [{ kind: 'advice', text: `Compare with the state before ${suspect.actor.name}'s change to ${suspect.resource}; roll it back if it is the cause.` }] : [],
      };
    },
  },
  {
    rule: 'errors',
    cause(findings, evidence) {
      const verdict = verdictOf(findings, 'logs');
      if (verdict !== 'problem' && verdictOf(findings, 'request-path') !== 'problem') return undefined;
      const logs = factsOf(findings, 'logs');
      return {
        sentence: `${evidence.subject.endpoint} fails requests${logs?.risesWithTraffic ? ', more as traffic rises' : ''}: see the errors in its logs.`,
        actions: [{ kind: 'advice', text: `Read the errors: \`/mlobs logs ${evidence.subject.endpoint} errors\`.` }],
      };
    },
  },
  {
    rule: 'recent-change',
    cause(findings) {
      const suspect = factsOf(findings, 'changes')?.suspect;
      if (!suspect) return undefined;
      return {
        sentence: `Nothing is clearly wrong, but ${suspect.actor.name} changed ${suspect.resource} ${atClock(suspect.at)}.`,
        actions: [],
      };
    },
  },
];

/**
 * The scale-out command; a button too when the scale flow can take it from one: it needs the
 * variant, and its pick carries a region but no account (so not for a named account).
 */
function scaleOut(evidence: Evidence, count: number, label: string): SuggestedAction {
  const { endpoint, scope } = evidence.subject;
  const variant = evidence.description.variants[0]?.variant;
  const button = variant !== undefined && scope.account === undefined;
  return { kind: 'command', label, command: `/mlobs scale ${endpoint} ${count}`, ...(button ? { scaleNow: { region: scope.region, endpoint, variant, count } } : {}) };
}

function atClock(at: Date): string {
  return `at ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')} UTC`;
}

/**
 * What a diagnosis is made of: one finding per check, each with a verdict, one sentence of
 * evidence with numbers and the command that shows more; plus, for the summary's rules, the
 * facts a check established (typed per check, so a rule reads numbers, not sentences).
 */
import type { ChangeRecord } from '../aws/ports/change-history.js';

export type Verdict = 'ok' | 'warning' | 'problem' | 'unknown';

export type CheckId = 'latency' | 'request-path' | 'lambdas' | 'logs' | 'capacity' | 'drift' | 'changes';

export interface Finding {
  check: CheckId;
  /** "Latency split", "Request path (X-Ray)"… */
  title: string;
  verdict: Verdict;
  /** One sentence with numbers; for `unknown`, why the check could not answer. */
  evidence: string;
  /** The command that shows more: `/mlobs latency fraud-detector --since 1h`. */
  seeMore: string;
  facts: CheckFacts;
}

export interface LatencyFacts {
  check: 'latency';
  /** The part of the p99 that dominated at the worst minute. */
  dominant?: 'model' | 'overhead';
  overSla: boolean;
}

export interface RequestPathFacts {
  check: 'request-path';
  /** The service X-Ray blames most for response time among the slowest traces. */
  rootCauseService?: string;
  /** Lambda functions on the endpoint's request path, from the traces. */
  functionsOnPath: string[];
}

export interface LambdaFacts {
  check: 'lambdas';
  /** The function in most trouble, when one is. */
  worst?: {
    name: string;
    memoryMb: number;
    memoryPeakPercent?: number;
    memoryHigh: boolean;
    atTimeout: boolean;
    errorRate: number;
  };
}

export interface LogFacts {
  check: 'logs';
  errors: number;
  timeouts: number;
  /** Errors per minute follow invocations per minute (correlation ≥ 0.7). */
  risesWithTraffic: boolean;
}

export interface CapacityFacts {
  check: 'capacity';
  saturated: boolean;
  instancesNow?: number;
  /** Instances that would keep invocations per instance at the target at the window's peak. */
  instancesNeeded?: number;
  /** Minutes from the first over-target minute to the first added instance; undefined: never. */
  scalingLagMinutes?: number;
  recurring?: RecurringSpike;
}

export interface RecurringSpike {
  /** The spike's start today. */
  startedAt: Date;
  /** "15:00 UTC". */
  timeOfDay: string;
  /** Days of the previous seven with a spike at the same time. */
  days: number;
  ofDays: number;
  /** Peak traffic over the traffic before it. */
  factor: number;
}

export interface DriftFacts {
  check: 'drift';
  drifted?: { feature: string; value: number; since: Date };
  threshold: number;
}

export interface ChangeFacts {
  check: 'changes';
  /** The latest change within the suspect window before the incident. */
  suspect?: ChangeRecord & { resource: string };
}

export type CheckFacts = LatencyFacts | RequestPathFacts | LambdaFacts | LogFacts | CapacityFacts | DriftFacts | ChangeFacts;

/** A check that could not answer: the reason instead of evidence. */
export function unknownFinding(check: CheckId, title: string, reason: string, seeMore: string): Finding {
  return { check, title, verdict: 'unknown', evidence: reason, seeMore, facts: emptyFacts(check) };
}

function emptyFacts(check: CheckId): CheckFacts {
  switch (check) {
    case 'latency':
      return { check, overSla: false };
    case 'request-path':
      return { check, functionsOnPath: [] };
    case 'lambdas':
      return { check };
    case 'logs':
      return { check, errors: 0, timeouts: 0, risesWithTraffic: false };
    case 'capacity':
      return { check, saturated: false };
    case 'drift':
      return { check, threshold: 0 };
    case 'changes':
      return { check };
  }
}

/** The facts of one check, typed, from a list of findings. */
export function factsOf<C extends CheckId>(findings: readonly Finding[], check: C): Extract<CheckFacts, { check: C }> | undefined {
  const finding = findings.find((each) => each.check === check && each.verdict !== 'unknown');
  return finding?.facts as Extract<CheckFacts, { check: C }> | undefined;
}

export function verdictOf<C extends CheckId>(findings: readonly Finding[], check: C): Verdict | undefined {
  return findings.find((each) => each.check === check)?.verdict;
}

import { milliseconds, rate } from '../reply/quantity-text.js';
import { traceStatistics } from '../traces/trace-statistics.js';
import type { Evidence } from './gather-evidence.js';
import { unknownFinding, type Finding } from './finding.js';

const TITLE = 'Request path (X-Ray)';
/** Faulted traces at or above this share are a problem. */
const FAULT_PROBLEM_SHARE = 0.01;

/** Which segment X-Ray blames for the slowest traces' response time, and its share; faults and where. */
export function checkRequestPath(evidence: Evidence, seeMore: string): Finding {
  if (!evidence.traces.ok) return unknownFinding('request-path', TITLE, `X-Ray could not be read: ${evidence.traces.reason}`, seeMore);
  const summaries = evidence.traces.value.summaries;
  const functionsOnPath = evidence.functions;
  if (summaries.length === 0) {
    return { check: 'request-path', title: TITLE, verdict: 'unknown', evidence: `no traces of ${evidence.subject.endpoint} in the window (is X-Ray tracing on in front of it?)`, seeMore, facts: { check: 'request-path', functionsOnPath } };
  }
  const stats = traceStatistics(summaries);
  const blamed = stats.responseTimeCauses[0];
  const faulted = stats.faultCauses[0];
  const parts: string[] = [];
  if (blamed) parts.push(`${blamed.label} is the response-time root cause of ${rate(blamed.slowTraces, stats.slowTraces)} of the slowest traces (≥ ${milliseconds(stats.p90Ms)})`);
  if (stats.faults > 0) parts.push(`${rate(stats.faults, stats.traces)} of ${stats.traces} traces faulted${faulted ? `, most at ${faulted.label}` : ''}`);
  else parts.push(`no faults in ${stats.traces} traces (p99 ${milliseconds(stats.p99Ms)})`);
  const faultShare = stats.faults / stats.traces;
  const verdict = faultShare >= FAULT_PROBLEM_SHARE ? 'problem' : stats.faults > 0 ? 'warning' : 'ok';
  const rootCauseService = faulted?.service ?? blamed?.service;
  return {
    check: 'request-path',
    title: TITLE,
    verdict,
    evidence: `${parts.join('; ')}.`,
    seeMore,
    facts: { check: 'request-path', functionsOnPath, ...(rootCauseService ? { rootCauseService } : {}) },
  };
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

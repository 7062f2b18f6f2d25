import { clockText } from '../incidents/duration-text.js';
import { functionHealth, timeoutText } from '../lambda/function-health.js';
import { count, megabytes, milliseconds, percent, rate } from '../reply/quantity-text.js';
import { TIMEOUT_SHARE, type Thresholds } from './diagnosis-thresholds.js';
import type { Evidence, FunctionReading } from './gather-evidence.js';
import { unknownFinding, type Finding, type LambdaFacts } from './finding.js';

const TITLE = 'Lambdas on the path';

interface Reading {
  name: string;
  sentence: string;
  verdict: 'ok' | 'warning' | 'problem';
  facts: NonNullable<LambdaFacts['worst']>;
}

/** Each pre/post-processing Lambda: memory vs its size, duration vs its timeout, errors, cold starts. */
export function checkLambdas(evidence: Evidence, thresholds: Thresholds, seeMore: string): Finding {
  if (evidence.functions.length === 0) {
    return { check: 'lambdas', title: TITLE, verdict: 'ok', evidence: `No Lambda in front of ${evidence.subject.endpoint} (none configured, none on its traces).`, seeMore, facts: { check: 'lambdas' } };
  }
  if (!evidence.lambdas.ok) return unknownFinding('lambdas', TITLE, `Lambda metrics could not be read: ${evidence.lambdas.reason}`, seeMore);
  const readings = evidence.lambdas.value.map((reading) => judge(reading, thresholds, evidence.now));
  if (readings.length === 0) return unknownFinding('lambdas', TITLE, `none of ${evidence.functions.join(', ')} exists in ${evidence.subject.scope.region}`, seeMore);
  const rank = { problem: 2, warning: 1, ok: 0 } as const;
  readings.sort((a, b) => rank[b.verdict] - rank[a.verdict]);
  const worst = readings[0]!;
  return {
    check: 'lambdas',
    title: TITLE,
    verdict: worst.verdict,
    evidence: readings.map((reading) => reading.sentence).join(' '),
    seeMore: `/mlobs lambda ${worst.name} --since ${sinceWords(evidence)}`,
    facts: { check: 'lambdas', ...(worst.verdict === 'ok' ? {} : { worst: worst.facts }) },
  };
}

function judge({ settings, series }: FunctionReading, thresholds: Thresholds, now: Date): Reading {
  const health = functionHealth(series);
  const memory = health.memoryMax;
  const memoryHigh = memory !== undefined && memory.value >= thresholds.lambdaMemoryPercent;
  const duration = health.durationP99;
  const atTimeout = duration !== undefined && duration.value >= settings.timeoutMs * TIMEOUT_SHARE;
  const errorRate = health.invocations > 0 ? health.errors / health.invocations : 0;
  const errorLimit = thresholds.errorRatePercent / 100;
  const facts = { name: settings.name, memoryMb: settings.memoryMb, memoryHigh, atTimeout, errorRate, ...(memory ? { memoryPeakPercent: memory.value } : {}) };

  const said: string[] = [];
  said.push(memory ? `memory peaked at ${percent(memory.value)} of ${megabytes(settings.memoryMb)} at ${clockText(memory.at, now)}` : 'no Lambda Insights memory data');
  if (duration) said.push(`duration p99 ${milliseconds(duration.value)} of the ${timeoutText(settings.timeoutMs)} timeout${atTimeout ? ' (hits it)' : ''}`);
  if (health.errors > 0) said.push(`${count(health.errors)} errors (${rate(health.errors, health.invocations)})`);
  if (health.coldStarts > 0) said.push(`${count(health.coldStarts)} cold starts`);
  const verdict = memoryHigh || atTimeout || errorRate >= errorLimit ? 'problem' : errorRate >= errorLimit / 10 || (memory?.value ?? 0) >= thresholds.lambdaMemoryPercent - 10 ? 'warning' : 'ok';
  return { name: settings.name, verdict, facts, sentence: `${settings.name}: ${said.join(', ')}.` };
}

export function sinceWords(evidence: Evidence): string {
  const minutes = Math.round((evidence.window.end.getTime() - evidence.window.start.getTime()) / 60_000);
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * One diagnosis: gather the evidence (one fetch per source, in parallel), judge every check of
 * the table, then name the most likely cause by the first cause rule that matches. Never fails
 * as a whole for a source that cannot be read: that check says `unknown` and why.
 */
import type { Ports } from '../command/ports.js';
import type { Config } from '../config/config.js';
import { CAUSE_RULES, CHECKS, type Cause } from './checks-table.js';
import { thresholdsFor } from './diagnosis-thresholds.js';
import type { Finding } from './finding.js';
import { failureReason, gatherEvidence, type DiagnosisSubject, type Evidence, type GatherOptions } from './gather-evidence.js';

export interface Diagnosis {
  subject: DiagnosisSubject;
  window: { start: Date; end: Date };
  now: Date;
  cause: Cause;
  findings: Finding[];
}

export async function diagnoseEndpoint(
  subject: DiagnosisSubject,
  ports: Ports,
  config: Config,
  window: { start: Date; end: Date },
  now: Date,
  options: GatherOptions = {},
): Promise<Diagnosis> {
  const evidence = await gatherEvidence(subject, ports, config, window, now, options);
  const thresholds = thresholdsFor(config, subject.endpoint);
  const findings = CHECKS.map((check) => {
    const seeMore = check.seeMore(evidence);
    try {
      return check.judge(evidence, thresholds, seeMore);
    } catch (error) {
      // A bug in one rule must not hide the others' findings.
      return { check: check.id, title: check.id, verdict: 'unknown' as const, evidence: `the check failed: ${failureReason(error)}`, seeMore, facts: { check: 'changes' as const } };
    }
  });
  return { subject, window, now, cause: mostLikelyCause(findings, evidence), findings };
}

export function mostLikelyCause(findings: readonly Finding[], evidence: Evidence): Cause {
  for (const rule of CAUSE_RULES) {
    const cause = rule.cause(findings, evidence);
    if (cause) return { rule: rule.rule, ...cause };
  }
  const unknown = findings.filter((finding) => finding.verdict === 'unknown');
  const troubled = findings.filter((finding) => finding.verdict === 'problem' || finding.verdict === 'warning');
  if (troubled.length > 0) {
    return { rule: 'unexplained', sentence: `No single cause stands out; look at: ${troubled.map((finding) => finding.title).join(', ')}.`, actions: [] };
  }
  const checked = findings.length - unknown.length;
  if (checked === 0) return { rule: 'unknown', sentence: `Could not tell: none of the ${findings.length} checks could read its data.`, actions: [] };
  return {
    rule: 'healthy',
    sentence:
      `Nothing looks wrong with ${evidence.subject.endpoint}: ${checked === findings.length ? `all ${checked}` : `${checked} of ${findings.length}`} checks are OK` +
      `${unknown.length > 0 ? ` (${unknown.map((finding) => finding.title).join(', ')} could not be read)` : ''}.`,
    actions: [],
  };
}

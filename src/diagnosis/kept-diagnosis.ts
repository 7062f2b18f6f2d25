/**
 * A diagnosis as the job keeps it (`diagnosis_leases.result`, JSON): what its reply shows, not
 * the reply itself, so a later incident of the same resource within the reuse window gets the
 * same findings with buttons of its own (they carry the incident's number) and no new AWS call.
 * A result that does not read back (an older format) is simply not reused.
 */
import type { Reply } from '../reply/reply.js';
import type { DiagnosisShown } from './render-diagnosis.js';
import { renderDiagnosis } from './render-diagnosis.js';

export type KeptDiagnosis = { kind: 'diagnosis'; diagnosis: DiagnosisShown } | { kind: 'failure'; reply: Reply };

interface KeptJson {
  kind: 'diagnosis' | 'failure';
  reply?: Reply;
  diagnosis?: Omit<DiagnosisShown, 'window' | 'now'> & { windowStartMs: number; windowEndMs: number; nowMs: number };
}

export function keepDiagnosis(kept: KeptDiagnosis): string {
  if (kept.kind === 'failure') return JSON.stringify({ kind: 'failure', reply: kept.reply } satisfies KeptJson);
  const { subject, window, now, cause, findings } = kept.diagnosis;
  const shown = findings.map(({ title, verdict, evidence, seeMore }) => ({ title, verdict, evidence, seeMore }));
  return JSON.stringify({
    kind: 'diagnosis',
    diagnosis: { subject, cause, findings: shown, windowStartMs: window.start.getTime(), windowEndMs: window.end.getTime(), nowMs: now.getTime() },
  } satisfies KeptJson);
}

export function readKeptDiagnosis(json: string): KeptDiagnosis | undefined {
  let kept: Partial<KeptJson>;
  try {
    kept = JSON.parse(json) as Partial<KeptJson>;
  } catch {
    return undefined;
  }
  if (kept.kind === 'failure' && typeof kept.reply?.heading === 'string' && Array.isArray(kept.reply.parts)) return { kind: 'failure', reply: kept.reply };
  const stored = kept.diagnosis;
  if (kept.kind !== 'diagnosis' || stored === undefined || !Array.isArray(stored.findings) || typeof stored.cause?.sentence !== 'string' || typeof stored.subject?.endpoint !== 'string') return undefined;
  if (![stored.windowStartMs, stored.windowEndMs, stored.nowMs].every(Number.isFinite)) return undefined;
  const { windowStartMs, windowEndMs, nowMs, ...rest } = stored;
  return { kind: 'diagnosis', diagnosis: { ...rest, window: { start: new Date(windowStartMs), end: new Date(windowEndMs) }, now: new Date(nowMs) } };
}

/** The reply for one incident's thread. */
export function replyForIncident(kept: KeptDiagnosis, incidentNumber: number): Reply {
  return kept.kind === 'failure' ? kept.reply : renderDiagnosis(kept.diagnosis, { incidentNumber });
}

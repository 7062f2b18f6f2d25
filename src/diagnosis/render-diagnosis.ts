import { clockText } from '../incidents/duration-text.js';
import { note, text, type Reply, type ReplyPart, type Tone } from '../reply/reply.js';
import type { SuggestedAction } from './checks-table.js';
import type { Diagnosis } from './diagnose-endpoint.js';
import type { Verdict } from './finding.js';

const MARK: Record<Verdict, string> = { ok: '✅', warning: '⚠️', problem: '🔴', unknown: '❔' };

/** The summary on top (cause, then the ranked actions), then one line per finding. */
export function renderDiagnosis(diagnosis: Diagnosis): Reply {
  const { subject, window, now, cause, findings } = diagnosis;
  const tone: Tone = findings.some((f) => f.verdict === 'problem') ? 'problem' : findings.some((f) => f.verdict === 'warning') ? 'warning' : cause.rule === 'healthy' ? 'ok' : 'info';
  const parts: ReplyPart[] = [note(tone, cause.sentence)];
  if (cause.actions.length > 0) parts.push(text(`*Suggested actions*\n${cause.actions.map((action, i) => `${i + 1}. ${actionText(action)}`).join('\n')}`));
  // One section per finding: each stays far below Slack's 3,000 characters per section.
  for (const finding of findings) parts.push(text(`${MARK[finding.verdict]} *${finding.title}*: ${finding.evidence} · \`${finding.seeMore}\``));
  return {
    heading: `Diagnosis: ${subject.endpoint}`,
    context: `${subject.scope.region} · ${clockText(window.start, now)}–${clockText(window.end, now)}`,
    parts,
    visibility: 'channel',
    tone,
    summary: `Diagnosis of ${subject.endpoint}: ${cause.sentence}`,
  };
}

export function actionText(action: SuggestedAction): string {
  return action.kind === 'advice' ? action.text : `${action.label}: \`${action.command}\``;
}

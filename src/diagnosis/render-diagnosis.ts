import { clockText } from '../incidents/duration-text.js';
import { actions, note, text, type Action, type Reply, type ReplyPart, type Tone } from '../reply/reply.js';
import { scaleChoiceValue } from '../scaling/scale-chooser.js';
import { SCALE_ACTION_IDS } from '../scaling/scale-request.js';
import type { Cause, ScaleSuggestion, SuggestedAction } from './checks-table.js';
import type { DiagnosisSubject } from './gather-evidence.js';
import type { Finding, Verdict } from './finding.js';

const MARK: Record<Verdict, string> = { ok: '✅', warning: '⚠️', problem: '🔴', unknown: '❔' };

/** What the reply shows of a diagnosis (a `Diagnosis` is one; so is one kept to post again). */
export interface DiagnosisShown {
  subject: DiagnosisSubject;
  window: { start: Date; end: Date };
  now: Date;
  cause: Cause;
  findings: ReadonlyArray<Pick<Finding, 'title' | 'verdict' | 'evidence' | 'seeMore'>>;
}

/**
 * The summary on top (cause, then the ranked actions), then one line per finding. In an
 * incident's thread, a scale-out suggestion is also a button that starts the scale flow (the
 * Scale… chooser's pick: a request in the thread that someone confirms); elsewhere it stays a command.
 */
export function renderDiagnosis(diagnosis: DiagnosisShown, inIncident?: { incidentNumber: number }): Reply {
  const { subject, window, now, cause, findings } = diagnosis;
  const tone: Tone = findings.some((f) => f.verdict === 'problem') ? 'problem' : findings.some((f) => f.verdict === 'warning') ? 'warning' : cause.rule === 'healthy' ? 'ok' : 'info';
  const parts: ReplyPart[] = [note(tone, cause.sentence)];
  const buttons = inIncident === undefined ? [] : cause.actions.flatMap((action) => (action.kind === 'command' && action.scaleNow ? [scaleButton(action.label, action.command, action.scaleNow, inIncident.incidentNumber)] : []));
  if (cause.actions.length > 0) {
    const listed = cause.actions.map((action, i) => `${i + 1}. ${buttons.length > 0 && action.kind === 'command' && action.scaleNow ? `${action.label} (the button below)` : actionText(action)}`);
    parts.push(text(`*Suggested actions*\n${listed.join('\n')}`));
  }
  if (buttons.length > 0) parts.push(actions(buttons));
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

/** The Scale… chooser's pick (same action id, same value), so the scale flow's own handler takes it. */
function scaleButton(label: string, command: string, scale: ScaleSuggestion, incidentNumber: number): Action {
  return {
    id: SCALE_ACTION_IDS.choose,
    label,
    value: scaleChoiceValue({ incidentNumber, region: scale.region, endpoint: scale.endpoint, variant: scale.variant, count: scale.count }),
    style: 'primary',
    command: command.replace(/^\//, ''),
  };
}

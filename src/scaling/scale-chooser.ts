/**
 * What the Scale… button on an incident parent answers, privately: the endpoint now (count,
 * auto-scaling range, the capacity hint) and a few counts to pick — one more, two more, and the
 * hint's count when it differs. A pick posts a scale request in the incident's thread, where
 * Confirm (or a second person's Approve) acts as for `/mlobs scale`. Scheduling is a command:
 * the answer shows it filled in.
 */
import type { AwsScope } from '../aws/aws-clients.js';
import { actions, fields, note, text, type Action, type Reply } from '../reply/reply.js';
import type { CapacityRange } from './scale-plan.js';
import { previewScale, type ScaleAwsPorts } from './scale-preview.js';
import { SCALE_ACTION_IDS, variantLabel } from './scale-request.js';

export interface ChooserTarget {
  incidentNumber: number;
  endpoint: string;
  variant?: string;
  scope: AwsScope;
  bounds: CapacityRange;
}

export interface ScaleChoice {
  incidentNumber: number;
  region: string;
  endpoint: string;
  variant: string;
  count: number;
}

export async function scaleChooser(aws: ScaleAwsPorts, target: ChooserTarget, now: Date): Promise<Reply> {
  const previewed = await previewScale(aws, { endpoint: target.endpoint, ...(target.variant === undefined ? {} : { variant: target.variant }), scope: target.scope, now });
  if (!previewed.ok) return { heading: `Scale ${target.endpoint}`, parts: [note('problem', previewed.reason)], visibility: 'private', tone: 'problem' };
  const { preview } = previewed;
  const counts = new Set<number>([preview.currentCount + 1, preview.currentCount + 2]);
  if (preview.hint.instances !== undefined && preview.hint.instances !== preview.currentCount) counts.add(preview.hint.instances);
  const inBounds = [...counts].filter((n) => n >= target.bounds.min && n <= target.bounds.max).sort((a, b) => a - b);
  const label = variantLabel(preview.endpoint, preview.variant);
  const choices: Action[] = inBounds.map((count) => ({
    id: SCALE_ACTION_IDS.choose,
    label: `Scale to ${count}`,
    value: scaleChoiceValue({ incidentNumber: target.incidentNumber, region: target.scope.region, endpoint: preview.endpoint, variant: preview.variant, count }),
    ...(count === preview.hint.instances ? { style: 'primary' as const } : {}),
    command: `mlobs scale ${preview.endpoint} ${count}`,
  }));
  return {
    heading: `Scale ${label}`,
    context: `incident #${target.incidentNumber} · ${target.scope.region}`,
    parts: [
      fields([
        { label: 'Now', value: `${preview.currentCount} × ${preview.instanceType ?? 'instances'}` },
        { label: 'Auto scaling', value: preview.target === undefined ? 'not managed' : `min ${preview.target.min} · max ${preview.target.max}` },
      ]),
      text(`Capacity hint: ${preview.hint.text}`),
      ...(choices.length > 0 ? [actions(choices)] : [note('info', `No count within the bounds ${target.bounds.min}–${target.bounds.max} to offer.`)]),
      text(`A pick posts a request in the incident thread (Confirm there). Other counts, a time limit or a schedule: \`/mlobs scale ${preview.endpoint} ${preview.currentCount + 1} --for 2h\`, \`/mlobs scale ${preview.endpoint} ${preview.currentCount + 1} at 14:45 until 18:00\`.`),
    ],
    visibility: 'private',
  };
}

/** The value of a "Scale to N" button: `<incident>|<region>|<endpoint>|<variant>|<count>` (read back by `parseScaleChoice`). */
export function scaleChoiceValue(choice: ScaleChoice): string {
  return [choice.incidentNumber, choice.region, choice.endpoint, choice.variant, choice.count].join('|');
}

export function parseScaleChoice(value: string): ScaleChoice | undefined {
  const parts = value.split('|');
  if (parts.length !== 5) return undefined;
  const [incident, region, endpoint, variant, count] = parts as [string, string, string, string, string];
  if (!/^\d+$/.test(incident) || !/^\d+$/.test(count) || region === '' || endpoint === '' || variant === '') return undefined;
  return { incidentNumber: Number(incident), region, endpoint, variant, count: Number(count) };
}


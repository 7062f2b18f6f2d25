/**
 * A scale request as the flow sees it: the stored row with its plan and preview typed. The
 * row's JSON is written only by this folder, so reading it back is a cast, not a validation.
 */
import type { ScaleRequestRecord } from '../store/scale-requests.js';
import type { ScalePlan } from './scale-plan.js';
import type { ScalePreview } from './scale-preview.js';

export interface StoredPlan {
  plan: ScalePlan;
  preview: ScalePreview;
}

export type ScaleRequest = Omit<ScaleRequestRecord, 'plan'> & { plan: StoredPlan };

export function scaleRequestOf(record: ScaleRequestRecord): ScaleRequest {
  return { ...record, plan: record.plan as StoredPlan };
}

/** The Slack buttons on a request message and on the Scale… chooser; `value` is the request id (or the choice). */
export const SCALE_ACTION_IDS = {
  confirm: 'scale_confirm',
  approve: 'scale_approve',
  cancel: 'scale_cancel',
  undo: 'scale_undo',
  /** On the private Scale… chooser (rendered `scale_choose`, `scale_choose#2`…): value `<incident>|<region>|<endpoint>|<variant>|<count>`. */
  choose: 'scale_choose',
  /** On `scale <endpoint> schedules`: value `<endpoint>:<variant>:<action name>`. */
  deleteSchedule: 'scale_schedule_delete',
} as const;

export type ScaleButton = 'confirm' | 'approve' | 'cancel' | 'undo';

export function requestMessageKey(id: number): string {
  return `scale:${id}:request`;
}

/** `fraud-detector` or `fraud-detector/Canary` when the variant is not the usual one. */
export function variantLabel(endpoint: string, variant: string): string {
  return variant === 'AllTraffic' ? endpoint : `${endpoint}/${variant}`;
}

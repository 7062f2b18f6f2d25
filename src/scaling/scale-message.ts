/**
 * The request message (pure): what will change and what it costs, the capacity hint, where the
 * request stands, and the buttons that fit its state. Rebuilt from the stored request on every
 * change, so the message in Slack always shows the current state.
 */
import { actions, fields, note, text, type Action, type Reply, type ReplyPart } from '../reply/reply.js';
import { formatDuration } from '../config/duration.js';
import { planCalls } from './scale-plan.js';
import { formatCount, formatHourlyChange } from './scale-numbers.js';
import { SCALE_ACTION_IDS, variantLabel, type ScaleRequest } from './scale-request.js';

export function renderScaleRequest(request: ScaleRequest, now: Date): Reply {
  const { preview, plan } = request.plan;
  const label = variantLabel(request.endpoint, request.variant);
  const parts: ReplyPart[] = [
    fields([
      { label: 'Now', value: `${request.fromCount} × ${preview.instanceType ?? 'instances'} (${preview.status})` },
      { label: 'Asked', value: `${request.toCount} instances${request.forMs === null ? '' : ` for ${formatDuration(request.forMs)}`}` },
      { label: 'Auto scaling', value: autoScalingText(request) },
      { label: 'CPU (last hour)', value: preview.cpuPercent === undefined ? 'no data' : `p95 ${Math.round(preview.cpuPercent)}%` },
      { label: 'Cost', value: costText(request) },
    ]),
    text(`Capacity hint: ${preview.hint.text}`),
    text(`${request.state === 'pending' ? 'Will call' : 'Calls'}: ${planCalls(plan, request.fromCount, request.toCount).map((call) => `\`${call}\``).join(', ')}`),
    statusNote(request, now),
  ];
  const buttons = buttonsFor(request);
  if (buttons.length > 0) parts.push(actions(buttons));
  const heading = `Scale ${label}: ${request.fromCount} → ${request.toCount} instances`;
  return {
    heading,
    context: `requested by ${person(request.requestedBy, request.requestedByName)} · ${request.region}${request.production ? ' · production' : ''}`,
    parts,
    visibility: 'channel',
    summary: `${heading} — ${stateWord(request)}`,
  };
}

function autoScalingText(request: ScaleRequest): string {
  const { preview } = request.plan;
  if (preview.target === undefined) return 'not managed (UpdateEndpointWeightsAndCapacities)';
  const policy = preview.targetTracking === undefined ? '' : `, target ${formatCount(preview.targetTracking.targetValue)} ${metricWords(preview.targetTracking.metric)}`;
  return `min ${preview.target.min} · max ${preview.target.max}${policy}`;
}

function metricWords(metric: string): string {
  return metric === 'SageMakerVariantInvocationsPerInstance' ? 'invocations/instance/min' : metric;
}

function costText(request: ScaleRequest): string {
  const price = request.plan.preview.hourlyPriceUsd;
  if (price === undefined) return `unknown (no price for ${request.plan.preview.instanceType ?? 'this instance type'})`;
  const delta = request.toCount - request.fromCount;
  return `${formatHourlyChange(delta * price)} (${Math.abs(delta)} × $${price.toFixed(3)}/h)`;
}

function statusNote(request: ScaleRequest, now: Date): ReplyPart {
  switch (request.state) {
    case 'pending':
      return request.production
        ? note('warning', `Production endpoint: waiting for a second person to approve (not ${person(request.requestedBy, request.requestedByName)}) until ${clock(request.expiresAt, now)}.`)
        : note('info', `Waiting for confirmation until ${clock(request.expiresAt, now)}.`);
    case 'approved':
      return note('info', `${request.production ? 'Approved' : 'Confirmed'} by ${person(request.approvedBy, request.approvedByName)}; scaling…`);
    case 'applying':
      return note('info', `⏳ Scaling (${request.production ? 'approved' : 'confirmed'} by ${person(request.approvedBy, request.approvedByName)}): following the endpoint until it is InService.`);
    case 'done':
      return note('ok', `✅ Done: ${request.toCount} instances InService.${request.revertAt === null ? '' : ` Reverts at ${clock(request.revertAt, now)}.`}`);
    case 'failed':
      return note('problem', `❌ Failed: ${request.detail ?? 'see the thread'}`);
    case 'expired':
      return note('info', '⌛ Expired: nobody confirmed in time; nothing was changed.');
    case 'cancelled':
      return note('info', `✖️ Cancelled by ${person(request.undoneBy, request.undoneByName)}; nothing was changed.`);
    case 'reverting':
      return note('info', `↩️ Reverting (${request.undoneBy === null ? 'its time was up' : `undone by ${person(request.undoneBy, request.undoneByName)}`})…`);
    case 'reverted':
      return note('ok', `↩️ Reverted (${request.undoneBy === null ? 'its time was up' : `undone by ${person(request.undoneBy, request.undoneByName)}`}).`);
  }
}

function buttonsFor(request: ScaleRequest): Action[] {
  const value = String(request.id);
  const label = variantLabel(request.endpoint, request.variant);
  const cancel: Action = { id: SCALE_ACTION_IDS.cancel, label: 'Cancel', value };
  switch (request.state) {
    case 'pending':
      return request.production
        ? [{ id: SCALE_ACTION_IDS.approve, label: 'Approve', value, style: 'primary', confirm: { title: 'Approve scaling?', text: `${label} goes from ${request.fromCount} to ${request.toCount} instances.`, confirm: 'Approve', deny: 'Not yet' } }, cancel]
        : [{ id: SCALE_ACTION_IDS.confirm, label: 'Confirm', value, style: 'primary', confirm: { title: 'Scale now?', text: `${label} goes from ${request.fromCount} to ${request.toCount} instances.`, confirm: 'Scale', deny: 'Not yet' } }, cancel];
    case 'done':
      return [{ id: SCALE_ACTION_IDS.undo, label: 'Undo', value, style: 'danger', confirm: { title: 'Undo scaling?', text: `${label} goes back to its previous settings.`, confirm: 'Undo', deny: 'Keep' } }];
    default:
      return [];
  }
}

function stateWord(request: ScaleRequest): string {
  return request.state === 'pending' ? (request.production ? 'waiting for approval' : 'waiting for confirmation') : request.state;
}

/** `14:05 UTC`, with the date when it is not today. */
export function clock(at: Date, now: Date): string {
  const iso = at.toISOString();
  const sameDay = iso.slice(0, 10) === now.toISOString().slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

/** `@lead`: a Reply names people (it cannot mention them), by Slack name when known. */
function person(id: string | null, name: string | null): string {
  if (name) return `@${name}`;
  return id === null ? 'someone' : `@${id.replace(/^console:/, '')}`;
}

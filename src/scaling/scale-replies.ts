/**
 * The `scale` command's answers (pure): refusals, the dry run, "posted, waiting for
 * confirmation", schedules made and listed. The request message itself is `scale-message.ts`.
 */
import type { ScheduledScaling } from '../aws/ports/endpoint-scaling.js';
import { actions, fields, note, table, text, type Action, type Reply } from '../reply/reply.js';
import type { ScaleAskOutcome } from './scale-desk.js';
import { formatHourlyChange } from './scale-numbers.js';
import { SCALE_ACTION_IDS, variantLabel } from './scale-request.js';
import type { ScheduleOutcome } from './scale-schedules.js';

export function scaleRefusal(endpoint: string, reason: string): Reply {
  const plain = plainMentions(reason);
  return { heading: `Not scaled: ${endpoint}`, parts: [note('problem', plain)], visibility: 'private', tone: 'problem', summary: `Not scaled: ${plain}` };
}

/** A Reply cannot mention (data must never ping anyone): `<@U1>` → `@U1`. */
function plainMentions(mrkdwn: string): string {
  return mrkdwn.replace(/<@([UW][A-Z0-9]+)>/g, '@$1').replace(/<!subteam\^(S[A-Z0-9]+)>/g, '@$1').replace(/<#([CG][A-Z0-9]+)>/g, '#$1');
}

export function scaleAskReply(outcome: Exclude<ScaleAskOutcome, { kind: 'refused' }>, count: number): Reply {
  switch (outcome.kind) {
    case 'dry-run': {
      const { preview } = outcome;
      const label = variantLabel(preview.endpoint, preview.variant);
      const cost = preview.hourlyPriceUsd === undefined ? 'unknown' : formatHourlyChange((count - preview.currentCount) * preview.hourlyPriceUsd);
      return {
        heading: `Dry run: scale ${label} ${preview.currentCount} → ${count}`,
        parts: [
          fields([
            { label: 'Now', value: `${preview.currentCount} × ${preview.instanceType ?? 'instances'}` },
            { label: 'Cost', value: cost },
          ]),
          text(`Capacity hint: ${preview.hint.text}`),
          note('info', `Dry run (\`dry_run\` is on): would call ${outcome.calls.map((call) => `\`${call}\``).join(', ')}. Nothing was changed.`),
        ],
        visibility: 'private',
        tone: 'info',
      };
    }
    case 'posted': {
      const { request } = outcome;
      const waiting = request.production ? 'a second person must approve it' : 'Confirm on it to scale';
      return {
        heading: `Scale request posted: ${variantLabel(request.endpoint, request.variant)} ${request.fromCount} → ${request.toCount}`,
        parts: [note('info', `It is in ${request.channel.startsWith('#') ? request.channel : `#${request.channel}`}${request.incidentNumber === null ? '' : ` (incident #${request.incidentNumber}'s thread)`}; ${waiting}.`)],
        visibility: 'private',
        tone: 'info',
      };
    }
    case 'acting': {
      const { request } = outcome;
      const label = variantLabel(request.endpoint, request.variant);
      if (request.state === 'failed') return scaleRefusal(label, request.detail ?? 'the AWS call failed');
      return {
        heading: `Scaling ${label}: ${request.fromCount} → ${request.toCount}`,
        parts: [note('info', `The AWS calls went through; the running bot follows the endpoint until it is InService and reports in ${request.channel}.`)],
        visibility: 'channel',
        tone: 'info',
      };
    }
  }
}

export function scheduledReply(endpoint: string, outcome: Extract<ScheduleOutcome, { kind: 'scheduled' }>): Reply {
  const rows = outcome.actions.map((action) => [action.name, `${action.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`, String(action.min), String(action.max)]);
  return {
    heading: `${outcome.dryRun ? 'Dry run: would schedule' : 'Scheduled'} scaling of ${variantLabel(endpoint, outcome.variant)}`,
    context: `times read in ${outcome.timeZone}`,
    parts: [
      table({ columns: [{ title: 'scheduled action' }, { title: 'at' }, { title: 'min', align: 'right' }, { title: 'max', align: 'right' }], rows }),
      note('info', outcome.dryRun ? 'Dry run (`dry_run` is on): nothing was changed.' : `Application Auto Scaling applies them; \`/mlobs scale ${endpoint} schedules\` lists them.`),
    ],
    visibility: 'channel',
    tone: outcome.dryRun ? 'info' : 'ok',
  };
}

export function schedulesReply(endpoint: string, region: string, account: string | undefined, schedules: readonly ScheduledScaling[]): Reply {
  if (schedules.length === 0) {
    return { heading: `No scheduled scaling on ${endpoint}`, context: region, parts: [text(`Add one: \`/mlobs scale ${endpoint} 4 at tomorrow 08:45 until tomorrow 12:00\``)], visibility: 'channel', tone: 'info' };
  }
  const rows = schedules.map((s) => [s.name, s.variant, s.schedule, s.timeZone ?? 'UTC', s.minCapacity === undefined ? '—' : String(s.minCapacity), s.maxCapacity === undefined ? '—' : String(s.maxCapacity)]);
  const deletes: Action[] = schedules.map((s) => ({
    id: SCALE_ACTION_IDS.deleteSchedule,
    label: `Delete ${s.name}`,
    value: [region, account ?? '', s.endpoint, s.variant, s.name].join('|'),
    style: 'danger',
    confirm: { title: 'Delete scheduled action?', text: `${s.name} (${s.schedule}) on ${s.endpoint}/${s.variant}`, confirm: 'Delete', deny: 'Keep' },
  }));
  return {
    heading: `Scheduled scaling on ${endpoint}`,
    context: region,
    parts: [table({ columns: [{ title: 'name' }, { title: 'variant' }, { title: 'schedule' }, { title: 'zone' }, { title: 'min', align: 'right' }, { title: 'max', align: 'right' }], rows }), actions(deletes)],
    visibility: 'channel',
  };
}

/** A Delete button's value: `region|account|endpoint|variant|name`. */
export function parseScheduleButtonValue(value: string): { region: string; account?: string; endpoint: string; variant: string; name: string } | undefined {
  const parts = value.split('|');
  if (parts.length !== 5 || parts.some((part, i) => i !== 1 && part === '')) return undefined;
  const [region, account, endpoint, variant, name] = parts as [string, string, string, string, string];
  return { region, ...(account === '' ? {} : { account }), endpoint, variant, name };
}

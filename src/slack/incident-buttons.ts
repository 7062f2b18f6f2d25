/**
 * The incident parent's buttons. Acknowledge, Resolve, Silence 1h and Unsilence go to the
 * incident desk (which checks permissions, applies the rule and enqueues the parent update and
 * the thread reply through the outbox); the parent itself is never changed from here. What only
 * the clicker should read — a refusal, an error, "already acknowledged" — is answered privately.
 * Diagnose asks the diagnosis job for the incident's episode (`src/diagnosis`): the diagnosis is
 * posted in the thread; the clicker is told privately that it runs, or that it already does.
 * Scale… answers privately with a count chooser (`src/slack/scale-buttons.ts` handles the pick).
 *
 * `ack()` comes first, always: Slack wants the HTTP answer within 3 seconds. Slack may resend
 * an interaction (`X-Slack-Retry-Num`); the desk's rules make the resend a refusal, and a
 * refusal of a resend is not shown again.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { DiagnoseClickOutcome } from '../diagnosis/diagnosis-job.js';
import type { IncidentActionName, IncidentActionOutcome, IncidentDesk } from '../incidents/pipeline/incident-desk.js';
import type { NumberedIncident } from '../incidents/pipeline/incident-threads.js';
import { INCIDENT_ACTION_IDS, SILENCE_BUTTON_MS, parseIncidentButtonValue } from '../incidents/render-incident.js';
import type { Logger } from '../telemetry/logger.js';

export interface IncidentButtonsDeps {
  desk: Pick<IncidentDesk, 'act' | 'find'>;
  log: Logger;
  clock?: () => Date;
  /** The Scale… button's private answer (the count chooser); without it the button points to the command. */
  scaleChooser?: (incident: NumberedIncident) => Promise<{ text: string; blocks?: unknown[] }>;
  /** The Diagnose button: asks for the incident's diagnosis; without it the button points to the command. */
  diagnose?: (incident: NumberedIncident, requestedBy: string) => Promise<DiagnoseClickOutcome>;
}

const ACTING_BUTTONS: ReadonlyArray<[string, IncidentActionName]> = [
  [INCIDENT_ACTION_IDS.ack, 'ack'],
  [INCIDENT_ACTION_IDS.resolve, 'resolve'],
  [INCIDENT_ACTION_IDS.silence, 'silence'],
  [INCIDENT_ACTION_IDS.unsilence, 'unsilence'],
];

export function registerIncidentButtons(app: App, deps: IncidentButtonsDeps): void {
  const log = deps.log.child({ component: 'incident-buttons' });
  const clock = deps.clock ?? (() => new Date());

  for (const [actionId, action] of ACTING_BUTTONS) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action: button, respond, context }) => {
      await ack();
      const retry = (context.retryNum ?? 0) > 0;
      const clickLog = log.child({ action, user: body.user.id, triggerId: body.trigger_id, ...(retry ? { retryNum: context.retryNum } : {}) });
      const target = parseIncidentButtonValue(button.value ?? '');
      if (target?.number === undefined) {
        clickLog.warn({ value: (button.value ?? '').slice(0, 200) }, 'incident button with an unreadable value; nothing changed');
        await answerPrivately(respond, "This button's data could not be read, so nothing was changed. `/mlobs incidents` lists the open incidents and their numbers.", clickLog);
        return;
      }
      let outcome: IncidentActionOutcome;
      try {
        outcome = await deps.desk.act({
          number: target.number,
          key: target.key,
          action,
          actor: { id: body.user.id, name: body.user.username },
          surface: 'slack',
          ...(action === 'silence' ? { until: new Date(clock().getTime() + SILENCE_BUTTON_MS) } : {}),
          // Slack resends an interaction with the same trigger_id: the same reply key, posted once.
          cause: `action:${body.trigger_id}`,
          ...(body.channel?.id === undefined ? {} : { channelId: body.channel.id }),
          // A payload without a channel cannot be from the parent's buttons: '' matches no channel.
          clickedIn: body.channel?.id ?? '',
        });
      } catch (error) {
        clickLog.error({ err: error, incident: target.number }, 'incident action failed');
        await answerPrivately(respond, `Sorry — that did not work: something went wrong on our side (it is logged). Try \`/mlobs ${action} ${target.number}\` in a moment.`, clickLog);
        return;
      }
      switch (outcome.kind) {
        case 'changed':
          // The parent update and the thread reply are on their way through the outbox.
          return;
        case 'refused':
          if (retry) {
            clickLog.info({ reason: outcome.reason }, 'resent interaction refused; not answered again');
            return;
          }
          await answerPrivately(respond, `Incident #${target.number}: ${outcome.reason}`, clickLog);
          return;
        case 'not-found':
          await answerPrivately(respond, `There is no incident #${target.number} any more. ${openList(outcome.open)}`, clickLog);
          return;
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTION_IDS.diagnose, async ({ ack, body, action: button, respond, context }) => {
    await ack();
    const retry = (context.retryNum ?? 0) > 0;
    const clickLog = log.child({ action: 'diagnose', user: body.user.id, triggerId: body.trigger_id, ...(retry ? { retryNum: context.retryNum } : {}) });
    const incident = await incidentOf(button.value, deps, log);
    if (incident === undefined) {
      await answerPrivately(respond, "This button's incident could not be found, so nothing was run. `/mlobs incidents` lists the open incidents and their numbers.", clickLog);
      return;
    }
    if (deps.diagnose === undefined) {
      await answerPrivately(respond, `The diagnosis from this button is not available here: ${commandsFor(incident)}.`, clickLog);
      return;
    }
    let outcome: DiagnoseClickOutcome;
    try {
      outcome = await deps.diagnose(incident, body.user.id);
    } catch (error) {
      clickLog.error({ err: error, incident: incident.number }, 'asking for a diagnosis failed');
      await answerPrivately(respond, `Sorry — the diagnosis could not be started (it is logged). ${commandsFor(incident)} meanwhile.`, clickLog);
      return;
    }
    clickLog.info({ incident: incident.number, outcome: outcome.kind }, 'diagnose clicked');
    const thread = `incident #${incident.number}'s thread`;
    switch (outcome.kind) {
      case 'requested':
        await answerPrivately(respond, `Running the diagnosis of ${outcome.endpoint}… it will be posted in ${thread} in a few seconds.`, clickLog);
        return;
      case 'running':
        // Slack's resend of the click that asked: that click was answered already.
        if (retry) return;
        await answerPrivately(respond, `The diagnosis of ${outcome.endpoint} is already running${outcome.requestedBy ? ` (asked by <@${outcome.requestedBy}>)` : ''}; it will be posted in ${thread}.`, clickLog);
        return;
      case 'posted':
        await answerPrivately(
          respond,
          `The diagnosis of ${outcome.endpoint} is already in ${thread} (posted <!date^${Math.floor(outcome.postedAt.getTime() / 1_000)}^{time}|${outcome.postedAt.toISOString().slice(11, 16)} UTC>). For a fresh one: \`/mlobs diagnose ${outcome.endpoint}\`.`,
          clickLog,
        );
        return;
      case 'not-diagnosable':
        await answerPrivately(respond, `Nothing to diagnose here: ${outcome.reason}.`, clickLog);
        return;
    }
  });

  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTION_IDS.scale, async ({ ack, body, action: button, respond }) => {
    await ack();
    const clickLog = log.child({ action: 'scale', user: body.user.id });
    const incident = await incidentOf(button.value, deps, log);
    const endpoint = incident?.resource.kind === 'sagemaker-endpoint' ? incident.resource.name : undefined;
    if (incident === undefined || endpoint === undefined || deps.scaleChooser === undefined) {
      const see = endpoint === undefined ? '`/mlobs incidents` lists the open ones' : `use \`/mlobs scale ${endpoint} <count>\``;
      await answerPrivately(respond, `Scaling from this button is not available here; ${see}.`, clickLog);
      return;
    }
    try {
      // The chooser is private: only the clicker picks a count; the request it makes goes in the thread.
      const chooser = await deps.scaleChooser(incident);
      await respond({ response_type: 'ephemeral', replace_original: false, text: chooser.text, ...(chooser.blocks ? { blocks: chooser.blocks as never } : {}) });
    } catch (error) {
      clickLog.error({ err: error, incident: incident.number }, 'scale chooser failed');
      await answerPrivately(respond, `Sorry — the scale options could not be shown (it is logged). \`/mlobs scale ${endpoint} <count>\` works meanwhile.`, clickLog);
    }
  });
}

async function incidentOf(value: string | undefined, deps: IncidentButtonsDeps, log: Logger): Promise<NumberedIncident | undefined> {
  const target = parseIncidentButtonValue(value ?? '');
  if (target?.number === undefined) return undefined;
  try {
    return await deps.desk.find(target.number);
  } catch (error) {
    log.error({ err: error, incident: target.number }, 'could not read the incident of a button');
    return undefined;
  }
}

/** The commands that show what the Diagnose button would. */
function commandsFor(incident: NumberedIncident | undefined): string {
  switch (incident?.resource.kind) {
    case 'sagemaker-endpoint':
      return `\`/mlobs diagnose ${incident.resource.name}\` runs it`;
    case 'lambda-function':
      return `\`/mlobs lambda ${incident.resource.name}\` and \`/mlobs alarms\` show what is known`;
    default:
      return '`/mlobs alarms` shows what is known';
  }
}

function openList(open: readonly number[]): string {
  return open.length === 0 ? 'No incident is open.' : `Open incidents: ${open.map((n) => `#${n}`).join(', ')}.`;
}

async function answerPrivately(respond: RespondFn, text: string, log: Logger): Promise<void> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch (error) {
    log.error({ err: error }, 'could not answer the click privately');
  }
}

/**
 * The scale flow's buttons: Confirm / Approve / Cancel / Undo on a request message, the counts
 * of the private Scale… chooser, and Delete on a listed scheduled action. `ack()` first, always;
 * the desk checks permissions and states (a double click or Slack's resend meets "already
 * confirmed by …", which a resend does not show again); what only the clicker should read is
 * answered privately, everything else appears on the request message and in its thread.
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { incidentParentKey } from '../incidents/pipeline/incident-threads.js';
import { scaleChooser, parseScaleChoice } from '../scaling/scale-chooser.js';
import type { ScaleDesk } from '../scaling/scale-desk.js';
import type { ScaleAwsPorts } from '../scaling/scale-preview.js';
import { parseScheduleButtonValue } from '../scaling/scale-replies.js';
import { SCALE_ACTION_IDS, type ScaleButton } from '../scaling/scale-request.js';
import type { ScaleSchedules } from '../scaling/scale-schedules.js';
import { scaleBounds } from '../scaling/scale-plan.js';
import type { Config } from '../config/config.js';
import type { NumberedIncident } from '../incidents/pipeline/incident-threads.js';
import type { Logger } from '../telemetry/logger.js';
import { renderBlocks } from './render-blocks.js';

export interface ScaleButtonsDeps {
  desk: Pick<ScaleDesk, 'press' | 'ask'>;
  schedules: Pick<ScaleSchedules, 'delete'>;
  /** The incident a chooser pick belongs to (its channel and thread). */
  findIncident: (number: number) => Promise<NumberedIncident | undefined>;
  log: Logger;
}

const REQUEST_BUTTONS: ReadonlyArray<[string, ScaleButton]> = [
  [SCALE_ACTION_IDS.confirm, 'confirm'],
  [SCALE_ACTION_IDS.approve, 'approve'],
  [SCALE_ACTION_IDS.cancel, 'cancel'],
  [SCALE_ACTION_IDS.undo, 'undo'],
];

export function registerScaleButtons(app: App, deps: ScaleButtonsDeps): void {
  const log = deps.log.child({ component: 'scale-buttons' });

  for (const [actionId, button] of REQUEST_BUTTONS) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, context }) => {
      await ack();
      const retry = (context.retryNum ?? 0) > 0;
      const clickLog = log.child({ button, user: body.user.id, triggerId: body.trigger_id });
      const id = /^\d+$/.test(action.value ?? '') ? Number(action.value) : undefined;
      if (id === undefined) {
        await answerPrivately(respond, "This button's data could not be read, so nothing was changed. Ask again with `/mlobs scale`.", clickLog);
        return;
      }
      try {
        const outcome = await deps.desk.press(id, button, { id: body.user.id, name: body.user.username }, `action:${body.trigger_id}`);
        if (outcome.kind === 'not-found') await answerPrivately(respond, `There is no scale request ${id} any more; ask again with \`/mlobs scale\`.`, clickLog);
        else if (outcome.kind === 'refused' && !retry) await answerPrivately(respond, `Not done: ${outcome.reason}`, clickLog);
        else if (outcome.kind === 'refused') clickLog.info({ reason: outcome.reason }, 'resent scale click refused; not answered again');
      } catch (error) {
        clickLog.error({ err: error, request: id }, 'scale button failed');
        await answerPrivately(respond, 'Sorry — that did not work: something went wrong on our side (it is logged). Nothing more was changed; look at the request thread.', clickLog);
      }
    });
  }

  // The chooser offers several counts under one action id, so Slack sees `scale_choose`, `scale_choose#2`… (`uniqueActionId`).
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${SCALE_ACTION_IDS.choose}(#\\d+)?$`), async ({ ack, body, action, respond }) => {
    await ack();
    const clickLog = log.child({ button: 'choose', user: body.user.id });
    const choice = parseScaleChoice(action.value ?? '');
    const incident = choice === undefined ? undefined : await deps.findIncident(choice.incidentNumber).catch(() => undefined);
    if (choice === undefined || incident === undefined) {
      await answerPrivately(respond, 'That choice could not be read, or its incident is gone; use `/mlobs scale <endpoint> <count>`.', clickLog);
      return;
    }
    try {
      const outcome = await deps.desk.ask({
        endpoint: choice.endpoint,
        variant: choice.variant,
        count: choice.count,
        actor: { id: body.user.id, name: body.user.username },
        surface: 'slack',
        ...(body.channel?.id === undefined ? {} : { channelId: body.channel.id }),
        scope: { region: choice.region },
        incident: { number: incident.number, channel: incident.channel, threadKey: incidentParentKey(incident.number) },
      });
      if (outcome.kind === 'refused') await answerPrivately(respond, `Not scaled: ${outcome.reason}`, clickLog);
      else if (outcome.kind === 'dry-run') await answerPrivately(respond, `Dry run (\`dry_run\` is on): would call ${outcome.calls.join('; ')}. Nothing was changed.`, clickLog);
      else await answerPrivately(respond, `Request posted in incident #${incident.number}'s thread: ${outcome.request.production ? 'a second person must approve it' : 'Confirm there to scale'}.`, clickLog);
    } catch (error) {
      clickLog.error({ err: error }, 'scale choice failed');
      await answerPrivately(respond, 'Sorry — that did not work: something went wrong on our side (it is logged). Nothing was changed.', clickLog);
    }
  });

  app.action<BlockAction<ButtonAction>>(SCALE_ACTION_IDS.deleteSchedule, async ({ ack, body, action, respond }) => {
    await ack();
    const clickLog = log.child({ button: 'delete-schedule', user: body.user.id });
    const target = parseScheduleButtonValue(action.value ?? '');
    if (target === undefined) {
      await answerPrivately(respond, "This button's data could not be read, so nothing was deleted. `/mlobs scale <endpoint> schedules` lists them again.", clickLog);
      return;
    }
    try {
      const outcome = await deps.schedules.delete({
        endpoint: target.endpoint,
        variant: target.variant,
        name: target.name,
        actor: { id: body.user.id, name: body.user.username },
        surface: 'slack',
        ...(body.channel?.id === undefined ? {} : { channelId: body.channel.id }),
        scope: { region: target.region, ...(target.account === undefined ? {} : { account: target.account }) },
      });
      const said: Record<typeof outcome.kind, string> = {
        deleted: `Deleted scheduled action ${target.name} on ${target.endpoint}.`,
        gone: `${target.name} was already gone.`,
        'dry-run': `Dry run (\`dry_run\` is on): would delete ${target.name}. Nothing was changed.`,
        refused: `Not deleted: ${'reason' in outcome ? outcome.reason : ''}`,
      };
      await answerPrivately(respond, said[outcome.kind], clickLog);
    } catch (error) {
      clickLog.error({ err: error }, 'deleting a scheduled action failed');
      await answerPrivately(respond, `Sorry — deleting ${target.name} did not work (it is logged).`, clickLog);
    }
  });
}

/** The Scale… button on an incident parent: the private chooser for the incident's endpoint. */
export function scaleChooserAnswer(aws: ScaleAwsPorts, config: Pick<Config, 'endpoints'>, clock: () => Date) {
  return async (incident: NumberedIncident): Promise<{ text: string; blocks?: unknown[] }> => {
    if (incident.resource.kind !== 'sagemaker-endpoint') return { text: `Incident #${incident.number} is not about a SageMaker endpoint: there is nothing to scale.` };
    const endpoint = incident.resource.name;
    const reply = await scaleChooser(
      aws,
      {
        incidentNumber: incident.number,
        endpoint,
        ...(incident.resource.variant === undefined ? {} : { variant: incident.resource.variant }),
        scope: { region: incident.region },
        bounds: scaleBounds(config.endpoints[endpoint]),
      },
      clock(),
    );
    const message = renderBlocks(reply);
    return { text: message.text, ...(message.blocks ? { blocks: [...message.blocks] } : {}) };
  };
}

async function answerPrivately(respond: RespondFn, text: string, log: Logger): Promise<void> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch (error) {
    log.error({ err: error }, 'could not answer the click privately');
  }
}

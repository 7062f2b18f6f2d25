import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CommandResult, CommandRunner } from '../command/command-runner.js';
import { elapsedText } from '../command/command-runner.js';
import type { Visibility } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import type { BotMetrics } from '../telemetry/metrics.js';
import type { ChartUploads } from './chart-uploads.js';
import { cancelAction, type RunningCommands } from './command-cancel.js';
import { CommandProgressMessage } from './command-progress.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { renderBlocks, type SlackMessage } from './render-blocks.js';

/**
 * `/mlobs <text>`: acknowledge first, always, so Slack's 3-second limit can never be missed however
 * slow the command; then run it and answer through `response_url`. A command that reports progress
 * gets a "Running…" message with a Cancel button, which its answer then replaces
 * (`command-progress.ts` says how, within what Slack allows).
 *
 * The listener matches any command starting with `/mlobs` so a second install (`/mlobs-staging`)
 * needs no code change.
 */
export function registerSlashCommand(
  app: App,
  deps: {
    runner: CommandRunner;
    log: Logger;
    metrics: BotMetrics;
    runs: RunningCommands;
    progressIntervalMs?: number;
    /** `charts.mode: upload`: charts are uploaded as files, never linked. */
    chartUploads?: ChartUploads;
  },
): void {
  app.command(/^\/mlobs/, async ({ command, ack, respond, client }) => {
    const received = process.hrtime.bigint();
    await ack();
    deps.metrics.slackAcks.observe(Number(process.hrtime.bigint() - received) / 1e9);

    const log = deps.log.child({ user: command.user_id, channel: command.channel_id });
    const run = deps.runs.start(command.user_id);
    const progress = new CommandProgressMessage({
      client,
      respond,
      channelId: command.channel_id,
      log,
      cancel: cancelAction(run),
      onShown: () => run.watchForRemoteCancel(),
      ...(deps.progressIntervalMs === undefined ? {} : { intervalMs: deps.progressIntervalMs }),
    });
    try {
      const result = await deps.runner.run(
        command.text ?? '',
        { userId: command.user_id, userName: command.user_name, channelId: command.channel_id, surface: 'slack' },
        { progress: (reply) => progress.show(reply), signal: run.signal },
      );
      const cancelled = result.outcome === 'cancelled' && result.cancellation;
      const message = cancelled ? cancelledMessage(result.cancellation!) : renderBlocks(result.reply, deps.chartUploads ? { charts: 'caption' } : {});
      const answerLog = log.child({ command: result.command ?? 'unknown' });
      const inPlace = await progress.finish(message, result.reply.visibility);
      if (!inPlace) await answer(respond, message, result.reply.visibility, answerLog);
      if (deps.chartUploads && !cancelled) {
        await uploadCharts(deps.chartUploads, client, result, { channel: command.channel_id, threadTs: inPlace ? progress.postedTs : undefined, text: command.text ?? '' }, answerLog);
      }
    } finally {
      run.finish();
    }
  });
}

/**
 * A `response_url` cannot carry files, so the charts follow the answer as their own message: in the
 * progress message's thread when the answer replaced one, else in the channel. Only for answers
 * the channel sees: a private answer's charts would otherwise be shown to everyone.
 */
async function uploadCharts(
  uploads: ChartUploads,
  client: WebClient,
  result: CommandResult,
  where: { channel: string; threadTs: string | undefined; text: string },
  log: Logger,
): Promise<void> {
  if (!result.reply.parts.some((part) => part.kind === 'chart')) return;
  if (result.reply.visibility !== 'channel') {
    log.debug('charts of a private answer are not uploaded');
    return;
  }
  const asked = escapeMrkdwn(where.text.replace(/`/g, "'").trim()).slice(0, 400);
  const comment = `Charts for \`/mlobs ${asked}\``;
  await uploads.upload(client, result.reply, { channel: where.channel, ...(where.threadTs ? { threadTs: where.threadTs } : {}), comment }, log);
}

/** "Cancelled by <@U…> after 12 s; the query was stopped (StopQuery) …", mentioning who cancelled. */
function cancelledMessage(cancellation: NonNullable<CommandResult['cancellation']>): SlackMessage {
  const who = /^[UW][A-Z0-9]{2,}$/.test(cancellation.by) ? `<@${cancellation.by}>` : escapeMrkdwn(cancellation.by);
  const detail = cancellation.detail ? `; ${escapeMrkdwn(cancellation.detail)}` : '.';
  const text = `:information_source: Cancelled by ${who} after ${elapsedText(cancellation.afterMs)}${detail}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** Sends the answer; if Slack refuses the blocks, sends the plain-text summary so the person is never left without an answer. */
async function answer(respond: RespondFn, message: SlackMessage, visibility: Visibility, log: Logger): Promise<void> {
  const { text, blocks } = message;
  const responseType = visibility === 'channel' ? 'in_channel' : 'ephemeral';
  try {
    await respond({ response_type: responseType, text, blocks, replace_original: false });
  } catch (error) {
    log.error({ err: error }, 'slack refused the reply; sending plain text instead');
    try {
      await respond({ response_type: 'ephemeral', text: `${text}\n(The full answer could not be shown in Slack; the error is logged.)` });
    } catch (fallbackError) {
      log.error({ err: fallbackError }, 'slack refused the plain-text reply too');
    }
  }
}

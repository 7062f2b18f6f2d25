import type { App, RespondFn } from '@slack/bolt';
import type { CommandRunner } from '../command/command-runner.js';
import type { Reply } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import type { BotMetrics } from '../telemetry/metrics.js';
import { renderBlocks } from './render-blocks.js';

/**
 * `/mlobs <text>`: acknowledge first, always, so Slack's 3-second limit can never be missed however
 * slow the command; then run it and answer through `response_url`.
 *
 * The listener matches any command starting with `/mlobs` so a second install (`/mlobs-staging`)
 * needs no code change.
 */
export function registerSlashCommand(app: App, deps: { runner: CommandRunner; log: Logger; metrics: BotMetrics }): void {
  app.command(/^\/mlobs/, async ({ command, ack, respond }) => {
    const received = process.hrtime.bigint();
    await ack();
    deps.metrics.slackAcks.observe(Number(process.hrtime.bigint() - received) / 1e9);

    const result = await deps.runner.run(command.text ?? '', {
      userId: command.user_id,
      userName: command.user_name,
      channelId: command.channel_id,
      surface: 'slack',
    });
    await answer(respond, result.reply, deps.log.child({ command: result.command ?? 'unknown', user: command.user_id, channel: command.channel_id }));
  });
}

/** Sends the reply; if Slack refuses the blocks, sends the plain-text summary so the person is never left without an answer. */
async function answer(respond: RespondFn, reply: Reply, log: Logger): Promise<void> {
  const { text, blocks } = renderBlocks(reply);
  const responseType = reply.visibility === 'channel' ? 'in_channel' : 'ephemeral';
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

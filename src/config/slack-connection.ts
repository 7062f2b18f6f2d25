/**
 * Which way the bot talks to Slack follows from which credentials are present: none is local
 * mode (simulators), a bot token with an app token is Socket Mode, a bot token alone is HTTP
 * mode, which needs the signing secret to verify Slack's requests.
 *
 * Decided from presence alone, so a token with a bad prefix still yields the mode's own
 * problems alongside its format problem.
 */
import type { SlackConnection } from './config.js';
import { envValue } from './env-schema.js';
import type { ConfigProblem } from './problems.js';

export type SlackConnectionResult =
  | { ok: true; connection: SlackConnection; warnings: string[] }
  | { ok: false; problems: ConfigProblem[] };

export function slackConnectionFrom(env: NodeJS.ProcessEnv): SlackConnectionResult {
  const botToken = envValue(env, 'SLACK_BOT_TOKEN');
  const appToken = envValue(env, 'SLACK_APP_TOKEN');
  const signingSecret = envValue(env, 'SLACK_SIGNING_SECRET');

  if (botToken === undefined) {
    if (appToken !== undefined) {
      return problem('env.SLACK_BOT_TOKEN', 'required when SLACK_APP_TOKEN is set (Socket Mode needs both)');
    }
    const warnings =
      signingSecret === undefined ? [] : ['SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: running in local mode'];
    return { ok: true, connection: { mode: 'local' }, warnings };
  }
  if (appToken !== undefined) {
    return { ok: true, connection: { mode: 'socket', botToken, appToken, signingSecret }, warnings: [] };
  }
  if (signingSecret === undefined) {
    return problem(
      'env.SLACK_SIGNING_SECRET',
      'required in HTTP mode (SLACK_BOT_TOKEN is set, SLACK_APP_TOKEN is not); or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  return { ok: true, connection: { mode: 'http', botToken, signingSecret }, warnings: [] };
}

function problem(path: string, message: string): SlackConnectionResult {
  return { ok: false, problems: [{ path, message }] };
}

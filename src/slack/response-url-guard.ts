/**
 * Bolt's `respond()` POSTs to whatever `response_url` the request carries. The request is
 * signed, but a leaked signing secret or a replayed body would then make the bot send command
 * output (metrics, log lines, costs) to any host. So a request whose `response_url` is not
 * Slack's — `https://hooks.slack.com/…`, or the configured `SLACK_API_URL`'s origin (the
 * simulator serves both there) — is acknowledged and dropped before any listener runs: nothing
 * is executed and nothing is sent anywhere.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../telemetry/logger.js';

const SLACK_RESPONSE_HOST = 'hooks.slack.com';

/** Why `url` is not a response URL the bot may post to, or undefined when it is. */
export function untrustedResponseUrl(url: string, apiUrl: string | undefined): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is not a URL';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'it carries user info';
  if (parsed.protocol === 'https:' && parsed.hostname === SLACK_RESPONSE_HOST && parsed.port === '') return undefined;
  if (apiUrl !== undefined && parsed.origin === new URL(apiUrl).origin) return undefined;
  return `host ${parsed.host} is not ${SLACK_RESPONSE_HOST}${apiUrl === undefined ? '' : ` or ${new URL(apiUrl).host} (SLACK_API_URL)`}`;
}

/** Every `response_url` a request may carry: slash commands and clicks have one, view submissions a list. */
function responseUrlsOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const { response_url: single, response_urls: many } = body as { response_url?: unknown; response_urls?: unknown };
  const urls = single === undefined ? [] : [String(single)];
  if (Array.isArray(many)) for (const each of many) urls.push(String((each as { response_url?: unknown })?.response_url));
  return urls;
}

export function responseUrlGuard(options: { apiUrl?: string; log: Logger }): Middleware<AnyMiddlewareArgs> {
  const log = options.log.child({ component: 'response-url-guard' });
  return async (args) => {
    for (const url of responseUrlsOf(args.body)) {
      const problem = untrustedResponseUrl(url, options.apiUrl);
      if (problem === undefined) continue;
      const body = args.body as { user_id?: string; user?: { id?: string }; team_id?: string; team?: { id?: string } };
      log.warn(
        { responseUrl: url.slice(0, 200), problem, user: body.user_id ?? body.user?.id, team: body.team_id ?? body.team?.id },
        'slack request refused: its response_url is not Slack; nothing was run or answered',
      );
      // Acknowledge so Slack (or whoever sent it) does not retry; no listener runs.
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack !== undefined) await ack();
      return;
    }
    await args.next();
  };
}

import { createHmac } from 'node:crypto';

/** Headers Slack sends with a request, signed the way Slack signs (v0, HMAC-SHA256). */
export function slackSignatureHeaders(signingSecret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

/** The form body of a `/mlobs` slash command, with every field Slack sends. */
export function slashCommandBody(fields: { text: string; responseUrl: string; userId?: string; channelId?: string; command?: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    team_domain: 'mlobs-test',
    channel_id: fields.channelId ?? 'C0INCIDENTS',
    channel_name: 'ml-incidents',
    user_id: fields.userId ?? 'U0ONCALL',
    user_name: 'oncall',
    command: fields.command ?? '/mlobs',
    text: fields.text,
    api_app_id: 'A0MLOBS',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1234.5678.abcdef',
  }).toString();
}

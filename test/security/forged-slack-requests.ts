/**
 * Requests an attacker holding the signing secret (or replaying a captured body) could send: a
 * click or a slash command correctly signed, but with fields Slack would never put together —
 * a click on one channel's message claiming another channel, a `response_url` on any host.
 */
import type { SimMessage } from '../../src/sim/slack/message-store.js';
import { slackSignatureHeaders } from '../../src/sim/slack/slack-requests-to-bot.js';

interface Signed {
  botUrl: string;
  signingSecret: string;
}

export interface ForgedClick extends Signed {
  message: SimMessage;
  actionId: string;
  userId: string;
  /** The channel the payload claims the click came from. */
  channelId: string;
  responseUrl: string;
}

export async function forgedClick(options: ForgedClick): Promise<number> {
  const element = buttonOf(options.message, options.actionId);
  const now = Date.now();
  const payload = {
    type: 'block_actions',
    user: { id: options.userId, username: options.userId.toLowerCase(), name: options.userId.toLowerCase(), team_id: 'T0MLOBS' },
    api_app_id: 'A0MLOBS',
    token: 'forged',
    container: { type: 'message', message_ts: options.message.ts, channel_id: options.channelId, is_ephemeral: false },
    trigger_id: `${now}.forged.${Math.random().toString(16).slice(2)}`,
    team: { id: 'T0MLOBS', domain: 'mlobs' },
    channel: { id: options.channelId, name: 'forged' },
    response_url: options.responseUrl,
    actions: [{ type: 'button', action_id: options.actionId, block_id: element.blockId, value: element.value, action_ts: `${Math.floor(now / 1000)}.000000` }],
  };
  return postSigned(options, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

export interface ForgedCommand extends Signed {
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
}

export async function forgedSlashCommand(options: ForgedCommand): Promise<number> {
  const body = new URLSearchParams({
    token: 'forged',
    team_id: 'T0MLOBS',
    team_domain: 'mlobs',
    channel_id: options.channelId,
    channel_name: 'forged',
    user_id: options.userId,
    user_name: options.userId.toLowerCase(),
    command: '/mlobs',
    text: options.text,
    api_app_id: 'A0MLOBS',
    response_url: options.responseUrl,
    trigger_id: `${Date.now()}.forged`,
  }).toString();
  return postSigned(options, body);
}

async function postSigned(options: Signed, body: string): Promise<number> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(options.signingSecret, body, Math.floor(Date.now() / 1000)) };
  const response = await fetch(options.botUrl, { method: 'POST', headers, body });
  await response.text();
  return response.status;
}

function buttonOf(message: SimMessage, actionId: string): { blockId: string; value: string } {
  for (const block of (message.blocks ?? []) as Array<{ block_id?: string; elements?: Array<{ action_id?: string; value?: string }> }>) {
    const element = block.elements?.find((each) => each.action_id === actionId);
    if (element) return { blockId: block.block_id ?? 'actions', value: element.value ?? '' };
  }
  throw new Error(`no button ${actionId} on message ${message.ts}`);
}

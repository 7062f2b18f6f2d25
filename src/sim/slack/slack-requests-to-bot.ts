import { createHmac } from 'node:crypto';
import { messageJson, type SimEphemeral, type SimMessage } from './message-store.js';
import type { ResponseUrls } from './response-urls.js';
import type { TriggerIds } from './view-methods.js';
import type { SimChannel, SimUser, Workspace } from './workspace.js';

/**
 * Requests Slack sends TO the bot — slash commands and button clicks — built from the
 * simulated workspace, signed with the v0 scheme (HMAC-SHA256 over `v0:<timestamp>:<body>`),
 * each carrying a fresh `response_url` and `trigger_id` the simulator honours.
 */

interface SignedRequestOptions {
  /** The bot's request URL, e.g. `http://127.0.0.1:3000/slack/events`. */
  botUrl: string;
  signingSecret: string;
  /**
   * `X-Slack-Request-Timestamp` in Unix seconds. Defaults to now by the real clock (the bot
   * checks against its own); set it more than 5 minutes back to test stale-request refusal.
   */
  timestamp?: number;
  /** Sends `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason`) as Slack does when it retries. */
  retryNum?: number;
  retryReason?: string;
}

export interface SlashCommandOptions extends SignedRequestOptions {
  text: string;
  /** Default: the first seeded user (`U0ONCALL`). */
  userId?: string;
  /** ID or `#name`; default: the first seeded channel (`#ml-incidents`). */
  channelId?: string;
  command?: string;
}

export interface ButtonClickOptions extends SignedRequestOptions {
  /** The stored message (or ephemeral message) holding the button. */
  message: SimMessage | SimEphemeral;
  actionId: string;
  /** Default: the button's own `value`. */
  value?: string;
  /** Default: the first seeded user. */
  userId?: string;
}

export interface BotRequestResult {
  /** The bot's HTTP status. */
  status: number;
  /** How long the bot took to answer (Slack gives up after 3 s). */
  elapsedMs: number;
  /** The bot's response body. */
  body: string;
  responseUrl: string;
  responseUrlId: string;
  triggerId: string;
}

export interface BotRequestContext {
  workspace: Workspace;
  responseUrls: ResponseUrls;
  triggers: TriggerIds;
  baseUrl: string;
}

export async function sendSlashCommand(context: BotRequestContext, options: SlashCommandOptions): Promise<BotRequestResult> {
  const { workspace } = context;
  const channel = channelFor(workspace, options.channelId);
  const user = userFor(workspace, options.userId);
  const { responseUrl, responseUrlId, triggerId } = issue(context, { channel: channel.id, user: user.id });
  const body = new URLSearchParams({
    token: 'simulator-verification-token',
    team_id: workspace.team.id,
    team_domain: workspace.team.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: options.command ?? '/mlobs',
    text: options.text,
    api_app_id: workspace.bot.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
  return { ...(await postSigned(options, body)), responseUrl, responseUrlId, triggerId };
}

export async function clickButton(context: BotRequestContext, options: ButtonClickOptions): Promise<BotRequestResult> {
  const { workspace } = context;
  const { message } = options;
  const found = findButton(message.blocks ?? [], options.actionId);
  const channel = channelFor(workspace, message.channel);
  const user = userFor(workspace, options.userId);
  const isEphemeral = !('replyCount' in message);
  const { responseUrl, responseUrlId, triggerId } = issue(context, {
    channel: channel.id,
    user: user.id,
    messageTs: message.ts,
    messageIsEphemeral: isEphemeral,
  });
  const now = Date.now();
  const value = options.value ?? (typeof found.element.value === 'string' ? found.element.value : undefined);
  const payload = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: workspace.team.id },
    api_app_id: workspace.bot.appId,
    token: 'simulator-verification-token',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: isEphemeral,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    trigger_id: triggerId,
    team: { id: workspace.team.id, domain: workspace.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    ...(isEphemeral ? {} : { message: messageJson(message as SimMessage, workspace.team.id) }),
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      {
        type: found.element.type,
        action_id: options.actionId,
        block_id: found.blockId,
        ...(found.element.text ? { text: found.element.text } : {}),
        ...(value !== undefined ? { value } : {}),
        ...(found.element.style ? { style: found.element.style } : {}),
        action_ts: `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { ...(await postSigned(options, body)), responseUrl, responseUrlId, triggerId };
}

/** The headers Slack signs a request with. */
export function slackSignatureHeaders(signingSecret: string, body: string, timestamp: number): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

async function postSigned(options: SignedRequestOptions, body: string): Promise<{ status: number; elapsedMs: number; body: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...slackSignatureHeaders(options.signingSecret, body, timestamp),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(options.botUrl, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, elapsedMs: performance.now() - started, body: text };
}

function issue(context: BotRequestContext, target: Parameters<ResponseUrls['issue']>[0]): { responseUrl: string; responseUrlId: string; triggerId: string } {
  const responseUrlId = context.responseUrls.issue(target);
  return { responseUrl: `${context.baseUrl}/response/${responseUrlId}`, responseUrlId, triggerId: context.triggers.issue() };
}

function channelFor(workspace: Workspace, ref: string | undefined): SimChannel {
  const channels = workspace.allChannels();
  const channel = ref === undefined ? channels[0] : workspace.findChannel(ref, { allowNames: true });
  if (!channel) throw new Error(`no channel ${JSON.stringify(ref)} in the simulated workspace (known: ${channels.map((c) => `#${c.name} ${c.id}`).join(', ')})`);
  return channel;
}

function userFor(workspace: Workspace, id: string | undefined): SimUser {
  const user = id === undefined ? workspace.humans()[0] : workspace.user(id);
  if (!user) throw new Error(`no user ${JSON.stringify(id)} in the simulated workspace (known: ${workspace.humans().map((u) => u.id).join(', ')})`);
  return user;
}

type Element = { type?: string; action_id?: string; value?: unknown; text?: unknown; style?: unknown };

function findButton(blocks: readonly unknown[], actionId: string): { element: Element; blockId: string } {
  const known: string[] = [];
  for (const [index, raw] of blocks.entries()) {
    const block = raw as { block_id?: string; elements?: Element[]; accessory?: Element };
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), ...(block.accessory ? [block.accessory] : [])];
    for (const element of candidates) {
      if (typeof element?.action_id !== 'string') continue;
      if (element.action_id === actionId) return { element, blockId: block.block_id ?? `sim-block-${index}` };
      known.push(element.action_id);
    }
  }
  throw new Error(`the message has no element with action_id ${JSON.stringify(actionId)} (has: ${known.join(', ') || 'none'})`);
}

import type { types } from '@slack/bolt';
import { stripControlCharacters } from '../reply/control-characters.js';
import { plainTextOf } from '../reply/inline-markup.js';
import type { Action, ConfirmDialog } from '../reply/reply.js';
import { SLACK_LIMITS } from './block-limits.js';
import { escapeMrkdwn, truncateMrkdwn, truncatePlain } from './mrkdwn.js';

/**
 * Slack needs `action_id` unique within a message; a repeated id gets `#2`, `#3`… The
 * interactivity layer dispatches on `baseActionId(action_id)`.
 */
const DUPLICATE_SUFFIX = /#\d+$/;

export function baseActionId(actionId: string): string {
  return actionId.replace(DUPLICATE_SUFFIX, '');
}

export function uniqueActionId(id: string, used: Set<string>): string {
  const base = truncatePlainId(id || 'action', SLACK_LIMITS.actionId);
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) {
    const suffix = `#${n}`;
    candidate = truncatePlainId(base, SLACK_LIMITS.actionId - suffix.length) + suffix;
  }
  used.add(candidate);
  return candidate;
}

/**
 * Buttons in actions blocks of at most 25. An action Slack cannot carry (a payload over
 * 2,000 characters, a link that is not http(s) or too long) is listed in a context block
 * with its command instead of being dropped silently.
 */
export function actionBlocks(actions: readonly Action[], usedIds: Set<string>): types.KnownBlock[] {
  const buttons: types.Button[] = [];
  const unsendable: Action[] = [];
  for (const action of actions) {
    if (canSend(action)) buttons.push(buttonOf(action, usedIds));
    else unsendable.push(action);
  }
  const blocks: types.KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += SLACK_LIMITS.actionsElements) {
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + SLACK_LIMITS.actionsElements) });
  }
  if (unsendable.length > 0) {
    const listed = unsendable
      .map((action) => (action.command ? `${action.label}: \`${action.command}\`` : action.label))
      .join(' · ');
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncateMrkdwn(`Not available as buttons: ${listed}`, SLACK_LIMITS.contextText) }],
    });
  }
  return blocks;
}

function canSend(action: Action): boolean {
  if (action.value !== undefined && action.value.length > SLACK_LIMITS.buttonValue) return false;
  if (action.url !== undefined && !(isHttpUrl(action.url) && action.url.length <= SLACK_LIMITS.buttonUrl)) return false;
  return true;
}

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

function buttonOf(action: Action, usedIds: Set<string>): types.Button {
  const label = plainLine(action.label) || action.id || 'Go';
  const button: types.Button = {
    type: 'button',
    text: { type: 'plain_text', text: truncatePlain(label, SLACK_LIMITS.buttonText), emoji: true },
    action_id: uniqueActionId(action.id, usedIds),
  };
  if (action.value) button.value = action.value;
  if (action.url) button.url = action.url;
  if (action.style) button.style = action.style;
  if (action.confirm) button.confirm = confirmOf(action.confirm);
  return button;
}

function confirmOf(dialog: ConfirmDialog): types.ConfirmationDialog {
  const plain = (value: string, max: number, fallback: string): types.PlainTextElement => ({
    type: 'plain_text',
    text: truncatePlain(plainLine(value) || fallback, max),
  });
  return {
    title: plain(dialog.title, SLACK_LIMITS.confirmTitle, 'Are you sure?'),
    text: { type: 'mrkdwn', text: truncateMrkdwn(dialog.text, SLACK_LIMITS.confirmText) || escapeMrkdwn('Are you sure?') },
    confirm: plain(dialog.confirm, SLACK_LIMITS.confirmButton, 'Yes'),
    deny: plain(dialog.deny, SLACK_LIMITS.confirmButton, 'Cancel'),
  };
}

/** Markup-free, control-free, single-line text for plain_text objects. */
export function plainLine(markup: string): string {
  return plainTextOf(stripControlCharacters(markup, 'space')).trim();
}

function truncatePlainId(id: string, max: number): string {
  let kept = '';
  for (const char of id) {
    if (kept.length + char.length > max) break;
    kept += char;
  }
  return kept;
}

import { SLACK_LIMITS, blocksCharacterCount } from '../../slack/block-limits.js';

/**
 * Block Kit validation as Slack does it: the same limits the renderer respects
 * (`SLACK_LIMITS`), answered the way Slack answers — `invalid_blocks` with
 * `[ERROR] … [json-pointer:/blocks/…]` details, or `msg_blocks_too_long` when the message
 * passes the character budget.
 */

export type BlockSurface = 'message' | 'modal';

export type BlockCheck =
  | { ok: true }
  | { ok: false; error: 'invalid_blocks' | 'msg_blocks_too_long'; messages: string[] };

export interface BlockValidationOptions {
  surface?: BlockSurface;
  /** Characters allowed for all blocks together, by `blocksCharacterCount`. */
  characterBudget?: number;
}

const MODAL_BLOCKS = 100;
const BLOCK_ID_LENGTH = 255;
const MESSAGE_BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'image', 'divider', 'rich_text', 'file', 'video', 'markdown', 'input']);
const MODAL_BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'image', 'divider', 'rich_text', 'video', 'input']);
const INTERACTIVE_ELEMENTS = new Set([
  'button', 'checkboxes', 'datepicker', 'datetimepicker', 'overflow', 'radio_buttons', 'timepicker', 'workflow_button',
  'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select',
  'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select', 'multi_channels_select',
  'plain_text_input', 'email_text_input', 'url_text_input', 'number_input', 'rich_text_input', 'file_input',
]);

type Json = Record<string, unknown>;

export function validateBlocks(blocks: unknown, options: BlockValidationOptions = {}): BlockCheck {
  const surface = options.surface ?? 'message';
  const problems = new BlockProblems();
  if (!Array.isArray(blocks)) {
    problems.add('/blocks', 'must be an array');
    return problems.result();
  }
  const maxBlocks = surface === 'modal' ? MODAL_BLOCKS : SLACK_LIMITS.blocksPerMessage;
  if (blocks.length > maxBlocks) problems.add('/blocks', `must be less than ${maxBlocks + 1} items`);
  const seen = { actionIds: new Set<string>(), blockIds: new Set<string>() };
  blocks.forEach((block, i) => checkBlock(block, `/blocks/${i}`, surface, seen, problems));
  if (!problems.empty) return problems.result();
  const budget = options.characterBudget ?? SLACK_LIMITS.messageBlockCharacters;
  const size = blocksCharacterCount(blocks);
  if (surface === 'message' && size > budget) {
    return { ok: false, error: 'msg_blocks_too_long', messages: [`[ERROR] blocks are ${size} characters long, more than ${budget} [json-pointer:/blocks]`] };
  }
  return { ok: true };
}

class BlockProblems {
  private readonly messages: string[] = [];

  get empty(): boolean {
    return this.messages.length === 0;
  }

  add(pointer: string, problem: string): void {
    this.messages.push(`[ERROR] ${problem} [json-pointer:${pointer}]`);
  }

  result(): BlockCheck {
    return this.empty ? { ok: true } : { ok: false, error: 'invalid_blocks', messages: this.messages };
  }
}

function checkBlock(raw: unknown, at: string, surface: BlockSurface, seen: { actionIds: Set<string>; blockIds: Set<string> }, problems: BlockProblems): void {
  if (!isObject(raw)) return problems.add(at, 'must be an object');
  const block = raw;
  const allowed = surface === 'modal' ? MODAL_BLOCK_TYPES : MESSAGE_BLOCK_TYPES;
  if (typeof block.type !== 'string' || !allowed.has(block.type)) {
    return problems.add(`${at}/type`, `unsupported block type ${JSON.stringify(block.type)} for a ${surface}`);
  }
  if (block.block_id !== undefined) {
    const id = block.block_id;
    if (typeof id !== 'string' || id.length === 0 || id.length > BLOCK_ID_LENGTH) problems.add(`${at}/block_id`, `must be a string of 1 to ${BLOCK_ID_LENGTH} characters`);
    else if (seen.blockIds.has(id)) problems.add(`${at}/block_id`, `duplicate block_id ${JSON.stringify(id)}`);
    else seen.blockIds.add(id);
  }
  const element = (value: unknown, path: string, kinds: 'interactive' | 'context'): void =>
    checkElement(value, path, kinds, seen.actionIds, problems);
  const L = SLACK_LIMITS;
  switch (block.type) {
    case 'header':
      return textObject(block.text, `${at}/text`, L.headerText, problems, 'plain_text');
    case 'section': {
      if (block.text === undefined && block.fields === undefined) return problems.add(at, 'must provide either text or fields');
      if (block.text !== undefined) textObject(block.text, `${at}/text`, L.sectionText, problems);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length === 0) problems.add(`${at}/fields`, 'must be a non-empty array');
        else {
          if (block.fields.length > L.sectionFields) problems.add(`${at}/fields`, `must be less than ${L.sectionFields + 1} items`);
          block.fields.forEach((field, f) => textObject(field, `${at}/fields/${f}`, L.fieldText, problems));
        }
      }
      if (block.accessory !== undefined) element(block.accessory, `${at}/accessory`, 'interactive');
      return;
    }
    case 'context': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0) return problems.add(`${at}/elements`, 'must be a non-empty array');
      if (elements.length > L.contextElements) problems.add(`${at}/elements`, `must be less than ${L.contextElements + 1} items`);
      return elements.forEach((e, n) => element(e, `${at}/elements/${n}`, 'context'));
    }
    case 'actions': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0) return problems.add(`${at}/elements`, 'must be a non-empty array');
      if (elements.length > L.actionsElements) problems.add(`${at}/elements`, `must be less than ${L.actionsElements + 1} items`);
      return elements.forEach((e, n) => element(e, `${at}/elements/${n}`, 'interactive'));
    }
    case 'image':
      return imageFields(block, at, problems, true);
    case 'rich_text':
      if (!Array.isArray(block.elements)) problems.add(`${at}/elements`, 'must be an array');
      return;
    case 'input':
      if (block.label === undefined) problems.add(`${at}/label`, 'is required');
      else textObject(block.label, `${at}/label`, 2_000, problems, 'plain_text');
      return element(block.element, `${at}/element`, 'interactive');
    default:
      return;
  }
}

function checkElement(raw: unknown, at: string, kinds: 'interactive' | 'context', actionIds: Set<string>, problems: BlockProblems): void {
  if (!isObject(raw)) return problems.add(at, 'must be an object');
  const type = raw.type;
  if (type === 'image') return imageFields(raw, at, problems, false);
  if (kinds === 'context') {
    if (type === 'plain_text' || type === 'mrkdwn') return textObject(raw, at, SLACK_LIMITS.contextText, problems);
    return problems.add(`${at}/type`, `unsupported context element type ${JSON.stringify(type)}`);
  }
  if (typeof type !== 'string' || !INTERACTIVE_ELEMENTS.has(type)) return problems.add(`${at}/type`, `unsupported element type ${JSON.stringify(type)}`);
  const L = SLACK_LIMITS;
  if (raw.action_id !== undefined) {
    const id = raw.action_id;
    if (typeof id !== 'string' || id.length === 0 || id.length > L.actionId) problems.add(`${at}/action_id`, `must be a string of 1 to ${L.actionId} characters`);
    else if (actionIds.has(id)) problems.add(`${at}/action_id`, `duplicate action_id ${JSON.stringify(id)}`);
    else actionIds.add(id);
  }
  if (raw.confirm !== undefined) confirmDialog(raw.confirm, `${at}/confirm`, problems);
  if (type !== 'button') return;
  textObject(raw.text, `${at}/text`, L.buttonText, problems, 'plain_text');
  if (raw.value !== undefined) maxString(raw.value, `${at}/value`, L.buttonValue, problems);
  if (raw.url !== undefined) {
    maxString(raw.url, `${at}/url`, L.buttonUrl, problems);
    if (typeof raw.url === 'string' && !/^https?:\/\//i.test(raw.url)) problems.add(`${at}/url`, 'must be an http(s) URL');
  }
  if (raw.style !== undefined && raw.style !== 'primary' && raw.style !== 'danger') problems.add(`${at}/style`, 'must be one of primary, danger');
}

function confirmDialog(raw: unknown, at: string, problems: BlockProblems): void {
  if (!isObject(raw)) return problems.add(at, 'must be an object');
  const L = SLACK_LIMITS;
  textObject(raw.title, `${at}/title`, L.confirmTitle, problems, 'plain_text');
  textObject(raw.text, `${at}/text`, L.confirmText, problems);
  textObject(raw.confirm, `${at}/confirm`, L.confirmButton, problems, 'plain_text');
  textObject(raw.deny, `${at}/deny`, L.confirmButton, problems, 'plain_text');
}

function imageFields(raw: Json, at: string, problems: BlockProblems, isBlock: boolean): void {
  const L = SLACK_LIMITS;
  if (raw.slack_file === undefined) {
    if (typeof raw.image_url !== 'string' || !/^https?:\/\//i.test(raw.image_url)) problems.add(`${at}/image_url`, 'must be an http(s) URL');
    else maxString(raw.image_url, `${at}/image_url`, L.imageUrl, problems);
  }
  if (typeof raw.alt_text !== 'string' || raw.alt_text.length === 0) problems.add(`${at}/alt_text`, 'must be more than 0 characters');
  else maxString(raw.alt_text, `${at}/alt_text`, L.imageAltText, problems);
  if (isBlock && raw.title !== undefined) textObject(raw.title, `${at}/title`, L.imageTitle, problems, 'plain_text');
}

function textObject(raw: unknown, at: string, max: number, problems: BlockProblems, only?: 'plain_text'): void {
  if (!isObject(raw)) return problems.add(at, 'must be a text object');
  if (raw.type !== 'plain_text' && raw.type !== 'mrkdwn') return problems.add(`${at}/type`, 'must be one of plain_text, mrkdwn');
  if (only && raw.type !== only) return problems.add(`${at}/type`, `must be ${only}`);
  if (typeof raw.text !== 'string') return problems.add(`${at}/text`, 'must be a string');
  if (raw.text.length === 0) return problems.add(`${at}/text`, 'must be more than 0 characters');
  maxString(raw.text, `${at}/text`, max, problems);
}

function maxString(value: unknown, at: string, max: number, problems: BlockProblems): void {
  if (typeof value !== 'string') return problems.add(at, 'must be a string');
  if (value.length > max) problems.add(at, `must be less than ${max + 1} characters`);
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

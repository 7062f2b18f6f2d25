import { expect } from 'vitest';
import { SLACK_LIMITS, blocksCharacterCount } from '../../src/slack/block-limits.js';

/**
 * Checks a rendered message against every Block Kit limit we know of and fails with all
 * violations at once, each with the path of the offending element.
 */
export function assertWithinSlackLimits(blocks: readonly unknown[]): void {
  expect(slackLimitViolations(blocks)).toEqual([]);
}

type Json = Record<string, unknown>;

export function slackLimitViolations(blocks: readonly unknown[]): string[] {
  const problems: string[] = [];
  const L = SLACK_LIMITS;
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const textObject = (value: unknown, path: string, max: number, kind?: 'plain_text' | 'mrkdwn'): void => {
    const object = value as Json | undefined;
    const text = object?.text;
    check(typeof text === 'string', `${path}.text is not a string`);
    if (typeof text !== 'string') return;
    check(object?.type === 'plain_text' || object?.type === 'mrkdwn', `${path}.type is ${String(object?.type)}`);
    if (kind) check(object?.type === kind, `${path} must be ${kind}`);
    check(text.trim().length > 0, `${path}.text is empty`);
    check(text.length <= max, `${path}.text has ${text.length} characters (max ${max})`);
  };
  const actionIds = new Set<string>();

  check(blocks.length <= L.blocksPerMessage, `${blocks.length} blocks (max ${L.blocksPerMessage})`);
  const size = blocksCharacterCount(blocks);
  check(size <= L.messageBlockCharacters, `blocks total ${size} characters (max ${L.messageBlockCharacters})`);

  blocks.forEach((raw, i) => {
    const block = raw as Json;
    const path = `blocks[${i}](${String(block.type)})`;
    switch (block.type) {
      case 'header':
        textObject(block.text, `${path}.text`, L.headerText, 'plain_text');
        break;
      case 'section': {
        const fields = block.fields as unknown[] | undefined;
        check(block.text !== undefined || (fields?.length ?? 0) > 0, `${path} has neither text nor fields`);
        if (block.text !== undefined) textObject(block.text, `${path}.text`, L.sectionText);
        if (fields) {
          check(fields.length <= L.sectionFields, `${path} has ${fields.length} fields (max ${L.sectionFields})`);
          fields.forEach((field, f) => textObject(field, `${path}.fields[${f}]`, L.fieldText));
        }
        break;
      }
      case 'context': {
        const elements = (block.elements as unknown[] | undefined) ?? [];
        check(elements.length > 0 && elements.length <= L.contextElements, `${path} has ${elements.length} elements`);
        elements.forEach((element, e) => textObject(element, `${path}.elements[${e}]`, L.contextText));
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[] | undefined) ?? [];
        check(elements.length > 0 && elements.length <= L.actionsElements, `${path} has ${elements.length} elements`);
        elements.forEach((button, b) => {
          const at = `${path}.elements[${b}]`;
          check(button.type === 'button', `${at} is not a button`);
          textObject(button.text, `${at}.text`, L.buttonText, 'plain_text');
          const id = button.action_id;
          check(typeof id === 'string' && id.length > 0 && id.length <= L.actionId, `${at}.action_id is invalid`);
          if (typeof id === 'string') {
            check(!actionIds.has(id), `${at}.action_id "${id}" is not unique in the message`);
            actionIds.add(id);
          }
          if (button.value !== undefined) {
            check(typeof button.value === 'string' && button.value.length <= L.buttonValue, `${at}.value too long`);
          }
          if (button.url !== undefined) {
            const url = String(button.url);
            check(/^https?:\/\//.test(url) && url.length <= L.buttonUrl, `${at}.url is invalid or too long`);
          }
          if (button.style !== undefined) check(['primary', 'danger'].includes(String(button.style)), `${at}.style`);
          const confirm = button.confirm as Json | undefined;
          if (confirm) {
            textObject(confirm.title, `${at}.confirm.title`, L.confirmTitle, 'plain_text');
            textObject(confirm.text, `${at}.confirm.text`, L.confirmText);
            textObject(confirm.confirm, `${at}.confirm.confirm`, L.confirmButton, 'plain_text');
            textObject(confirm.deny, `${at}.confirm.deny`, L.confirmButton, 'plain_text');
          }
        });
        break;
      }
      case 'image': {
        const url = block.image_url;
        check(typeof url === 'string' && /^https?:\/\//.test(url) && url.length <= L.imageUrl, `${path}.image_url`);
        const alt = block.alt_text;
        check(typeof alt === 'string' && alt.length > 0 && alt.length <= L.imageAltText, `${path}.alt_text`);
        if (block.title !== undefined) textObject(block.title, `${path}.title`, L.imageTitle, 'plain_text');
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${path} is not a block type the renderer produces`);
    }
  });
  return problems;
}

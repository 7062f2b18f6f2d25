import { stripControlCharacters } from '../reply/control-characters.js';
import { plainTextOf } from '../reply/inline-markup.js';

/**
 * A Slack message as terminal text, for the local console's view of a simulated channel. It reads
 * the message's JSON (Block Kit as Slack stores it), so the console shows exactly what Slack
 * would, whoever built the blocks.
 */

interface TextObject {
  type?: string;
  text?: string;
}

/** A context element (text or image) or an actions element (a button, whose `text` is an object). */
interface ElementJson {
  type?: string;
  text?: TextObject | string;
  alt_text?: string;
}

interface BlockJson {
  type?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: ElementJson[];
  image_url?: string;
  alt_text?: string;
  title?: TextObject;
}

export interface SlackMessageJson {
  text?: string;
  blocks?: unknown[];
}

export function renderSlackMessage(message: SlackMessageJson, options: { indent?: string } = {}): string {
  const indent = options.indent ?? '';
  const blocks = Array.isArray(message.blocks) ? (message.blocks as BlockJson[]) : [];
  const lines = blocks.length > 0 ? blocks.flatMap(blockLines) : [plain(message.text ?? '')];
  return lines
    .join('\n')
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}

function blockLines(block: BlockJson): string[] {
  switch (block.type) {
    case 'header':
      return [plain(block.text?.text ?? '').toUpperCase()];
    case 'section': {
      const lines = block.text?.text ? [plain(block.text.text)] : [];
      for (const field of block.fields ?? []) lines.push(plain(field.text ?? '').replace('\n', ': '));
      return lines;
    }
    case 'context':
      return [(block.elements ?? []).map((element) => plain(typeof element.text === 'string' ? element.text : (element.alt_text ?? ''))).join('  ')];
    case 'image':
      return [`[chart] ${plain(block.title?.text ?? block.alt_text ?? '')} ${block.image_url ?? ''}`.trim()];
    case 'actions':
      return [(block.elements ?? []).map((element) => `[${plain(typeof element.text === 'object' ? (element.text.text ?? '') : '')}]`).join(' ')];
    case 'divider':
      return ['────'];
    default:
      return [];
  }
}

/** Slack mrkdwn to plain text: entities decoded, markup and code fences dropped, links kept visible. */
function plain(mrkdwn: string): string {
  // Links are read while `<` and `>` from data are still escaped, so data can never become a link.
  const text = plainTextOf(mrkdwn.replace(/```/g, ''), { links: 'label-and-url' });
  return stripControlCharacters(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/**
 * The transport-neutral answer model. Commands build a `Reply`; `src/slack/` renders it as
 * Block Kit and `src/console/` as terminal text. Nothing here knows either transport.
 *
 * Inline markup in `text` strings is the small subset both transports can show:
 * `*bold*`, `_italic_`, `` `code` `` and `<https://url|label>` links.
 */

/** Who sees the answer: the whole channel, or only the person who asked. */
export type Visibility = 'channel' | 'private';

/** The verdict colour of a note or a whole reply. */
export type Tone = 'info' | 'ok' | 'warning' | 'problem';

export interface Field {
  label: string;
  value: string;
}

export interface TableColumn {
  title: string;
  align?: 'left' | 'right';
}

export interface Table {
  columns: TableColumn[];
  rows: string[][];
  /**
   * How many rows the full result had, when `rows` holds only some of them (a Logs Insights
   * query that matched 10,000 rows). Renderers say "… N more rows" from this.
   */
  totalRows?: number;
}

export interface Chart {
  title: string;
  /** A rendered image (QuickChart URL, or an uploaded file's URL). */
  imageUrl: string;
  /** What the chart shows, in words: the fallback for screen readers and notifications. */
  altText: string;
}

export interface Sparkline {
  label: string;
  values: number[];
  /** Shown after the last value, e.g. `ms`. */
  unit?: string;
}

export interface ConfirmDialog {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

export interface Action {
  /** Stable identifier the interactivity layer dispatches on (Slack `action_id`). */
  id: string;
  label: string;
  /** Opaque payload handed back when the action is taken (Slack button `value`). */
  value?: string;
  style?: 'primary' | 'danger';
  /** A link button: opens `url` instead of calling the bot. */
  url?: string;
  confirm?: ConfirmDialog;
  /** The equivalent command for transports without buttons (the console): `mlobs ack 3`. */
  command?: string;
}

export type ReplyPart =
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'table'; table: Table }
  | { kind: 'chart'; chart: Chart }
  | { kind: 'sparkline'; sparkline: Sparkline }
  | { kind: 'note'; tone: Tone; text: string }
  | { kind: 'actions'; actions: Action[] }
  | { kind: 'divider' };

export interface Reply {
  heading: string;
  /** One line under the heading: what the answer covers (`us-east-1 · last 3 h · 11:00–14:00 UTC`). */
  context?: string;
  parts: ReplyPart[];
  visibility: Visibility;
  tone?: Tone;
  /**
   * The plain-text summary used where rich content cannot be shown (Slack notifications,
   * screen readers). Derived from the heading and parts when absent.
   */
  summary?: string;
}

export const text = (value: string): ReplyPart => ({ kind: 'text', text: value });
export const fields = (items: Field[]): ReplyPart => ({ kind: 'fields', fields: items });
export const table = (value: Table): ReplyPart => ({ kind: 'table', table: value });
export const chart = (value: Chart): ReplyPart => ({ kind: 'chart', chart: value });
export const sparkline = (value: Sparkline): ReplyPart => ({ kind: 'sparkline', sparkline: value });
export const note = (tone: Tone, value: string): ReplyPart => ({ kind: 'note', tone, text: value });
export const actions = (items: Action[]): ReplyPart => ({ kind: 'actions', actions: items });
export const divider = (): ReplyPart => ({ kind: 'divider' });

/** A private answer saying what went wrong and, when given, how to ask correctly. */
export function problemReply(heading: string, detail: string, usage?: string): Reply {
  const parts: ReplyPart[] = [note('problem', detail)];
  if (usage) parts.push(text(`Usage: \`${usage}\``));
  return { heading, parts, visibility: 'private', tone: 'problem', summary: `${heading}: ${detail}` };
}

/** The plain-text one-liner for a reply: its `summary`, or heading plus context. */
export function summaryOf(reply: Reply): string {
  if (reply.summary) return reply.summary;
  return reply.context ? `${reply.heading} (${reply.context})` : reply.heading;
}

import { renderSlackMessage, type SlackMessageJson } from './render-slack-message.js';

/** A message as the simulated workspace reports it (structural, so the console needs no simulator types). */
export interface FeedMessage extends SlackMessageJson {
  channel: string;
  ts: string;
  threadTs?: string;
}

/**
 * The local console's running view of a channel: new parents in full, thread replies indented
 * under a marker, edits of a parent as one line naming what it now says. Returns the text to
 * print, or undefined for what the feed does not show.
 */
export function feedLine(event: 'message' | 'update', message: FeedMessage, channelName: string): string | undefined {
  const time = timeOf(message.ts);
  const isReply = message.threadTs !== undefined && message.threadTs !== message.ts;
  if (event === 'update') {
    if (isReply) return undefined;
    const firstLine = renderSlackMessage(message).split('\n')[0] ?? '';
    return `${time} ${channelName} ↻ ${firstLine}`;
  }
  if (isReply) return `${time} ${channelName}   └ ${renderSlackMessage(message, { indent: '' }).split('\n').join('\n      ')}`;
  return `${time} ${channelName}\n${renderSlackMessage(message, { indent: '  ' })}`;
}

function timeOf(ts: string): string {
  const seconds = Number(ts.split('.')[0]);
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().slice(11, 19) : '--:--:--';
}

/**
 * What the channel sees for inbox messages that are not alarm transitions: anything else
 * published on an accepted topic (shown, never dropped), and the subscription handshake
 * (one line each). Slack mrkdwn; everything that came from outside is escaped so it can never
 * mention anyone or smuggle a link.
 */
import { stripControlCharacters } from '../../reply/control-characters.js';
import { dataText } from '../incident-replies.js';

const MAX_LINES = 40;

export function otherNotificationNotice(notification: { topicArn: string; subject?: string | undefined; text: string; reason: string }): string {
  const subject = notification.subject === undefined ? '' : ` — *${dataText(notification.subject, 200)}*`;
  const head = `📨 SNS notification on \`${topicName(notification.topicArn)}\`${subject} (not a CloudWatch alarm: ${dataText(notification.reason, 200)})`;
  return `${head}\n${quoted(notification.text)}`;
}

export function subscriptionNotice(kind: 'subscription-confirmation' | 'unsubscribe-confirmation', topicArn: string): string {
  return kind === 'subscription-confirmation'
    ? `🔗 Subscribed to SNS topic \`${dataText(topicArn, 300)}\`: its alarms will show up here.`
    : `⚠️ Unsubscribed from SNS topic \`${dataText(topicArn, 300)}\`: it sends no more alarms to mlobs.`;
}

/** The message as a block quote, escaped, line breaks kept. */
function quoted(text: string): string {
  const lines = stripControlCharacters(text, 'keep')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split('\n');
  const shown = lines.slice(0, MAX_LINES).map((line) => `> ${line}`);
  if (lines.length > MAX_LINES) shown.push(`> … ${lines.length - MAX_LINES} more lines`);
  return shown.join('\n');
}

function topicName(topicArn: string): string {
  return dataText(topicArn.slice(topicArn.lastIndexOf(':') + 1) || topicArn, 256);
}

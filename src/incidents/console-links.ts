/**
 * Links into the AWS console for an incident: the alarm, its metric, and the resource's log
 * group in Logs Insights. The metric and Logs Insights pages read their state from the URL
 * fragment in the console's own object notation (`~(key~value)`, strings `'…` with `*xx`
 * escapes), the same form the console writes when you copy its URL.
 */
import type { AlarmResource, WatchedMetric } from './alarm-notification/index.js';

function consoleBase(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

function cloudWatchHome(region: string): string {
  return `${consoleBase(region)}/cloudwatch/home?region=${encodeURIComponent(region)}`;
}

const UTF8 = new TextEncoder();

/** A string in the console's object notation: `'` then the text, anything but `A-Za-z0-9-._` as `*xx`. */
function consoleString(value: string): string {
  let encoded = "'";
  for (const char of value) {
    if (/^[A-Za-z0-9\-._]$/.test(char)) encoded += char;
    else for (const byte of UTF8.encode(char)) encoded += `*${byte.toString(16).padStart(2, '0')}`;
  }
  return encoded;
}

export function alarmConsoleUrl(region: string, alarmName: string): string {
  return `${cloudWatchHome(region)}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/** The metric graphed over the last `lookbackHours`, with the alarm's statistic and period. */
export function metricConsoleUrl(region: string, metric: WatchedMetric, lookbackHours: number): string {
  const series = [metric.namespace, metric.metricName, ...Object.entries(metric.dimensions).flat()]
    .map((part) => `~${consoleString(part)}`)
    .join('');
  const hours = Math.min(Math.max(1, Math.ceil(lookbackHours)), 24 * 15);
  const graph =
    `~(metrics~(~(${series}))~view~'timeSeries~stacked~false~region~${consoleString(region)}` +
    `~stat~${consoleString(metric.statistic)}~period~${Math.max(1, Math.round(metric.periodS))}~start~'-PT${hours}H~end~'P0D)`;
  return `${cloudWatchHome(region)}#metricsV2:graph=${graph}`;
}

const RECENT_LOGS_QUERY = 'fields @timestamp, @message\n| sort @timestamp desc\n| limit 200';

/** Logs Insights on one log group, over the last `lookbackSeconds`, newest lines first. */
export function logsInsightsUrl(region: string, logGroup: string, lookbackSeconds: number): string {
  const seconds = Math.max(60, Math.ceil(lookbackSeconds));
  const detail =
    `~(end~0~start~-${seconds}~timeType~'RELATIVE~unit~'seconds` +
    `~editorString~${consoleString(RECENT_LOGS_QUERY)}~source~(~${consoleString(logGroup)}))`;
  return `${cloudWatchHome(region)}#logsV2:logs-insights$3FqueryDetail$3D${detail}`;
}

/** Where the resource writes its logs: SageMaker endpoints and Lambda functions have fixed log groups. */
export function logGroupOf(resource: AlarmResource): string | undefined {
  switch (resource.kind) {
    case 'sagemaker-endpoint':
      return `/aws/sagemaker/Endpoints/${resource.name}`;
    case 'lambda-function':
      return `/aws/lambda/${resource.name}`;
    case 'other':
      return undefined;
  }
}

/**
 * An SQS queue URL, read: `https://sqs.<region>.amazonaws.com/<account>/<name>` (also `.com.cn`
 * and the legacy `<region>.queue.amazonaws.com` host), or a queue of a local simulator on
 * loopback (`http://127.0.0.1:4566/<account>/<name>`), whose region is the bot's default one.
 */
export interface SqsQueueAddress {
  url: string;
  /** Undefined for a loopback (simulator) URL: use `aws.defaultRegion`. */
  region: string | undefined;
  accountId: string;
  name: string;
}

const AWS_HOST = /^(?:sqs\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?|([a-z]{2}(?:-[a-z]+)+-\d)\.queue\.amazonaws\.com)$/;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
const PATH = /^\/(\d{12})\/([A-Za-z0-9_-]{1,75}(?:\.fifo)?|[A-Za-z0-9_-]{1,80})$/;

export const SQS_QUEUE_URL_SHAPE = 'https://sqs.REGION.amazonaws.com/ACCOUNT_ID/QUEUE_NAME (or a simulator queue on http://127.0.0.1:PORT/ACCOUNT_ID/QUEUE_NAME)';

export function parseSqsQueueUrl(text: string): SqsQueueAddress | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) return undefined;
  const path = PATH.exec(url.pathname);
  if (!path) return undefined;
  const [, accountId = '', name = ''] = path;
  const host = AWS_HOST.exec(url.hostname);
  if (host && url.protocol === 'https:' && url.port === '') return { url: text, region: host[1] ?? host[2], accountId, name };
  if (LOOPBACK_HOSTS.includes(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')) return { url: text, region: undefined, accountId, name };
  return undefined;
}

/** `arn:aws:sqs:eu-central-1:123456789012:mlobs-alarms`, in the region's partition. */
export function sqsQueueArn(address: SqsQueueAddress, defaultRegion: string): string {
  const region = address.region ?? defaultRegion;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:sqs:${region}:${address.accountId}:${address.name}`;
}

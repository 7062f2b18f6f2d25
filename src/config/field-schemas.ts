/**
 * Schemas for single values (a channel, a region, a duration…), shared by the environment and
 * the file. Each check words its own problem, quoting what was written and showing a valid
 * example, because that is what gets the file fixed.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { parseDuration } from './duration.js';
import { describeValue } from './problems.js';
import { parseSqsQueueUrl, SQS_QUEUE_URL_SHAPE } from './sqs-queue-url.js';

function matching(pattern: RegExp, problem: (quoted: string) => string) {
  return z.string().refine((value) => pattern.test(value), { error: (issue) => problem(describeValue(issue.input)) });
}

/** Text that must not be empty. */
export const text = z.string().trim().min(1);

const CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;
const CHANNEL_NAME = /^#?[a-z0-9_-]{1,80}$/;

/** A channel ID, or a name with or without `#` (normalized to `#name`). */
export const channelRef = z
  .string()
  .refine((value) => CHANNEL_ID.test(value) || CHANNEL_NAME.test(value), {
    error: (issue) =>
      `${describeValue(issue.input)} is not a channel: use an ID like C0123ABCD or a name like "#ml-incidents" ` +
      '(lowercase letters, digits, - and _, at most 80)',
  })
  .transform((value) => (CHANNEL_ID.test(value) || value.startsWith('#') ? value : `#${value}`));

export const slackPrincipalId = matching(
  /^[UWS][A-Z0-9]{8,}$/,
  (quoted) =>
    `${quoted} is not a Slack user ID (U…, W…) or user-group ID (S…); ` +
    "copy a member's ID from their profile menu (Copy member ID)",
);

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
export const regionCode = matching(REGION, (quoted) => `${quoted} is not an AWS region code (e.g. us-east-1, eu-central-1)`);

/**
 * Twelve digits as text. Unquoted digits are a YAML number, which also loses a leading 0, so
 * numbers are taken back as text and only then checked.
 */
export const awsAccountId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value),
  matching(
    /^\d{12}$/,
    (quoted) => `${quoted} is not a 12-digit AWS account ID (quote it: "012345678901"; unquoted, YAML drops a leading 0)`,
  ),
);

function isUrl(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

export const httpUrl = z.string().refine((value) => isUrl(value, ['http:', 'https:']), {
  error: (issue) => `${describeValue(issue.input)} is not an http(s) URL`,
});

export const httpsUrl = z.string().refine((value) => isUrl(value, ['https:']), {
  error: (issue) => `${describeValue(issue.input)} is not an https:// URL`,
});

export const sqsQueueUrl = z.string().refine((value) => parseSqsQueueUrl(value) !== undefined, {
  error: (issue) => `${describeValue(issue.input)} is not an SQS queue URL: ${SQS_QUEUE_URL_SHAPE}`,
});

/** `30m`, `1h`, `7d` → milliseconds. Bare numbers are refused: seconds or milliseconds? */
export const durationMs = z
  .custom<string | number>((value) => typeof value === 'string' || typeof value === 'number', {
    error: (issue) =>
      issue.input === undefined
        ? 'required'
        : issue.input === null
          ? 'is empty: give a duration (e.g. 30m) or remove the key'
          : `must be a duration like 30m, 1h or 7d, not ${describeValue(issue.input)}`,
  })
  .transform((value, ctx) => {
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms !== undefined) return ms;
    const problem =
      typeof value === 'number'
        ? `${value} has no unit (use e.g. 30m, 1h, 7d)`
        : `${describeValue(value)} is not a duration (use e.g. 30m, 1h, 7d)`;
    ctx.issues.push({ code: 'custom', input: value, message: problem });
    return z.NEVER;
  });

/** Five fields, the classic crontab form; croner would also take seconds, which we don't want. */
export const cronExpression = z.string().superRefine((expression, ctx) => {
  const problem = cronProblem(expression);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', input: expression, message: problem });
});

function cronProblem(expression: string): string | undefined {
  const quoted = describeValue(expression);
  const fields = expression.trim().split(/\s+/).filter((field) => field !== '').length;
  if (fields !== 5) {
    return (
      `${quoted} has ${fields} field${fields === 1 ? '' : 's'}; a schedule has 5 ` +
      '(minute hour day-of-month month day-of-week), e.g. "0 9 * * 1-5"'
    );
  }
  try {
    new Cron(expression, { paused: true }).stop();
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    return `${quoted} is not a valid cron schedule: ${reason}`;
  }
}

export const timeZone = z.string().superRefine((zone, ctx) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    ctx.addIssue({ code: 'custom', input: zone, message: timeZoneProblem(zone) });
  }
});

function timeZoneProblem(zone: string): string {
  const suggestion = closeTimeZone(zone, Intl.supportedValuesOf('timeZone'));
  return (
    `${describeValue(zone)} is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)` +
    (suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`)
  );
}

// Comparing only within the same area (`Europe/…`) keeps suggestions sensible and cheap.
function closeTimeZone(zone: string, known: readonly string[]): string | undefined {
  const area = zone.split('/')[0]?.toLowerCase();
  const sameArea = known.filter((candidate) => candidate.split('/')[0]?.toLowerCase() === area);
  return sameArea.length === 0 ? undefined : didYouMean(zone, sameArea);
}

/** Names a digest in `mlobs digest --name` and in the record of its runs. */
export const digestName = matching(
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/,
  (quoted) => `${quoted} is not a digest name (letters, digits, - and _, at most 40, starting with a letter or digit), e.g. "us-team"`,
);

export const endpointName = matching(
  /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
  (quoted) =>
    `${quoted} is not a SageMaker endpoint name (letters, digits and -, at most 63, ` +
    'starting and ending with a letter or digit)',
);

export const sagemakerInstanceType = matching(
  /^ml\.[a-z0-9-]+\.[a-z0-9]+$/,
  (quoted) => `${quoted} is not a SageMaker instance type (e.g. ml.m5.xlarge)`,
);

export const lambdaFunctionName = matching(
  /^[a-zA-Z0-9-_]{1,64}$/,
  (quoted) => `${quoted} is not a Lambda function name (letters, digits, - and _, at most 64)`,
);

export const snsTopicArn = matching(
  /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
  (quoted) => `${quoted} is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT_ID:TOPIC)`,
);

export const iamRoleArn = matching(
  /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
  (quoted) => `${quoted} is not an IAM role ARN (arn:aws:iam::ACCOUNT_ID:role/NAME)`,
);

export const logGroupPrefix = matching(
  /^[\w#/.-]{1,512}$/,
  (quoted) => `${quoted} is not a log group name prefix (letters, digits and _ - / . #), e.g. /aws/sagemaker/`,
);

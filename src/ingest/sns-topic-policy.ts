import type { Config } from '../config/config.js';

/**
 * Which SNS topics `/sns` accepts messages (and confirms subscriptions) from:
 * 1. `sns.allowed_topics` when it lists any: exactly those ARNs;
 * 2. else, when `aws.accounts` lists any: every topic owned by one of those accounts;
 * 3. else every topic — open, and the app should warn at start (`acceptedSnsTopics(config).open`).
 * A signature proves SNS sent the message, not that the topic is ours: anyone can create a
 * topic and subscribe our URL to it, hence this rule.
 */
export type AcceptedSnsTopics =
  | { rule: 'listed'; topicArns: readonly string[]; open: false; summary: string }
  | { rule: 'accounts'; accountIds: readonly string[]; open: false; summary: string }
  | { rule: 'any'; open: true; summary: string };

export function acceptedSnsTopics(config: Pick<Config, 'sns' | 'aws'>): AcceptedSnsTopics {
  const topicArns = config.sns.allowedTopicArns;
  if (topicArns.length > 0) {
    return { rule: 'listed', topicArns, open: false, summary: `SNS topics accepted: ${topicArns.join(', ')} (sns.allowed_topics)` };
  }
  const accountIds = config.aws.accounts.map((account) => account.id);
  if (accountIds.length > 0) {
    return {
      rule: 'accounts',
      accountIds,
      open: false,
      summary: `SNS topics accepted: any topic of account ${accountIds.join(', ')} (aws.accounts; sns.allowed_topics is empty)`,
    };
  }
  return {
    rule: 'any',
    open: true,
    summary: 'SNS topics accepted: ANY topic — neither sns.allowed_topics nor aws.accounts is set, so anyone can subscribe this bot to a topic of theirs',
  };
}

/** Whether `topicArn` is accepted; undefined when it is, else the one-line reason. */
export function refuseTopic(accepted: AcceptedSnsTopics, topicArn: string): string | undefined {
  switch (accepted.rule) {
    case 'any':
      return undefined;
    case 'listed':
      return accepted.topicArns.includes(topicArn) ? undefined : `topic not allowed: ${topicArn} is not in sns.allowed_topics`;
    case 'accounts': {
      const account = topicAccount(topicArn);
      if (account === undefined) return `topic not allowed: ${topicArn} is not an SNS topic ARN`;
      return accepted.accountIds.includes(account)
        ? undefined
        : `topic not allowed: ${topicArn} belongs to account ${account}, not to one of aws.accounts`;
    }
  }
}

/** `arn:aws:sns:us-east-1:123456789012:ml-alarms` → `123456789012` (any partition). */
function topicAccount(topicArn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:(\d{12}):[A-Za-z0-9_.-]{1,256}$/.exec(topicArn);
  return match?.[1];
}

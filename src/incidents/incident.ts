/**
 * The incident model: what one thread is about, in the words of the on-call engineer. Plain
 * data (dates, strings, arrays) so the store can persist it as it is; every rule that changes
 * it lives in `incident-state.ts` (alarm transitions) and `incident-actions.ts` (people).
 */
import type { ChannelRef, SlackPrincipalId, Severity } from '../config/config.js';
import type { AlarmKind, AlarmResource, AlarmState, MetricQuery, WatchedMetric } from './alarm-notification/index.js';
import type { AlarmMetricPoints } from './alarm-metric-points.js';

/** The grouping key of an incident (`incident-key.ts`); branded so an alarm ARN is not passed by mistake. */
export type IncidentKey = string & { readonly __brand: 'IncidentKey' };

export type IncidentState = 'open' | 'acknowledged' | 'resolved';

/** A Slack user who acted: the ID (for mentions) and, when the caller knows it, a display name. */
export interface SlackActor {
  id: string;
  name?: string;
}

/** One alarm of the incident, as of its newest transition. */
export interface IncidentAlarm {
  arn: string;
  name: string;
  state: AlarmState;
  /** This state's `StateChangeTime`: transitions older than this are out of order. */
  since: Date;
  /** `describeBreach` of the newest transition: "p99 ModelLatency 2.1 s > 500 ms for 3 of 3 datapoints". */
  breach: string;
  /** `StateChangeTime`s of this alarm's transitions within the flapping window, oldest first. */
  transitionsInWindow: Date[];
  kind: AlarmKind;
  metric?: WatchedMetric;
  /** When the alarm fires, in words: "> 500 ms", "outside the expected band". */
  thresholdText?: string;
  /** The threshold as a number in the metric's own unit (µs for ModelLatency), for the chart's line. */
  threshold?: number;
  /** Metric-math alarms: the alarm's queries, so its chart shows what the alarm evaluates. */
  queries?: MetricQuery[];
}

export interface Incident {
  key: IncidentKey;
  /** A short human id assigned by the store (`#12`); absent until stored. */
  number?: number;
  channel: ChannelRef;
  severity: Severity;
  /** "fraud-detector (SageMaker endpoint)". */
  title: string;
  resource: AlarmResource;
  accountId: string;
  /** Region code of the resource, for console links. */
  region: string;
  state: IncidentState;
  /** `StateChangeTime` of the ALARM that opened it. */
  openedAt: Date;
  /** `StateChangeTime` of the ALARM that last reopened it; durations count from here. */
  reopenedAt?: Date;
  /**
   * The bot's clock when it opened or last reopened the incident. Reminders count from the later
   * of this and the episode's start: an alarm reported late (an SQS backlog, a bot that was down)
   * is shown now and must not be reminded of at once.
   */
  episodeShownAt?: Date;
  /**
   * The bot's clock when it last applied an alarm transition. Flapping ends after a whole quiet
   * window counted from the later of this and the transition's own time, so a backlog of old
   * notifications does not end it between two of them.
   */
  lastTransitionSeenAt?: Date;
  acknowledged?: { by: string; byName?: string; at: Date };
  /** `by` is the user who resolved it by hand, undefined when all alarms went OK. */
  resolved?: { at: Date; by?: string; byName?: string };
  reopenedCount: number;
  alarms: IncidentAlarm[];
  flapping: boolean;
  /** No replies or reminders while `silencedUntil > now`; the parent is still kept current. */
  silencedUntil?: Date;
  silencedBy?: string;
  runbookUrl?: string;
  /** A user (`U…`/`W…`) or user group (`S…`) mentioned when the incident opens, reopens or is reminded. */
  mention?: SlackPrincipalId;
  /** The bot's clock at the last change (for ordering and housekeeping). */
  lastChangeAt: Date;
  /** Each charted alarm's metric around its breach (`alarm-metric-points.ts`), one entry per alarm ARN. */
  metricPoints?: AlarmMetricPoints[];
}

/**
 * What the Slack side must do after a change. `open-thread` posts the parent (rendered from the
 * incident); `update-parent` re-renders it in place; `reply` posts `text` (Slack mrkdwn, data
 * already escaped) in the thread, preceded by `mention` when given (`replyMrkdwn`).
 */
export type IncidentEffect =
  | { kind: 'open-thread' }
  | { kind: 'update-parent' }
  | ReplyEffect;

export interface ReplyEffect {
  kind: 'reply';
  text: string;
  mention?: SlackPrincipalId;
  /** Also show the reply in the channel (`reply_broadcast`): for a reopen, whose parent may be far up. */
  broadcast?: boolean;
}

export interface IncidentChange {
  incident: Incident;
  effects: IncidentEffect[];
}

/** A person's action either changes the incident or is refused with the reason, for them alone. */
export type IncidentActionResult = IncidentChange | { refused: string };

const SEVERITY_RANK: Record<Severity, number> = { critical: 3, high: 2, warning: 1, info: 0 };

export function higherSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

export function isSilenced(incident: Incident, now: Date): boolean {
  return incident.silencedUntil !== undefined && incident.silencedUntil.getTime() > now.getTime();
}

/** When the current episode began: the last reopen, else the opening. */
export function episodeStart(incident: Incident): Date {
  return incident.reopenedAt ?? incident.openedAt;
}

export function alarmsIn(incident: Incident, state: AlarmState): IncidentAlarm[] {
  return incident.alarms.filter((alarm) => alarm.state === state);
}

/** The newest transition of any member alarm. */
export function latestTransitionAt(incident: Incident): Date {
  let latest = incident.openedAt;
  for (const alarm of incident.alarms) {
    const last = alarm.transitionsInWindow.at(-1) ?? alarm.since;
    if (last.getTime() > latest.getTime()) latest = last;
    if (alarm.since.getTime() > latest.getTime()) latest = alarm.since;
  }
  return latest;
}

const OTHER_KINDS: Record<string, string> = {
  apigateway: 'API Gateway API',
  sqs: 'SQS queue',
  sns: 'SNS topic',
  dynamodb: 'DynamoDB table',
  kinesis: 'Kinesis stream',
  firehose: 'Firehose stream',
  states: 'Step Functions state machine',
  ec2: 'EC2',
  autoscaling: 'Auto Scaling group',
  rds: 'RDS database',
  ecs: 'ECS service',
  eks: 'EKS cluster',
  elb: 'load balancer',
  elasticache: 'ElastiCache cluster',
  s3: 'S3 bucket',
  bedrock: 'Bedrock model',
};

/** "fraud-detector (SageMaker endpoint)", "preprocess (Lambda function)", "orders (SQS queue)". */
export function titleOf(resource: AlarmResource, alarmKind: AlarmKind): string {
  switch (resource.kind) {
    case 'sagemaker-endpoint':
      return resource.variant === undefined || resource.variant === 'AllTraffic'
        ? `${resource.name} (SageMaker endpoint)`
        : `${resource.name} (SageMaker endpoint, variant ${resource.variant})`;
    case 'lambda-function':
      return `${resource.name} (Lambda function)`;
    case 'other': {
      if (resource.key.startsWith('arn:')) {
        return `${resource.name} (${alarmKind === 'composite' ? 'composite alarm' : 'CloudWatch alarm'})`;
      }
      const prefix = resource.key.slice(0, resource.key.indexOf(':'));
      const label = Object.hasOwn(OTHER_KINDS, prefix) ? OTHER_KINDS[prefix] : undefined;
      return label === undefined ? resource.name : `${resource.name} (${label})`;
    }
  }
}

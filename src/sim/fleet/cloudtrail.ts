/**
 * The change calendar rendered as CloudTrail LookupEvents results: the event fields plus the
 * full `CloudTrailEvent` JSON string, for the named IAM users alice, bob and deploy-bot.
 */
import type { ChangeCalendar, ChangeEvent, IamUserName } from './change-calendar.js';
import type { FleetClock } from './clock.js';
import { Rng, hashInts, hashString } from './prng.js';
import { ACCOUNT_ID, REGION } from './topology.js';

export interface SimCloudTrailEvent {
  readonly EventId: string;
  readonly EventName: string;
  readonly ReadOnly: 'false';
  readonly AccessKeyId: string;
  readonly EventTime: Date;
  readonly EventSource: string;
  readonly Username: string;
  readonly Resources: { readonly ResourceType: string; readonly ResourceName: string }[];
  /** The whole event record as CloudTrail stores it (JSON). */
  readonly CloudTrailEvent: string;
}

const USERS: Record<IamUserName, { principalId: string; accessKeyId: string; sourceIp: string; userAgent: string }> = {
  alice: { principalId: 'AIDAQALICE7EXAMPLE01', accessKeyId: 'AKIAQALICE7EXAMPLE01', sourceIp: '198.51.100.23', userAgent: 'aws-cli/2.17.20 Python/3.11.9 Darwin/23.5.0 exe/arm64' },
  bob: { principalId: 'AIDAQBOB00EXAMPLE002', accessKeyId: 'ASIAQBOB00EXAMPLE002', sourceIp: '198.51.100.47', userAgent: 'console.amazonaws.com' },
  'deploy-bot': { principalId: 'AIDAQDEPLOYBOTEXAMP3', accessKeyId: 'AKIAQDEPLOYBOTEXAMP3', sourceIp: '203.0.113.10', userAgent: 'Boto3/1.35.10 Python/3.12.4 Linux/5.10 Botocore/1.35.10' },
};

/** Events in [start, end) that happened by `now`, newest first (as LookupEvents returns them). */
export function cloudTrailEvents(calendar: ChangeCalendar, clock: FleetClock, start: Date, end: Date): SimCloudTrailEvent[] {
  const from = Math.max(start.getTime(), clock.historyStartMs);
  const to = Math.min(end.getTime(), clock.nowMs + 1);
  return calendar.events
    .filter((event) => event.atMs >= from && event.atMs < to)
    .map(renderEvent)
    .reverse();
}

function renderEvent(event: ChangeEvent): SimCloudTrailEvent {
  const rng = new Rng(hashInts(hashString(event.eventName), Math.floor(event.atMs / 1_000)));
  const eventId = rng.uuid();
  const user = USERS[event.username];
  const record = {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: user.principalId,
      arn: `arn:aws:iam::${ACCOUNT_ID}:user/${event.username}`,
      accountId: ACCOUNT_ID,
      accessKeyId: user.accessKeyId,
      userName: event.username,
    },
    eventTime: new Date(event.atMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: REGION,
    sourceIPAddress: user.sourceIp,
    userAgent: user.userAgent,
    requestParameters: event.requestParameters,
    responseElements: event.responseElements,
    requestID: rng.uuid(),
    eventID: eventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT_ID,
    eventCategory: 'Management',
  };
  return {
    EventId: eventId,
    EventName: event.eventName,
    ReadOnly: 'false',
    AccessKeyId: user.accessKeyId,
    EventTime: new Date(Math.floor(event.atMs / 1_000) * 1_000),
    EventSource: event.eventSource,
    Username: event.username,
    Resources: event.resources.map((resource) => ({ ResourceType: resource.type, ResourceName: resource.name })),
    CloudTrailEvent: JSON.stringify(record),
  };
}

import type { SimCloudTrailEvent } from '../../../fleet/index.js';
import { stableUuid } from './stable-uuid.js';
import type { TrailCaller } from './trail-caller.js';

/** A mutating call the simulator served, to be shown by LookupEvents beside the fleet's history. */
export interface ApiActivity {
  at: Date;
  region: string;
  accountId: string;
  eventName: string;
  eventSource: string;
  caller: TrailCaller;
  resources: ReadonlyArray<{ type: string; name: string }>;
  /** camelCase, as CloudTrail records JSON APIs' parameters. */
  requestParameters: Record<string, unknown>;
  responseElements: Record<string, unknown> | null;
  requestId: string;
}

/** Where SageMaker and Application Auto Scaling report their changes. */
export interface ApiActivityLog {
  record(activity: ApiActivity): SimCloudTrailEvent;
  /**
   * Some changes happen on their own as simulated time passes (an update finishing, a
   * scheduled action firing); a reporter registers how to catch up, and the log catches up
   * before anyone reads it.
   */
  catchUpWith?(settle: (now: Date) => void): void;
}

export interface RegionalTrailEvent {
  region: string;
  event: SimCloudTrailEvent;
}

/** The simulator's own changes, oldest first; each rendered once, exactly as LookupEvents returns it. */
export class RecordedEvents implements ApiActivityLog {
  private readonly events: RegionalTrailEvent[] = [];

  record(activity: ApiActivity): SimCloudTrailEvent {
    const event = renderActivity(activity, this.events.length);
    this.events.push({ region: activity.region, event });
    return event;
  }

  inRegion(region: string): SimCloudTrailEvent[] {
    return this.events.filter((e) => e.region === region).map((e) => e.event);
  }

  get all(): readonly RegionalTrailEvent[] {
    return this.events;
  }
}

function renderActivity(activity: ApiActivity, sequence: number): SimCloudTrailEvent {
  const { caller, accountId } = activity;
  // CloudTrail keeps whole seconds.
  const eventTime = new Date(Math.floor(activity.at.getTime() / 1000) * 1000);
  const eventId = stableUuid(`trail|${sequence}|${activity.eventName}|${eventTime.toISOString()}`);
  const identity = userIdentity(caller, accountId);
  const record = {
    eventVersion: '1.09',
    userIdentity: identity.record,
    eventTime: eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: activity.eventSource,
    eventName: activity.eventName,
    awsRegion: activity.region,
    sourceIPAddress: caller.kind === 'service' ? caller.invokedBy : '127.0.0.1',
    userAgent: caller.kind === 'service' ? caller.invokedBy : 'aws-sdk-js/3 (mlobs AWS simulator)',
    requestParameters: activity.requestParameters,
    responseElements: activity.responseElements,
    requestID: activity.requestId,
    eventID: eventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
  return {
    EventId: eventId,
    EventName: activity.eventName,
    ReadOnly: 'false',
    AccessKeyId: identity.accessKeyId,
    EventTime: eventTime,
    EventSource: activity.eventSource,
    Username: identity.username,
    Resources: activity.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** IAM ids are 21 upper-case characters after a 4-letter prefix: derive them from the name. */
function iamId(prefix: string, name: string): string {
  return `${prefix}${stableUuid(name).replace(/-/g, '').toUpperCase().slice(0, 16)}`;
}

function userIdentity(caller: TrailCaller, accountId: string): { record: Record<string, unknown>; username: string; accessKeyId: string } {
  if (caller.kind === 'iam-user') {
    return {
      username: caller.userName,
      accessKeyId: caller.accessKeyId,
      record: {
        type: 'IAMUser',
        principalId: iamId('AIDA', caller.userName),
        arn: `arn:aws:iam::${accountId}:user/${caller.userName}`,
        accountId,
        accessKeyId: caller.accessKeyId,
        userName: caller.userName,
      },
    };
  }
  // A service-linked role's session: LookupEvents shows the session name as the user.
  const session = 'AutoScaling';
  const roleId = iamId('AROA', caller.roleName);
  const accessKeyId = iamId('ASIA', `${caller.roleName}/${session}`);
  return {
    username: session,
    accessKeyId,
    record: {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn: `arn:aws:sts::${accountId}:assumed-role/${caller.roleName}/${session}`,
      accountId,
      accessKeyId,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: roleId,
          arn: `arn:aws:iam::${accountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/${caller.roleName}`,
          accountId,
          userName: caller.roleName,
        },
      },
      invokedBy: caller.invokedBy,
    },
  };
}

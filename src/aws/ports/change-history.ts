import type { AwsScope } from '../aws-clients.js';
import type { TimeWindow } from './endpoint-metrics.js';

/**
 * Who changed a resource and how, from CloudTrail's management events (LookupEvents, one lookup
 * attribute per request, at most 2 requests a second per account and region). Implemented by
 * `src/aws/cloudtrail-change-history.ts`.
 */

export interface ChangeActor {
  /** `arn:aws:iam::123456789012:user/alice`, or the assumed role's session ARN. */
  arn?: string;
  /** The IAM user name or role session name CloudTrail shows (`alice`, `AutoScaling`). */
  name: string;
  /** `IAMUser`, `AssumedRole`, `AWSService`, `Root`… */
  type?: string;
  /** The AWS service that acted on the caller's behalf (`application-autoscaling.amazonaws.com`). */
  invokedBy?: string;
}

export interface ChangeRecord {
  eventId: string;
  at: Date;
  /** As CloudTrail spells it: `UpdateEndpoint`, `RegisterScalableTarget`. */
  eventName: string;
  /** `sagemaker.amazonaws.com` */
  eventSource: string;
  actor: ChangeActor;
  /** The request's parameters in a few words (`endpointConfigName=…, desiredInstanceCount=4`). */
  summary: string;
  /** Set when CloudTrail recorded an error for the call. */
  errorCode?: string;
}

export interface ChangeLookup {
  /** Newest first, each event once even when several lookups found it. */
  changes: ChangeRecord[];
  /** The page bound stopped a lookup before CloudTrail ran out of events. */
  truncated: boolean;
}

export interface ChangeHistory {
  /** Write events whose resources include any of `resourceNames`, in the window. One lookup per name. */
  changesTo(resourceNames: readonly string[], window: TimeWindow, scope: AwsScope): Promise<ChangeLookup>;
}

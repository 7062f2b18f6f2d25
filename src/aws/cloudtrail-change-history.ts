import { LookupEventsCommand, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import type { AwsClients, AwsScope } from './aws-clients.js';
import type { ChangeActor, ChangeHistory, ChangeLookup, ChangeRecord } from './ports/change-history.js';
import type { TimeWindow } from './ports/endpoint-metrics.js';

/** LookupEvents' largest page. */
const PAGE_SIZE = 50;
/**
 * 200 events per resource. LookupEvents allows 2 requests a second per account and region, so
 * a bound keeps one `audit` from holding the quota (and the user) for long; the answer says
 * when it was reached.
 */
const MAX_PAGES_PER_RESOURCE = 4;
/** Parameters shown per event, and characters per value, so one event stays one line. */
const MAX_PARAMETERS = 4;
const MAX_VALUE_CHARACTERS = 60;

/**
 * The `ChangeHistory` port over CloudTrail LookupEvents: one lookup by ResourceName per name,
 * paginated (bounded), read-only events left out. The SDK's adaptive retry absorbs the
 * occasional throttle; the lookups run one after another so they do not throttle each other.
 */
export class CloudTrailChangeHistory implements ChangeHistory {
  constructor(private readonly clients: AwsClients) {}

  async changesTo(resourceNames: readonly string[], window: TimeWindow, scope: AwsScope): Promise<ChangeLookup> {
    const cloudtrail = this.clients.client('cloudtrail', scope);
    const byId = new Map<string, ChangeRecord>();
    let truncated = false;
    for (const name of new Set(resourceNames)) {
      let nextToken: string | undefined;
      let page = 0;
      do {
        const answer = await cloudtrail.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: name }],
            StartTime: window.start,
            EndTime: window.end,
            MaxResults: PAGE_SIZE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const event of answer.Events ?? []) {
          const record = changeRecordOf(event);
          if (record && !byId.has(record.eventId)) byId.set(record.eventId, record);
        }
        nextToken = answer.NextToken;
        page++;
      } while (nextToken && page < MAX_PAGES_PER_RESOURCE);
      if (nextToken) truncated = true;
    }
    const changes = [...byId.values()].sort((a, b) => b.at.getTime() - a.at.getTime() || a.eventId.localeCompare(b.eventId));
    return { changes, truncated };
  }
}

interface TrailRecord {
  readOnly?: boolean;
  errorCode?: string;
  userIdentity?: { type?: string; arn?: string; userName?: string; invokedBy?: string; sessionContext?: { sessionIssuer?: { userName?: string } } };
  requestParameters?: Record<string, unknown> | null;
}

/** A write event in the port's shape; undefined for read-only events and events without a time or name. */
export function changeRecordOf(event: TrailEvent): ChangeRecord | undefined {
  if (!event.EventTime || !event.EventName) return undefined;
  const record = parseRecord(event.CloudTrailEvent);
  if (event.ReadOnly === 'true' || record.readOnly === true) return undefined;
  const identity = record.userIdentity ?? {};
  const actor: ChangeActor = {
    name: event.Username ?? identity.userName ?? identity.sessionContext?.sessionIssuer?.userName ?? identity.invokedBy ?? 'unknown',
    ...(identity.arn ? { arn: identity.arn } : {}),
    ...(identity.type ? { type: identity.type } : {}),
    ...(identity.invokedBy ? { invokedBy: identity.invokedBy } : {}),
  };
  return {
    eventId: event.EventId ?? `${event.EventName}@${event.EventTime.toISOString()}`,
    at: event.EventTime,
    eventName: event.EventName,
    eventSource: event.EventSource ?? '',
    actor,
    summary: parametersSummary(record.requestParameters),
    ...(record.errorCode ? { errorCode: record.errorCode } : {}),
  };
}

function parseRecord(json: string | undefined): TrailRecord {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed !== null && typeof parsed === 'object' ? (parsed as TrailRecord) : {};
  } catch {
    // A record we cannot read still has the event's own fields.
    return {};
  }
}

/** `endpointConfigName=fraud-detector-config-…, desiredInstanceCount=4`: leaves first, nested lists flattened. */
export function parametersSummary(parameters: Record<string, unknown> | null | undefined): string {
  if (!parameters) return '';
  const leaves: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (leaves.length >= MAX_PARAMETERS) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (value !== null && typeof value === 'object') {
      for (const [child, inner] of Object.entries(value)) visit(inner, child);
    } else if (value !== undefined && value !== null) {
      const text = String(value);
      leaves.push(`${key}=${text.length > MAX_VALUE_CHARACTERS ? `${text.slice(0, MAX_VALUE_CHARACTERS - 1)}…` : text}`);
    }
  };
  // The resource's own name is already the subject of the answer.
  for (const [key, value] of Object.entries(parameters)) if (key !== 'endpointName') visit(value, key);
  return leaves.join(', ');
}

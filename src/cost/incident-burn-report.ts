/**
 * The cost burn reply of one resolved incident: DescribeEndpoint for the instance types and the
 * count now, the bot's scale actions since the incident began, then `incidentBurn`.
 */
import type { AwsScope } from '../aws/aws-clients.js';
import type { EndpointCapacity } from '../aws/ports/endpoint-capacity.js';
import { burnText, incidentBurn, type CapacityChange } from './incident-burn.js';

export interface BurnSubject {
  endpoint: string;
  /** The incident's variant, when its alarms named one: only that variant is counted. */
  variant?: string;
  scope: AwsScope;
  startMs: number;
  endMs: number;
}

export interface BurnSources {
  capacity: Pick<EndpointCapacity, 'describe'>;
  /** The bot's scale actions on the endpoint since `since` that went through, oldest first. */
  scaleChanges(endpoint: string, since: Date): Promise<CapacityChange[]>;
}

export type BurnReport = { text: string } | { skipped: string };

export async function incidentBurnReport(sources: BurnSources, subject: BurnSubject): Promise<BurnReport> {
  const described = await sources.capacity.describe(subject.endpoint, subject.scope);
  if (described === undefined) return { skipped: `there is no endpoint named ${subject.endpoint} in ${subject.scope.region} any more` };
  const variants = described.variants
    .filter((variant) => subject.variant === undefined || variant.variant === subject.variant)
    .map((variant) => ({ variant: variant.variant, count: variant.currentInstanceCount, ...(variant.instanceType === undefined ? {} : { instanceType: variant.instanceType }) }));
  if (variants.length === 0) return { skipped: `${subject.endpoint} has no variant ${subject.variant ?? ''} any more` };
  const start = new Date(subject.startMs);
  const changes = await sources.scaleChanges(subject.endpoint, start);
  const burn = incidentBurn({ start, end: new Date(subject.endMs) }, variants, changes);
  return { text: burnText(escapeControlCharacters(subject.endpoint), burn) };
}

/** The name comes from an alarm's dimension: Slack's three control characters must not act as markup. */
function escapeControlCharacters(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * What a diagnosis of an incident is about: the endpoint of a SageMaker-endpoint incident, or
 * the endpoint a Lambda-function incident's function sits in front of (config `lambdas`).
 * Encoded as `region|account|endpoint` — the key requests of one resource are coalesced by.
 */
import type { AwsScope } from '../aws/aws-clients.js';
import type { Config } from '../config/config.js';
import type { Incident } from '../incidents/incident.js';

export function subjectFor(incident: Incident, config: Pick<Config, 'endpoints' | 'aws'>): string | undefined {
  const resource = incident.resource;
  const endpoint =
    resource.kind === 'sagemaker-endpoint'
      ? resource.name
      : resource.kind === 'lambda-function'
        ? Object.values(config.endpoints).find((each) => each.lambdas.includes(resource.name))?.name
        : undefined;
  if (endpoint === undefined) return undefined;
  const account = config.aws.accounts.find((each) => each.id === incident.accountId)?.name ?? '';
  return `${incident.region}|${account}|${endpoint}`;
}

export function subjectOf(subject: string): { endpoint: string; scope: AwsScope } {
  const [region = '', account = '', endpoint = ''] = subject.split('|');
  return { endpoint, scope: { region, ...(account === '' ? {} : { account }) } };
}

/** The reply's message key: one diagnosis per incident episode, posted once. */
export function diagnosisMessageKey(incidentNumber: number, episodeStartMs: number): string {
  return `incident:${incidentNumber}:diagnosis:${episodeStartMs}`;
}

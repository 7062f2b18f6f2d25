/**
 * `/mlobs scale <endpoint> <count>` typed in a channel where an incident on that endpoint is open:
 * the request belongs in the incident's thread, where people already look. The incidents are
 * handed in by the wiring (this folder does not read them itself).
 */
import type { AwsScope } from '../aws/aws-clients.js';
import type { ScaleAsk } from './scale-desk.js';

/** An open incident as the incident desk lists it, with only what the match needs. */
export interface OpenIncidentSeen {
  incident: { number: number; channel: string; region: string; resource: { kind: string; name: string } };
  /** Where Slack has its parent message (the channel ID), once posted. */
  thread?: { channel: string };
}

export function incidentWhereAsked(listOpen: () => Promise<readonly OpenIncidentSeen[]>, threadKeyOf: (number: number) => string) {
  return async (endpoint: string, scope: AwsScope, channelId: string): Promise<ScaleAsk['incident'] | undefined> => {
    const matching = (await listOpen()).filter(
      ({ incident, thread }) =>
        incident.resource.kind === 'sagemaker-endpoint' &&
        incident.resource.name === endpoint &&
        incident.region === scope.region &&
        // The configured channel may be a name (`#ml-incidents`); Slack's answer to the post is the ID.
        (thread?.channel === channelId || incident.channel === channelId),
    );
    // Several open on one endpoint (different alarm groups): the newest is the one being worked on.
    const newest = matching.sort((a, b) => b.incident.number - a.incident.number)[0];
    return newest === undefined ? undefined : { number: newest.incident.number, channel: newest.incident.channel, threadKey: threadKeyOf(newest.incident.number) };
  };
}

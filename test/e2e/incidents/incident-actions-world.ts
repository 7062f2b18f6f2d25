/**
 * The incident world with people in it: a Slack workspace whose IDs the config accepts, a
 * `permissions` rule for incidents in #ml-incidents (the lead by name, the on-call group), and
 * helpers to click and type as one of them and read the private answer.
 */
import type { SimMessage } from '../../../src/sim/slack/message-store.js';
import type { BotRequestResult } from '../../../src/sim/slack/slack-requests-to-bot.js';
import { DEFAULT_CHANNELS } from '../../../src/sim/slack/workspace.js';
import type { StoreTarget } from '../../support/database.js';
import { p99Latency } from './alarm-definitions.js';
import { openIncidentWorld, type IncidentWorld } from './incident-world.js';

export const ONCALL = 'U0ONCALL01';
export const LEAD = 'U0LEAD0001';
export const INTERN = 'U0INTERN01';
export const ONCALL_GROUP = 'S0MLONCALL01';
const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

const PERMISSIONS = `
permissions:
  - action: incident
    allow: [${LEAD}, ${ONCALL_GROUP}]
    channels: ["#ml-incidents"]
`;

export interface ActionsWorld extends IncidentWorld {
  botUrl: string;
  signingSecret: string;
  /** Publishes an ALARM and waits for its parent; returns a copy of it as first posted (its buttons). */
  openIncident(): Promise<SimMessage>;
  /** The private answers sent through the response_url of a request. */
  answersTo(request: BotRequestResult): string[];
  /** Waits for the first answer through the request's response_url. */
  answerTo(request: BotRequestResult): Promise<string>;
  /** Waits until the bot logged a line with this message. */
  logged(message: string, count?: number): Promise<void>;
}

export async function openActionsWorld(target: StoreTarget): Promise<ActionsWorld> {
  const world = await openIncidentWorld({
    target,
    configYaml: PERMISSIONS,
    slack: {
      workspace: {
        users: [
          { id: ONCALL, name: 'oncall', realName: 'Olivia Oncall', tz: 'America/New_York' },
          { id: LEAD, name: 'lead', realName: 'Liam Lead', tz: 'Europe/London' },
          { id: INTERN, name: 'intern', realName: 'Ines Intern', tz: 'Asia/Kolkata' },
        ],
        userGroups: [{ id: ONCALL_GROUP, handle: 'ml-oncall', name: 'ML on-call', users: [ONCALL] }],
        channels: [...DEFAULT_CHANNELS],
      },
      rateLimits: { enabled: false },
    },
    outbox: { postIntervalMs: 50, updateIntervalMs: 50, pollIntervalMs: 50 },
  });
  const waitUntil = async (done: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const answersTo = (request: BotRequestResult) => world.slack.responsesTo(request.responseUrlId).map((post) => String(post.body.text ?? ''));
  return Object.assign(world, {
    botUrl: `http://127.0.0.1:${world.bot.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    async openIncident() {
      await world.publish(p99Latency, 'ALARM', new Date(Date.now() - 10 * 60_000));
      await world.settled();
      const parent = world.parents()[0];
      if (parent === undefined) throw new Error('no incident parent was posted');
      return structuredClone(parent);
    },
    answersTo,
    async answerTo(request: BotRequestResult) {
      await waitUntil(() => answersTo(request).length > 0, `an answer to ${request.responseUrlId}`);
      return answersTo(request)[0]!;
    },
    async logged(message: string, count = 1) {
      await waitUntil(() => world.logs.filter((line) => line.msg === message).length >= count, `log "${message}"`);
    },
  });
}

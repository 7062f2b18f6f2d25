/**
 * Signed Slack requests that Slack itself would never send — a click claiming another channel
 * than the incident's, a `response_url` on a host that is not Slack — and a user without
 * permission resolving by command. The real bot on SQLite (the checks do not depend on the store).
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INCIDENT_ACTION_IDS } from '../../src/incidents/render-incident.js';
import type { SimMessage } from '../../src/sim/slack/message-store.js';
import { storeTargets } from '../support/database.js';
import { INTERN, LEAD, openActionsWorld, type ActionsWorld } from '../e2e/incidents/incident-actions-world.js';
import { forgedClick, forgedSlashCommand } from './forged-slack-requests.js';
import { startRecordingServer, type RecordingServer } from './recording-server.js';

const INCIDENTS_ID = 'C0INCIDENTS';
const COSTS_ID = 'C0COSTS';
const GUARD_REFUSAL = 'slack request refused: its response_url is not Slack; nothing was run or answered';

describe('forged Slack requests', () => {
  let world: ActionsWorld;
  let recorder: RecordingServer;

  beforeEach(async () => {
    world = await openActionsWorld(storeTargets()[0]!);
    recorder = await startRecordingServer();
  });

  afterEach(async () => {
    await recorder.close();
    await world.close();
  });

  const incidentState = async () =>
    (await sql<{ state: string }>`select state from incidents where number = 1`.execute(world.bot.services.store.db)).rows[0]?.state;
  const audit = () => world.bot.services.ports.audit.list({ target: 'incident/1' });
  const click = (message: SimMessage, channelId: string, responseUrl: string, userId = LEAD) =>
    forgedClick({ botUrl: world.botUrl, signingSecret: world.signingSecret, message, actionId: INCIDENT_ACTION_IDS.resolve, userId, channelId, responseUrl });

  it("a Resolve click claiming another channel than the incident's is refused privately; nothing changes", async () => {
    const parent = await world.openIncident();
    const responseUrl = world.slack.responseUrl({ channel: COSTS_ID, user: LEAD });

    expect(await click(parent, COSTS_ID, responseUrl)).toBe(200);
    const answer = await world.answerTo({ responseUrlId: responseUrl } as Parameters<ActionsWorld['answerTo']>[0]);

    expect(world.logs.some((line) => line.msg === 'incident action refused: the click came from another channel than the incident')).toBe(true);
    expect([answer]).toEqual([expect.stringMatching(/^Incident #1: this button is not in incident #1's channel, so nothing was changed/)]);
    await world.settled();
    expect(await incidentState()).toBe('open');
    expect(world.slack.channel('#ml-incidents').thread(parent.ts)).toEqual([]);
    expect(await audit()).toEqual([expect.objectContaining({ actor: LEAD, action: 'resolve', result: 'refused', channelId: COSTS_ID })]);
  });

  it("the same signed click from the incident's own channel resolves it (the forger builds valid clicks)", async () => {
    const parent = await world.openIncident();

    await click(parent, INCIDENTS_ID, world.slack.responseUrl({ channel: INCIDENTS_ID, user: LEAD }));
    await world.logged('incident action');
    await world.settled();

    expect(await incidentState()).toBe('resolved');
  });

  it('a click whose response_url is not Slack runs nothing and posts nowhere', async () => {
    const parent = await world.openIncident();

    expect(await click(parent, INCIDENTS_ID, `${recorder.origin}/services/hook`)).toBe(200);
    await world.logged(GUARD_REFUSAL);
    await world.settled();

    expect(recorder.hits).toEqual([]);
    expect(await incidentState()).toBe('open');
    expect(await audit()).toEqual([]);
    expect(world.logs.find((line) => line.msg === GUARD_REFUSAL)).toMatchObject({ level: 40, responseUrl: `${recorder.origin}/services/hook`, user: LEAD });
  });

  it.each([
    ['another host', (origin: string) => `${origin}/response/x`],
    ['Slack’s host as user info', (origin: string) => origin.replace('http://', 'http://hooks.slack.com@') + '/x'],
    ['a look-alike of hooks.slack.com', () => 'https://hooks.slack.com.evil.example/services/x'],
    ['plain http to hooks.slack.com', () => 'http://hooks.slack.com/services/x'],
  ])('a slash command whose response_url is %s is not run and not answered', async (_what, url) => {
    const status = await forgedSlashCommand({
      botUrl: world.botUrl,
      signingSecret: world.signingSecret,
      text: 'incidents',
      userId: LEAD,
      channelId: INCIDENTS_ID,
      responseUrl: url(recorder.origin),
    });

    expect(status).toBe(200);
    await world.logged(GUARD_REFUSAL);
    expect(recorder.hits).toEqual([]);
    expect(world.logs.some((line) => line.msg === 'command finished' || line.command === 'incidents')).toBe(false);
  });

  it('`/mlobs resolve 1` by someone not allowed is refused with who may; the incident stays open', async () => {
    await world.openIncident();

    const asked = await world.slack.sendSlashCommand({ botUrl: world.botUrl, signingSecret: world.signingSecret, text: 'resolve 1', userId: INTERN, channelId: '#ml-incidents' });
    const answer = await world.answerTo(asked);

    expect(answer).toMatch(/^#1 not resolved: only @U0LEAD0001, @S0MLONCALL01 may resolve incidents in #ml-incidents/);
    await world.settled();
    expect(await incidentState()).toBe('open');
    expect(world.slack.channel('#ml-incidents').thread(world.parents()[0]!.ts)).toEqual([]);
    expect(await audit()).toEqual([expect.objectContaining({ actor: INTERN, action: 'resolve', result: 'refused' })]);
  });
});

/**
 * The parent's buttons through the real Bolt app: signed `block_actions` from the Slack
 * simulator → the incident desk → the outbox → the parent and its thread.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { INCIDENT_ACTION_IDS } from '../../../src/incidents/render-incident.js';
import type { SimMessage } from '../../../src/sim/slack/message-store.js';
import { describeEachStore } from '../../support/database.js';
import { CHANNEL } from './incident-world.js';
import { INTERN, LEAD, ONCALL, ONCALL_GROUP, openActionsWorld, type ActionsWorld } from './incident-actions-world.js';

describeEachStore('incident buttons, end to end', (target) => {
  let world: ActionsWorld;

  beforeEach(async () => {
    world = await openActionsWorld(target);
  });

  afterEach(() => world.close());

  const parent = () => world.parents()[0]!;
  const thread = () => world.slack.channel(CHANNEL).thread(parent().ts).map((m) => m.text);
  const click = (message: SimMessage, actionId: string, userId: string, extra: { retryNum?: number; value?: string } = {}) =>
    world.slack.clickButton({ botUrl: world.botUrl, signingSecret: world.signingSecret, message, actionId, userId, ...extra });
  const audit = () => world.bot.services.ports.audit.list({ target: 'incident/1' });

  it('Acknowledge by a member of the allowed group: the parent shows who, one reply in the thread, nothing private', async () => {
    const original = await world.openIncident();
    const request = await click(original, INCIDENT_ACTION_IDS.ack, ONCALL);
    expect(request.status).toBe(200);
    await world.logged('incident action');
    await world.settled();

    expect(parent().text).toMatch(/^🟠 ACKNOWLEDGED warning — fraud-detector/);
    expect(JSON.stringify(parent().blocks)).toContain('Acknowledged by @oncall');
    expect(JSON.stringify(parent().blocks)).not.toContain(INCIDENT_ACTION_IDS.ack);
    expect(thread()).toEqual([`🟠 Acknowledged by <@${ONCALL}>`]);
    expect(world.answersTo(request)).toEqual([]);
    expect(await audit()).toEqual([expect.objectContaining({ actor: ONCALL, action: 'ack', result: 'ok', before: { state: 'open' }, after: { state: 'acknowledged' } })]);
  });

  it('a double click acknowledges once; the second click hears privately that it is already acknowledged', async () => {
    const original = await world.openIncident();
    const [first, second] = await Promise.all([click(original, INCIDENT_ACTION_IDS.ack, LEAD), click(original, INCIDENT_ACTION_IDS.ack, LEAD)]);
    const answer = await Promise.race([world.answerTo(first!), world.answerTo(second!)]);
    await world.settled();

    expect(answer).toMatch(new RegExp(`^Incident #1: already acknowledged by <@${LEAD}> at \\d\\d:\\d\\d UTC$`));
    expect([...world.answersTo(first!), ...world.answersTo(second!)]).toHaveLength(1);
    expect(world.slack.responses.every((post) => post.responseType === 'ephemeral' && !post.replaceOriginal)).toBe(true);
    expect(thread()).toEqual([`🟠 Acknowledged by <@${LEAD}>`]);
    expect((await audit()).filter((entry) => entry.result === 'ok')).toHaveLength(1);
  });

  it("Slack's retry of a click (X-Slack-Retry-Num) changes nothing and answers nothing", async () => {
    const original = await world.openIncident();
    await click(original, INCIDENT_ACTION_IDS.ack, LEAD);
    await world.logged('incident action');
    await world.settled();
    const before = { thread: thread(), edits: parent().edits.length };

    const retry = await click(original, INCIDENT_ACTION_IDS.ack, LEAD, { retryNum: 1 });
    expect(retry.status).toBe(200);
    await world.logged('resent interaction refused; not answered again');
    await world.settled();

    expect(world.answersTo(retry)).toEqual([]);
    expect(thread()).toEqual(before.thread);
    expect(parent().edits).toHaveLength(before.edits);
    expect((await audit()).filter((entry) => entry.result === 'ok')).toHaveLength(1);
  });

  it('someone not allowed is refused privately, told who may; nothing changes', async () => {
    const original = await world.openIncident();
    const request = await click(original, INCIDENT_ACTION_IDS.resolve, INTERN);

    expect(await world.answerTo(request)).toBe(`Incident #1: only <@${LEAD}>, <!subteam^${ONCALL_GROUP}> may resolve incidents in #ml-incidents`);
    await world.settled();
    expect(parent().text).toMatch(/^🔴 ALARM/);
    expect(parent().edits).toHaveLength(0);
    expect(thread()).toEqual([]);
    expect(await audit()).toEqual([expect.objectContaining({ actor: INTERN, action: 'resolve', result: 'refused', detail: expect.stringContaining('only <@') })]);
  });

  it('Silence 1h shows on the parent and Unsilence lifts it', async () => {
    const original = await world.openIncident();
    await click(original, INCIDENT_ACTION_IDS.silence, LEAD);
    await world.logged('incident action');
    await world.settled();
    expect(JSON.stringify(parent().blocks)).toMatch(new RegExp(`Silenced until \\d\\d:\\d\\d UTC by ${LEAD}`));
    expect(thread()).toEqual([expect.stringMatching(new RegExp(`^🔕 Silenced by <@${LEAD}> until \\d\\d:\\d\\d UTC \\((59 min|1 h)\\)`))]);

    await click(structuredClone(parent()), INCIDENT_ACTION_IDS.unsilence, LEAD);
    await world.logged('incident action', 2);
    await world.settled();
    expect(JSON.stringify(parent().blocks)).not.toContain('Silenced until');
    expect(thread()).toHaveLength(2);
  });

  it('a button with junk in its value is answered privately and changes nothing', async () => {
    const original = await world.openIncident();
    const request = await click(original, INCIDENT_ACTION_IDS.ack, LEAD, { value: '{"n":"1; drop table"}' });

    expect(await world.answerTo(request)).toMatch(/could not be read, so nothing was changed/);
    await world.settled();
    expect(parent().edits).toHaveLength(0);
    expect(await audit()).toEqual([]);
  });

  // Diagnose and the Scale… chooser have their own end-to-end tests (diagnosis.test.ts,
  // test/e2e/scale/scale-button.test.ts) with AWS on the simulator; this bot has no AWS to ask.
  it('Scale… with AWS unreachable answers privately with the command to use, and changes nothing', async () => {
    const original = await world.openIncident();
    const scale = await click(original, INCIDENT_ACTION_IDS.scale, INTERN);

    expect(await world.answerTo(scale)).toMatch(/could not be shown .*`\/mlobs scale fraud-detector <count>` works meanwhile/);
    expect(parent().edits).toHaveLength(0);
  });
});

/**
 * The Scale… button on an incident parent, clicked through the real Bolt app: the private
 * chooser with the endpoint's counts, a pick that posts the scale request in the incident's
 * thread, Confirm there, the real SDK clients acting on the AWS simulator, and the result in
 * the same thread.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { INCIDENT_ACTION_IDS } from '../../../src/incidents/render-incident.js';
import { SCALE_ACTION_IDS } from '../../../src/scaling/scale-request.js';
import type { SimEphemeral } from '../../../src/sim/slack/message-store.js';
import { describeEachStore } from '../../support/database.js';
import { alarmOn, incidentParent, incidentThread } from './scale-incident.js';
import { CHANNEL, INTERN, ONCALL, openScaleWorld, type ScaleWorld } from './scale-world.js';

const UPDATE_TAKES_MS = 5 * 60_000;

describeEachStore('the Scale… button on an incident, end to end', (target) => {
  let world: ScaleWorld;

  beforeEach(async () => {
    world = await openScaleWorld(target);
  });

  afterEach(() => world.close());

  /** The private answers `userId` has seen in the channel, newest last. */
  const ephemeralsOf = (userId: string): SimEphemeral[] => world.slack.channel(CHANNEL).ephemerals(userId);
  const chooserOf = async (userId: string): Promise<SimEphemeral> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const chooser = ephemeralsOf(userId).find((e) => JSON.stringify(e.blocks ?? []).includes(SCALE_ACTION_IDS.choose));
      if (chooser !== undefined) return structuredClone(chooser);
      if (Date.now() > deadline) throw new Error(`no chooser for ${userId}; saw: ${JSON.stringify(ephemeralsOf(userId).map((e) => e.text))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  /** The chooser's button for `count`: its action id as rendered and its value. */
  const pick = (chooser: SimEphemeral, count: number): { actionId: string; value: string } => {
    const buttons = (chooser.blocks ?? []).flatMap((block) => ((block as { elements?: Array<{ action_id?: string; value?: string; text?: { text?: string } }> }).elements ?? []));
    const button = buttons.find((element) => element.text?.text === `Scale to ${count}`);
    if (button?.action_id === undefined || button.value === undefined) throw new Error(`the chooser offers no "Scale to ${count}" (has: ${buttons.map((b) => b.text?.text).join(', ')})`);
    return { actionId: button.action_id, value: button.value };
  };

  it('click Scale… → private chooser → pick → request in the incident thread → Confirm → the endpoint scales and the thread says so', async () => {
    await alarmOn(world, 'fraud-detector', 'ALARM');
    const parent = await incidentParent(world);

    await world.click(parent, INCIDENT_ACTION_IDS.scale, ONCALL);
    const chooser = await chooserOf(ONCALL);
    const shown = JSON.stringify(chooser.blocks);
    expect(shown).toContain('2 × ml.c5.xlarge');
    expect(shown).toContain('min 2 · max 6');
    expect(shown).toContain('Capacity hint:');
    expect(shown).toContain('Scale to 3');
    expect(shown).toContain('Scale to 4');
    // Only the clicker sees the chooser; the channel shows nothing new.
    expect(ephemeralsOf(INTERN)).toEqual([]);
    expect(world.slack.channel(CHANNEL).messages()).toHaveLength(1);

    // The second count on the chooser: its action id is made unique within the message (`scale_choose#2`).
    const four = pick(chooser, 4);
    const picked = await world.click(chooser, four.actionId, ONCALL, {});
    expect(await world.answerTo(picked)).toBe("Request posted in incident #1's thread: Confirm there to scale.");
    const request = await world.requestMessage();
    expect(request.threadTs).toBe(parent.ts);
    expect(request.channel).toBe(parent.channel);
    expect(JSON.stringify(request.blocks)).toContain('RegisterScalableTarget MinCapacity 2 → 4, MaxCapacity 6');
    expect(world.calls('RegisterScalableTarget')).toBe(0);

    await world.click(request, SCALE_ACTION_IDS.confirm, ONCALL);
    await world.until('applying');
    expect(world.calls('RegisterScalableTarget')).toBe(1);
    world.advance(UPDATE_TAKES_MS);
    await world.until('done');

    const capacity = await world.bot.services.ports.endpointCapacity!.describe('fraud-detector', { region: 'us-east-1' });
    expect(capacity?.variants[0]?.currentInstanceCount).toBe(4);
    const thread = incidentThread(world, parent);
    expect(thread).toEqual([
      expect.stringMatching(/^Scale fraud-detector: 2 → 4 instances/),
      expect.stringMatching(/^⏳ <@U0ONCALL01> confirmed: `RegisterScalableTarget MinCapacity 2 → 4, MaxCapacity 6`/),
      expect.stringMatching(/^✅ fraud-detector is InService with 4 instances/),
    ]);
    expect(await world.bot.services.ports.audit.list({ target: 'endpoint/fraud-detector' })).toEqual([
      expect.objectContaining({ actor: ONCALL, action: 'scale', result: 'ok', incidentId: '1', after: expect.objectContaining({ instances: 4 }) }),
    ]);
  });

  it('the first count on the chooser works too, and someone without permission is refused privately with nothing posted', async () => {
    await alarmOn(world, 'churn-model', 'ALARM');
    const parent = await incidentParent(world);

    await world.click(parent, INCIDENT_ACTION_IDS.scale, INTERN);
    const chooser = await chooserOf(INTERN);
    const two = pick(chooser, 2);
    expect(two.actionId).toBe(SCALE_ACTION_IDS.choose);
    const refused = await world.click(chooser, two.actionId, INTERN);
    expect(await world.answerTo(refused)).toMatch(/^Not scaled: only <@U0LEAD0001>, <@U0ONCALL01> may scale endpoints/);
    await world.settled();
    expect(incidentThread(world, parent)).toEqual([]);
    expect(world.slack.messages().filter((m) => String(m.metadata?.event_payload.key).endsWith(':request'))).toHaveLength(0);
  });

  it('`/mlobs scale` typed in the channel of an open incident on that endpoint posts the request in the incident thread', async () => {
    await alarmOn(world, 'fraud-detector', 'ALARM');
    const parent = await incidentParent(world);

    const asked = await world.command('scale fraud-detector 3', ONCALL);
    const answer = await world.answerTo(asked);
    expect(answer).toMatch(/^Scale request posted: fraud-detector 2 → 3/);
    expect(answer).toContain("(incident #1's thread)");
    const request = await world.requestMessage();
    expect(request.threadTs).toBe(parent.ts);

    // Another endpoint has no incident: its request is a message of its own in the channel.
    await world.command('scale churn-model 2', ONCALL);
    const own = await world.requestMessage(2);
    expect(own.threadTs).toBeUndefined();
  });
});

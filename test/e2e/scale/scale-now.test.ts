/**
 * `/mlobs scale` through the real Bolt app: the request message posted through the outbox, its
 * Confirm / Approve / Cancel / Undo buttons clicked as signed requests from the Slack simulator,
 * the real SDK clients acting on the AWS simulator, the scale job following the endpoint on
 * simulated time.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SCALE_ACTION_IDS } from '../../../src/scaling/scale-request.js';
import { describeEachStore } from '../../support/database.js';
import { INTERN, LEAD, ONCALL, openScaleWorld, type ScaleWorld } from './scale-world.js';

const UPDATE_TAKES_MS = 5 * 60_000;

describeEachStore('scale now, end to end', (target) => {
  let world: ScaleWorld;

  beforeEach(async () => {
    world = await openScaleWorld(target);
  });

  afterEach(() => world.close());

  const audit = (endpoint: string) => world.bot.services.ports.audit.list({ target: `endpoint/${endpoint}` });
  const count = async (endpoint: string) => (await world.bot.services.ports.endpointCapacity!.describe(endpoint, { region: 'us-east-1' }))!.variants[0]!;

  it('with an auto-scaling target: Confirm raises MinCapacity, the job follows until InService and says so in the thread', async () => {
    const asked = await world.command('scale fraud-detector 4', ONCALL);
    expect(await world.answerTo(asked)).toMatch(/^Scale request posted: fraud-detector 2 → 4/);
    const message = await world.requestMessage();
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('min 2 · max 6');
    expect(shown).toContain('Capacity hint: peak');
    expect(shown).toContain('+$0.41/h');
    expect(shown).toContain('RegisterScalableTarget MinCapacity 2 → 4, MaxCapacity 6');

    await world.click(message, SCALE_ACTION_IDS.confirm, ONCALL);
    await world.until('applying');
    expect(world.calls('RegisterScalableTarget')).toBe(1);
    expect(world.calls('UpdateEndpointWeightsAndCapacities')).toBe(0);
    world.advance(UPDATE_TAKES_MS);
    await world.until('done');

    expect((await count('fraud-detector')).currentInstanceCount).toBe(4);
    const thread = world.thread(await world.requestMessage());
    expect(thread[0]).toMatch(/^⏳ <@U0ONCALL01> confirmed: `RegisterScalableTarget MinCapacity 2 → 4, MaxCapacity 6`/);
    expect(thread[1]).toMatch(/^✅ fraud-detector is InService with 4 instances/);
    expect(JSON.stringify((await world.requestMessage()).blocks)).toContain(SCALE_ACTION_IDS.undo);
    expect(await audit('fraud-detector')).toEqual([expect.objectContaining({ actor: ONCALL, action: 'scale', result: 'ok', before: expect.objectContaining({ instances: 2 }), after: expect.objectContaining({ instances: 4 }) })]);
  });

  it('without an auto-scaling target: UpdateEndpointWeightsAndCapacities; Undo goes back to the previous count, once', async () => {
    await world.command('scale churn-model 2', LEAD);
    await world.click(await world.requestMessage(), SCALE_ACTION_IDS.confirm, LEAD);
    await world.until('applying');
    expect(world.calls('UpdateEndpointWeightsAndCapacities')).toBe(1);
    expect(world.calls('RegisterScalableTarget')).toBe(0);
    world.advance(UPDATE_TAKES_MS);
    await world.until('done');
    expect((await count('churn-model')).currentInstanceCount).toBe(2);

    const done = await world.requestMessage();
    const [first, second] = await Promise.all([world.click(done, SCALE_ACTION_IDS.undo, ONCALL), world.click(done, SCALE_ACTION_IDS.undo, ONCALL)]);
    await world.untilCalls('UpdateEndpointWeightsAndCapacities', 2);
    world.advance(UPDATE_TAKES_MS);
    await world.until('reverted');

    expect(world.calls('UpdateEndpointWeightsAndCapacities')).toBe(2);
    expect((await count('churn-model')).currentInstanceCount).toBe(1);
    expect([...world.answersTo(first!), ...world.answersTo(second!)]).toEqual([`Not done: already undone by <@${ONCALL}>`]);
    expect(world.thread(await world.requestMessage()).at(-1)).toMatch(/^↩️ churn-model is back: InService with 1 instances/);
    const actions = (await audit('churn-model')).map((entry) => `${entry.action}:${entry.result}`);
    expect(actions).toEqual(['scale-undo:ok', 'scale:ok']);
  });

  it('a double-clicked Confirm acts once; the second click hears who confirmed', async () => {
    await world.command('scale fraud-detector 3', ONCALL);
    const message = await world.requestMessage();
    const [first, second] = await Promise.all([world.click(message, SCALE_ACTION_IDS.confirm, ONCALL), world.click(message, SCALE_ACTION_IDS.confirm, ONCALL)]);
    await world.until('applying');
    const answer = await Promise.race([world.answerTo(first!), world.answerTo(second!)]);

    expect(answer).toBe(`Not done: already confirmed by <@${ONCALL}>`);
    expect(world.calls('RegisterScalableTarget')).toBe(1);
    expect((await audit('fraud-detector')).filter((entry) => entry.result === 'ok')).toHaveLength(1);
  });

  it('refused while the endpoint is Updating, privately, and nothing is posted', async () => {
    await world.command('scale churn-model 2', LEAD);
    await world.click(await world.requestMessage(), SCALE_ACTION_IDS.confirm, LEAD);
    await world.until('applying');

    const again = await world.command('scale churn-model 3', LEAD);
    expect(await world.answerTo(again)).toMatch(/^Not scaled: churn-model/);
    expect(JSON.stringify(world.slack.responsesTo(again.responseUrlId))).toContain('it is Updating');
    await world.settled();
    expect(world.slack.messages().filter((m) => String(m.metadata?.event_payload.key).endsWith(':request'))).toHaveLength(1);
    expect(await audit('churn-model')).toContainEqual(expect.objectContaining({ action: 'scale', result: 'refused', detail: expect.stringContaining('Updating') }));
  });

  it('refuses a count outside the configured bounds and says where they are set', async () => {
    const asked = await world.command('scale churn-model 5', LEAD);
    await world.answerTo(asked);
    expect(JSON.stringify(world.slack.responsesTo(asked.responseUrlId))).toContain('outside the bounds for churn-model: 1–3 (`endpoints.churn-model` in mlobs.yml');
    expect(world.calls('DescribeEndpoint')).toBe(0);
  });

  it('refuses someone without permission and names who may; nothing is posted', async () => {
    const asked = await world.command('scale fraud-detector 4', INTERN);
    await world.answerTo(asked);
    expect(JSON.stringify(world.slack.responsesTo(asked.responseUrlId))).toContain(`only @${LEAD}, @${ONCALL} may scale endpoints`);
    await world.settled();
    expect(world.slack.messages()).toHaveLength(0);
  });

  it('a production endpoint waits for a second person: the requester cannot approve, another permitted user can', async () => {
    await world.command('scale recsys-ranker 3', ONCALL);
    const message = await world.requestMessage();
    expect(JSON.stringify(message.blocks)).toContain(SCALE_ACTION_IDS.approve);
    expect(JSON.stringify(message.blocks)).not.toContain(SCALE_ACTION_IDS.confirm);

    const self = await world.click(message, SCALE_ACTION_IDS.approve, ONCALL);
    expect(await world.answerTo(self)).toBe('Not done: recsys-ranker is a production endpoint: someone other than you (who asked) must approve it');
    const intern = await world.click(message, SCALE_ACTION_IDS.approve, INTERN);
    expect(await world.answerTo(intern)).toMatch(/^Not done: only /);
    expect(world.calls('RegisterScalableTarget')).toBe(0);

    await world.click(message, SCALE_ACTION_IDS.approve, LEAD);
    await world.until('applying');
    expect(world.calls('RegisterScalableTarget')).toBe(1);
    expect(world.thread(await world.requestMessage())[0]).toMatch(/^⏳ <@U0LEAD0001> approved/);
  });

  it('Cancel: nothing changes, the message says who cancelled, Confirm afterwards is refused', async () => {
    await world.command('scale fraud-detector 4', ONCALL);
    const message = await world.requestMessage();
    await world.click(message, SCALE_ACTION_IDS.cancel, ONCALL);
    await world.until('cancelled');
    const late = await world.click(message, SCALE_ACTION_IDS.confirm, LEAD);
    expect(await world.answerTo(late)).toBe(`Not done: already cancelled by <@${ONCALL}>`);
    expect(world.calls('RegisterScalableTarget')).toBe(0);
    expect(JSON.stringify((await world.requestMessage()).blocks)).toContain('Cancelled by');
  });
});

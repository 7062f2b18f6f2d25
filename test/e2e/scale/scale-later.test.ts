/**
 * What outlives a click: the `--for` revert across a restart, dry-run, and scheduled scaling
 * (created, listed with Delete buttons, deleted) — through the real Bolt app, the simulators
 * and both stores.
 */
import { afterEach, expect, it } from 'vitest';
import { SCALE_ACTION_IDS } from '../../../src/scaling/scale-request.js';
import { describeEachStore } from '../../support/database.js';
import { INTERN, LEAD, ONCALL, openScaleWorld, type ScaleWorld } from './scale-world.js';

const UPDATE_TAKES_MS = 5 * 60_000;

describeEachStore('scale later, end to end', (target) => {
  let world: ScaleWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('--for reverts by itself when the time is up, also after a restart, and says so in the thread', async () => {
    world = await openScaleWorld(target);
    await world.command('scale churn-model 2 --for 1h', LEAD);
    await world.click(await world.requestMessage(), SCALE_ACTION_IDS.confirm, LEAD);
    await world.until('applying');
    world.advance(UPDATE_TAKES_MS);
    await world.until('done');
    expect(JSON.stringify((await world.requestMessage()).blocks)).toContain('Reverts at');

    await world.restart();
    world.advance(60 * 60_000);
    await world.untilCalls('UpdateEndpointWeightsAndCapacities', 1);
    world.advance(UPDATE_TAKES_MS);
    await world.until('reverted');

    const thread = world.thread(await world.requestMessage());
    expect(thread).toContainEqual(expect.stringMatching(/^⏰ --for 1h is up: churn-model goes back to its previous settings\./));
    expect(thread.at(-1)).toMatch(/^↩️ churn-model is back: InService with 1 instances/);
    const entries = await world.bot.services.ports.audit.list({ target: 'endpoint/churn-model' });
    expect(entries.map((e) => `${e.action}:${e.actor}:${e.result}`)).toEqual(['scale-revert:mlobs:ok', `scale:${LEAD}:ok`]);
  });

  it('dry-run shows the calls it would make, changes nothing and audits as dry-run', async () => {
    world = await openScaleWorld(target, { dryRun: true });
    const asked = await world.command('scale fraud-detector 4', ONCALL);
    await world.answerTo(asked);
    expect(JSON.stringify(world.slack.responsesTo(asked.responseUrlId))).toContain('would call `RegisterScalableTarget MinCapacity 2 → 4, MaxCapacity 6`');
    await world.settled();
    expect(world.slack.messages()).toHaveLength(0);
    expect(world.calls('RegisterScalableTarget') + world.calls('UpdateEndpointWeightsAndCapacities')).toBe(0);
    expect(await world.bot.services.ports.audit.list({ target: 'endpoint/fraud-detector' })).toEqual([expect.objectContaining({ action: 'scale', result: 'dry-run' })]);
  });

  it('a scheduled scale-up and its end are created, listed with Delete buttons, and deleted', async () => {
    world = await openScaleWorld(target);
    const at = new Date(world.sims.simulation.now().getTime() + 24 * 3_600_000);
    const until = new Date(at.getTime() + 3 * 3_600_000);
    const iso = (d: Date) => d.toISOString().slice(0, 16) + 'Z';
    const made = await world.command(`scale fraud-detector 5 at ${iso(at)} until ${iso(until)}`, LEAD);
    expect(await world.answerTo(made)).toMatch(/^Scheduled scaling of fraud-detector/);
    expect(world.calls('PutScheduledAction')).toBe(2);
    const stored = world.sims.services.autoscaling.scheduledActions.list().filter((a) => a.name.startsWith('mlobs-fraud-detector'));
    expect(stored.map((a) => [a.range.min, a.range.max])).toEqual([[5, 6], [2, 6]]);

    const listed = await world.command('scale fraud-detector schedules', ONCALL);
    await world.answerTo(listed);
    const answer = world.slack.responsesTo(listed.responseUrlId)[0]!;
    expect(JSON.stringify(answer.blocks)).toContain(stored[0]!.name);
    const deletes = JSON.stringify(answer.blocks).match(/scale_schedule_delete/g) ?? [];
    expect(deletes.length).toBe(2);

    const listing = world.slack.channel('#ml-incidents').messages().at(-1)!;
    const refused = await world.click(listing, SCALE_ACTION_IDS.deleteSchedule, INTERN);
    expect(await world.answerTo(refused)).toMatch(/^Not deleted: only <@U0LEAD0001> may schedule scaling/);
    const deleted = await world.click(listing, SCALE_ACTION_IDS.deleteSchedule, LEAD);
    expect(await world.answerTo(deleted)).toBe(`Deleted scheduled action ${stored[0]!.name} on fraud-detector.`);
    expect(world.sims.services.autoscaling.scheduledActions.list().filter((a) => a.name.startsWith('mlobs-fraud-detector'))).toHaveLength(1);
    const audit = await world.bot.services.ports.audit.list({ target: 'endpoint/fraud-detector' });
    expect(audit.map((e) => `${e.action}:${e.result}`)).toEqual(['schedule:ok', 'schedule:refused', 'schedule:ok']);
  });

  it('scheduling needs an auto-scaling target: the refusal says how to register one', async () => {
    world = await openScaleWorld(target);
    const at = new Date(world.sims.simulation.now().getTime() + 3_600_000).toISOString().slice(0, 16) + 'Z';
    const asked = await world.command(`scale churn-model 2 at ${at}`, LEAD);
    await world.answerTo(asked);
    expect(JSON.stringify(world.slack.responsesTo(asked.responseUrlId))).toContain('aws application-autoscaling register-scalable-target');
    expect(world.calls('PutScheduledAction')).toBe(0);
  });
});

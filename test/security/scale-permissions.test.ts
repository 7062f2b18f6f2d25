/**
 * People without permission trying to change capacity: refused with who may, and nothing
 * executed — no mutating AWS call in the bot's call log, no scale request stored, no message
 * posted. The real bot against the AWS and Slack simulators, on SQLite.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCALE_ACTION_IDS } from '../../src/scaling/scale-request.js';
import { storeTargets } from '../support/database.js';
import { INTERN, LEAD, ONCALL, openScaleWorld, type ScaleWorld } from '../e2e/scale/scale-world.js';

/** Every AWS operation the scale flow changes something with. */
const MUTATING = ['RegisterScalableTarget', 'UpdateEndpointWeightsAndCapacities', 'PutScheduledAction', 'DeleteScheduledAction', 'DeregisterScalableTarget', 'UpdateEndpoint'];

describe('scaling without permission', () => {
  let world: ScaleWorld;

  beforeEach(async () => {
    world = await openScaleWorld(storeTargets()[0]!);
  });

  afterEach(() => world.close());

  const mutatingCalls = () => world.bot.services.aws.calls.records.filter((record) => MUTATING.includes(record.operation)).map((record) => record.operation);
  const scaleRequests = async () => Number((await sql<{ n: number }>`select count(*) as n from scale_requests`.execute(world.bot.services.store.db)).rows[0]?.n);
  const answerOf = async (asked: Awaited<ReturnType<ScaleWorld['command']>>) => {
    await world.answerTo(asked);
    return JSON.stringify(world.slack.responsesTo(asked.responseUrlId));
  };

  it('`scale` by someone not allowed: refused with who may; no AWS change, no request, nothing posted', async () => {
    const answer = await answerOf(await world.command('scale fraud-detector 4 --yes', INTERN));

    expect(answer).toContain(`only @${LEAD}, @${ONCALL} may scale endpoints`);
    await world.settled();
    expect(mutatingCalls()).toEqual([]);
    expect(await scaleRequests()).toBe(0);
    expect(world.slack.messages()).toEqual([]);
    expect(await world.bot.services.ports.audit.list({ target: 'endpoint/fraud-detector' })).toEqual([
      expect.objectContaining({ actor: INTERN, action: 'scale', result: 'refused' }),
    ]);
  });

  it('a schedule by someone who may scale but not schedule: refused with who may; no scheduled action created', async () => {
    const at = new Date(world.sims.simulation.now().getTime() + 24 * 3_600_000).toISOString().slice(0, 16) + 'Z';
    const answer = await answerOf(await world.command(`scale fraud-detector 5 at ${at}`, ONCALL));

    expect(answer).toContain(`only @${LEAD} may schedule scaling`);
    expect(mutatingCalls()).toEqual([]);
    expect(world.sims.services.autoscaling.scheduledActions.list()).toEqual([]);
    expect(await world.bot.services.ports.audit.list({ target: 'endpoint/fraud-detector' })).toEqual([
      expect.objectContaining({ actor: ONCALL, action: 'schedule', result: 'refused' }),
    ]);
  });

  it("Confirm on someone else's request by a user not allowed: refused privately; the request stays unconfirmed", async () => {
    await world.command('scale fraud-detector 4', ONCALL);
    const message = await world.requestMessage();

    const clicked = await world.click(message, SCALE_ACTION_IDS.confirm, INTERN);

    expect(await world.answerTo(clicked)).toMatch(/^Not done: only /);
    await world.settled();
    expect(mutatingCalls()).toEqual([]);
    const { rows } = await sql<{ state: string }>`select state from scale_requests`.execute(world.bot.services.store.db);
    expect(rows.map((row) => row.state)).toEqual([expect.not.stringMatching(/applying|done|confirmed/)]);
  });
});

/**
 * The cost burn of a resolved incident, end to end: an incident on an endpoint, a scale action
 * from its thread, the resolve (all alarms OK, or by hand), then one reply in the thread with
 * what the endpoint cost during the incident and what the scaling added — priced from the
 * simulator's DescribeEndpoint and the bot's own audit trail.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { INCIDENT_ACTION_IDS } from '../../../src/incidents/render-incident.js';
import { SCALE_ACTION_IDS } from '../../../src/scaling/scale-request.js';
import { describeEachStore } from '../../support/database.js';
import { alarmOn, incidentParent, incidentThread } from './scale-incident.js';
import { LEAD, ONCALL, openScaleWorld, type ScaleWorld } from './scale-world.js';

const MINUTE = 60_000;

describeEachStore('incident cost burn, end to end', (target) => {
  let world: ScaleWorld;

  beforeEach(async () => {
    world = await openScaleWorld(target);
  });

  afterEach(() => world.close());

  const costReplies = (parent: Parameters<typeof incidentThread>[1]) => incidentThread(world, parent).filter((text) => text.startsWith('💸'));
  const untilCostReply = async (parent: Parameters<typeof incidentThread>[1]) => {
    const deadline = Date.now() + 15_000;
    while (costReplies(parent).length === 0) {
      if (Date.now() > deadline) throw new Error(`no cost reply; the thread: ${JSON.stringify(incidentThread(world, parent))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await world.settled();
  };

  it('all alarms OK after 20 min with a scale 2 → 4 at minute 6: the thread gets the cost and what scaling added, once', async () => {
    await alarmOn(world, 'fraud-detector', 'ALARM');
    const parent = await incidentParent(world);
    world.advance(6 * MINUTE);
    await world.command('scale fraud-detector 4', ONCALL);
    await world.click(await world.requestMessage(), SCALE_ACTION_IDS.confirm, ONCALL);
    await world.until('applying');
    world.advance(5 * MINUTE);
    await world.until('done');
    world.advance(9 * MINUTE);

    await alarmOn(world, 'fraud-detector', 'OK');
    await untilCostReply(parent);

    // 2 × 6 min + 4 × 14 min = 68 instance-minutes of ml.c5.xlarge at $0.204/h ≈ $0.23; the 2 extra for 14 min ≈ $0.10.
    expect(costReplies(parent)).toEqual([
      expect.stringMatching(/^💸 During these 20 min fraud-detector cost ≈ \$0\.23 \(2 → 4 × ml\.c5\.xlarge\); scaling added ≈ \$0\.10 \(\+\$0\.41\/h while it stays scaled\)\./),
    ]);
    const followup = await world.bot.services.costBurn.followups.find(`incident:1:cost:${world.sims.simulation.now().getTime()}`);
    expect(followup).toEqual(expect.objectContaining({ outcome: 'posted', attempts: 1 }));
  });

  it('resolved by hand with no scaling: the cost alone, and a second Resolve click adds nothing', async () => {
    await alarmOn(world, 'fraud-detector', 'ALARM');
    const parent = await incidentParent(world);
    world.advance(30 * MINUTE);

    const [first, second] = await Promise.all([world.click(parent, INCIDENT_ACTION_IDS.resolve, LEAD), world.click(parent, INCIDENT_ACTION_IDS.resolve, LEAD)]);
    await untilCostReply(parent);
    await Promise.all([first, second]);
    await world.settled();

    // 2 × 30 min of ml.c5.xlarge at $0.204/h ≈ $0.20.
    expect(costReplies(parent)).toEqual([expect.stringMatching(/^💸 During these 30 min fraud-detector cost ≈ \$0\.20 \(2 × ml\.c5\.xlarge\)\. _On-demand list prices/)]);
  });

  it('an AWS failure posts no cost reply, logs it, and never held up the resolve', async () => {
    await alarmOn(world, 'fraud-detector', 'ALARM');
    const parent = await incidentParent(world);
    world.advance(10 * MINUTE);
    world.sims.aws.server.setFaults({ operations: { 'sagemaker.DescribeEndpoint': { errorRate: 1 } } });

    await alarmOn(world, 'fraud-detector', 'OK');
    expect(incidentThread(world, parent).at(-1)).toMatch(/^✅ Resolved after 10 min/);
    const deadline = Date.now() + 15_000;
    while (!world.logs.some((line) => line.msg === 'cost burn could not be measured; retrying')) {
      if (Date.now() > deadline) throw new Error('the cost burn job did not run');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await world.settled();
    expect(costReplies(parent)).toEqual([]);
  });
});

/**
 * `mlobs scale` at the terminal: the operator's `--yes` is the confirmation, so it acts at once
 * (no permission check, like `ack` there), posts the request message for the team through the
 * outbox, and leaves the following to the running bot. Also the Scale… chooser's counts.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openServices, type Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { scaleChooser } from '../../src/scaling/scale-chooser.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { describeEachStore } from '../support/database.js';

const CONSOLE = { userId: 'console:ops', userName: 'ops', surface: 'console' as const };

describeEachStore('scale from the terminal', (target) => {
  let sims: Simulators;
  let services: Services;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    sims = await startSimulators({ speed: 0, alarms: false });
    const database = target.freshDatabase();
    const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: database.url, MLOBS_CHANNEL: '#ml-ops' }, { cwd: '/nonexistent' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    services = await openServices(loaded.config, createLogger({ level: 'silent' }), { clock: () => sims.simulation.now() });
    dispose = () => database.dispose();
  });

  afterEach(async () => {
    await services.close();
    await sims.close();
    await dispose();
  });

  it('--yes acts at once and posts the request in the default channel for the team', async () => {
    const result = await services.runner.run('scale churn-model 2 --yes', CONSOLE);

    expect(result.reply.heading).toBe('Scaling churn-model: 1 → 2');
    expect(services.aws.calls.count({ operation: 'UpdateEndpointWeightsAndCapacities' })).toBe(1);
    const { rows } = await sql<{ state: string; approved_by: string; channel: string }>`select state, approved_by, channel from scale_requests`.execute(services.store.db);
    expect(rows).toEqual([{ state: 'applying', approved_by: 'console:ops', channel: '#ml-ops' }]);
    const posts = await sql<{ message_key: string }>`select message_key from slack_outbox order by id`.execute(services.store.db);
    // The state change folds into the post still pending; the thread reply waits for it.
    expect(posts.rows.map((row) => row.message_key)).toEqual(['scale:1:request', 'scale:1:request:reply:apply:1:1:2:0']);
  });

  it('without --yes and no terminal to ask, nothing happens', async () => {
    const result = await services.runner.run('scale churn-model 2', CONSOLE);
    expect(result.outcome).toBe('cancelled');
    expect(services.aws.calls.count({ operation: 'UpdateEndpointWeightsAndCapacities' })).toBe(0);
  });

  it('a bad count or --for is refused with the usage line before anything is asked of AWS', async () => {
    const result = await services.runner.run('scale churn-model lots --yes', CONSOLE);
    expect(result.outcome).not.toBe('ok');
    expect(result.reply.summary).toContain('"lots" is not an instance count');
    const forResult = await services.runner.run('scale churn-model 2 --for soon --yes', CONSOLE);
    expect(forResult.reply.summary).toContain('"soon" is not a duration');
    expect(services.aws.calls.count()).toBe(0);
  });

  it('the Scale… chooser offers one more, two more and the capacity hint’s count, within bounds', async () => {
    const reply = await scaleChooser(services.scaling!.aws, { incidentNumber: 7, endpoint: 'fraud-detector', scope: { region: 'us-east-1' }, bounds: { min: 1, max: 10 } }, sims.simulation.now());
    const buttons = reply.parts.flatMap((part) => (part.kind === 'actions' ? part.actions : []));
    expect(buttons.map((b) => b.label)).toEqual(expect.arrayContaining(['Scale to 3', 'Scale to 4']));
    expect(buttons[0]!.value).toBe('7|us-east-1|fraud-detector|AllTraffic|3');
    expect(reply.visibility).toBe('private');
  });
});

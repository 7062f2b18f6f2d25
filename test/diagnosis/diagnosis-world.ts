import diagnose from '../../commands/diagnose.js';
import { awsPorts } from '../../src/aws/aws-ports.js';
import { CloudWatchLogQueries } from '../../src/aws/cloudwatch-log-queries.js';
import type { ScenarioName } from '../../src/sim/fleet/index.js';
import { startCommandWorld, type CommandWorld, type CommandWorldOptions } from '../commands/command-world.js';
import { FLEET_CONFIG } from '../commands/logs-world.js';

export const INCIDENT_AT = new Date('2026-11-23T15:00:00Z');
export const NOW = new Date('2026-11-23T15:05:00Z');

/**
 * A command world for `diagnose`: every AWS port on the simulator's scenario, the clock five
 * minutes after the scenario's incident, the fleet's endpoints configured as a team would
 * (fraud-detector's SLA and its pre-processing Lambda). The Logs Insights adapter's waits move
 * the frozen simulated clock instead of sleeping, so its query runs its course at once.
 */
export async function startDiagnosisWorld(scenario: ScenarioName, options: Partial<CommandWorldOptions> = {}): Promise<CommandWorld> {
  let world: CommandWorld | undefined;
  const clock = () => world!.sims.simulation.clock;
  world = await startCommandWorld({
    commands: [diagnose],
    ports: (clients) => ({
      ...awsPorts(clients),
      logQueries: new CloudWatchLogQueries(clients, { sleep: async (ms) => clock().advance(ms), now: () => clock().now().getTime() }),
    }),
    scenario,
    now: NOW,
    incidentAt: INCIDENT_AT,
    env: { MLOBS_CONFIG: FLEET_CONFIG },
    ...options,
  });
  return world;
}

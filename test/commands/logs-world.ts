import { fileURLToPath } from 'node:url';
import { CloudWatchLogQueries, type CloudWatchLogQueriesOptions } from '../../src/aws/cloudwatch-log-queries.js';
import type { LogQueries } from '../../src/aws/ports/log-queries.js';
import type { AnyCommand } from '../../src/command/command-definition.js';
import { startCommandWorld, type CommandWorld } from './command-world.js';

/** The incident peak of `preprocess-memory`; the world's now is five minutes after it. */
export const PEAK = new Date('2026-11-23T15:00:00Z');
export const NOW = new Date(PEAK.getTime() + 5 * 60_000);
export const ENDPOINT_GROUP = '/aws/sagemaker/Endpoints/fraud-detector';
export const LAMBDA_GROUP = '/aws/lambda/fraud-preprocess';

/** The simulated fleet's endpoints as a team would configure them (fraud-detector → fraud-preprocess). */
export const FLEET_CONFIG = fileURLToPath(new URL('../fixtures/config/sim-fleet-endpoints.yml', import.meta.url));

export interface LogsWorldOptions {
  commands: readonly AnyCommand[];
  adapter?: CloudWatchLogQueriesOptions;
  /** Wraps the real adapter (a test's stand-in for a service that lacks a feature). */
  wrap?: (port: LogQueries) => LogQueries;
  configFile?: string;
}

/**
 * A command world for `logs` and `patterns`: the adapter's waits between polls move the frozen
 * simulated clock instead of sleeping, so a query runs its Scheduled → Running → Complete course
 * at once, with the same calls it would make in real time.
 */
export async function startLogsWorld(options: LogsWorldOptions): Promise<CommandWorld> {
  let world: CommandWorld | undefined;
  const clock = () => {
    if (!world) throw new Error('the world is not started yet');
    return world.sims.simulation.clock;
  };
  world = await startCommandWorld({
    commands: options.commands,
    now: NOW,
    incidentAt: PEAK,
    env: { MLOBS_CONFIG: options.configFile ?? FLEET_CONFIG },
    ports: (clients) => {
      const adapter = new CloudWatchLogQueries(clients, {
        sleep: async (ms) => clock().advance(ms),
        now: () => clock().now().getTime(),
        ...options.adapter,
      });
      return { logQueries: options.wrap ? options.wrap(adapter) : adapter };
    },
  });
  return world;
}

/** What the fleet itself wrote: events of `group` in [start, end) whose message includes `text`. */
export function fleetLines(world: CommandWorld, group: string, start: Date, end: Date, text: string): { timestamp: number; message: string }[] {
  return [...world.sims.simulation.fleet().logEvents(group, start, end)].filter((event) => event.message.includes(text));
}

import type { AnyCommand, Invoker } from '../../src/command/command-definition.js';
import { CommandRunner, type CommandResult } from '../../src/command/command-runner.js';
import type { AuditTrail, Ports } from '../../src/command/ports.js';
import { AwsClients } from '../../src/aws/aws-clients.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { renderText } from '../../src/console/render-text.js';
import type { FaultOptions } from '../../src/sim/aws/server/fault-injector.js';
import type { ScenarioName } from '../../src/sim/fleet/index.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import type { AuditEntry } from '../../src/store/audit-log.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { expect } from 'vitest';
import { BotMetrics } from '../../src/telemetry/metrics.js';

/**
 * One test's world for commands: the AWS simulator over a scenario with its clock frozen at
 * `now`, the real SDK clients pointed at it (their calls counted in `clients.calls`), and a
 * command runner whose clock is the simulation's. Each test builds its own and closes it.
 */
export interface CommandWorld {
  sims: Simulators;
  config: Config;
  clients: AwsClients;
  runner: CommandRunner;
  /** Runs `/mlobs <text>` as a Slack user. */
  run(text: string): Promise<CommandResult>;
  close(): Promise<void>;
}

export interface CommandWorldOptions {
  commands: readonly AnyCommand[];
  /** The ports under test, built on the world's clients; `audit` defaults to an in-memory trail. */
  ports: (clients: AwsClients) => Partial<Ports>;
  scenario?: ScenarioName;
  /** The simulated now (floored to the minute). Default 2026-11-23T15:05Z. */
  now?: Date;
  /** When the scenario's incident peaks. Default: 5 minutes before `now`. */
  incidentAt?: Date;
  /** Overrides of the environment `loadConfig` reads (AWS_ENDPOINT_URL and DATABASE_URL are set). */
  env?: NodeJS.ProcessEnv;
  /** Calls the AWS simulator fails on purpose (throttling, errors). */
  faults?: FaultOptions;
}

export const SLACK_USER: Invoker = { userId: 'U0TEST', userName: 'tester', channelId: 'C0TEST', surface: 'slack' };

export async function startCommandWorld(options: CommandWorldOptions): Promise<CommandWorld> {
  const now = options.now ?? new Date('2026-11-23T15:05:00Z');
  const incidentAt = options.incidentAt ?? new Date(now.getTime() - 5 * 60_000);
  const sims = await startSimulators({
    scenario: options.scenario ?? 'preprocess-memory',
    speed: 0,
    start: now,
    incidentLeadMs: incidentAt.getTime() - now.getTime(),
    alarms: false,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const loaded = loadConfig({ ...options.env, AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
  if (!loaded.ok) {
    await sims.close();
    throw new Error(`test config: ${JSON.stringify(loaded.problems)}`);
  }
  const config = loaded.config;
  const clients = new AwsClients(config);
  const runner = new CommandRunner({
    commands: options.commands,
    config,
    log: createLogger({ level: 'silent' }),
    metrics: new BotMetrics({ processMetrics: false }),
    ports: { audit: memoryAuditTrail(), ...options.ports(clients) },
    clock: () => sims.simulation.now(),
  });
  return {
    sims,
    config,
    clients,
    runner,
    run: (text) => runner.run(text, SLACK_USER),
    async close() {
      clients.destroy();
      await sims.close();
    },
  };
}

function memoryAuditTrail(): AuditTrail {
  const entries: AuditEntry[] = [];
  return {
    async record(entry) {
      const stored: AuditEntry = { ...entry, id: entries.length + 1, at: entry.at ?? new Date() };
      entries.push(stored);
      return stored;
    },
    async list() {
      return [...entries].reverse();
    },
  };
}

/**
 * A bad argument's answer, as every command owes it: refused as a usage error, privately, saying
 * what was wrong and the usage line, and before any AWS call.
 */
export function expectRefusedBeforeAws(world: CommandWorld, result: CommandResult, expected: { problem: string; usage: string }): void {
  expect(result.outcome).toBe('usage_error');
  expect(result.reply.visibility).toBe('private');
  const shown = renderText(result.reply);
  expect(shown).toContain(expected.problem);
  expect(shown).toContain(expected.usage);
  expect(world.clients.calls.records).toHaveLength(0);
}

/**
 * AWS throttling 30% of every call (the simulator's fault injector, seeded): the commands an
 * on-call engineer runs first still answer — the SDK retries with backoff — or say plainly which
 * part could not be read; never the generic "something went wrong". And a Logs Insights query
 * that ends Failed, Timeout or Cancelled says so (Failed and Timeout are also covered by
 * `test/commands/logs.test.ts`; Cancelled — someone stopping it in the console — here).
 */
import { afterEach, describe, expect, it } from 'vitest';
import cost from '../../commands/cost.js';
import diagnose from '../../commands/diagnose.js';
import latency from '../../commands/latency.js';
import logs from '../../commands/logs.js';
import traces from '../../commands/traces.js';
import { awsPorts } from '../../src/aws/aws-ports.js';
import { CloudWatchLogQueries } from '../../src/aws/cloudwatch-log-queries.js';
import { renderText } from '../../src/console/render-text.js';
import type { FaultOptions } from '../../src/sim/aws/server/fault-injector.js';
import { startCommandWorld, type CommandWorld } from '../commands/command-world.js';
import { FLEET_CONFIG, NOW, PEAK } from '../commands/logs-world.js';

const COMMANDS = ['latency fraud-detector', 'traces fraud-detector', 'logs fraud-detector errors', 'cost --since 14d', 'diagnose fraud-detector'];
/** What a plain partial answer names: the service's own throttling words, or the part that could not be read. */
const NAMED_FAILURE = /Throttl|Rate exceeded|could not be read|unavailable|try again/i;

describe('commands while AWS throttles', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  /** The diagnosis world's shape, with all five commands and a hook on the Logs Insights adapter's waits. */
  async function start(faults: FaultOptions | undefined, onWait: (w: CommandWorld) => void = () => undefined): Promise<CommandWorld> {
    let started: CommandWorld | undefined;
    const clock = () => started!.sims.simulation.clock;
    started = await startCommandWorld({
      commands: [latency, traces, logs, cost, diagnose],
      ports: (clients) => ({
        ...awsPorts(clients),
        logQueries: new CloudWatchLogQueries(clients, {
          sleep: async (ms) => {
            onWait(started!);
            clock().advance(ms);
          },
          now: () => clock().now().getTime(),
        }),
      }),
      now: NOW,
      incidentAt: PEAK,
      env: { MLOBS_CONFIG: FLEET_CONFIG },
      ...(faults ? { faults } : {}),
    });
    world = started;
    return started;
  }

  it('with 30 percent of calls throttled, each command answers, or names the part that failed', async () => {
    const w = await start({ throttleRate: 0.3, seed: 42 });

    for (const text of COMMANDS) {
      const result = await w.run(text);
      const shown = renderText(result.reply);
      expect(result.outcome, `${text}: ${shown}`).not.toBe('failed');
      if (result.outcome !== 'ok') expect(shown, text).toMatch(NAMED_FAILURE);
      expect(shown, text).not.toMatch(/something went wrong on our side/);
    }

    const injected = w.sims.aws.server.calls.filter((call) => call.fault === 'throttle');
    expect(injected.length).toBeGreaterThan(0);
    // The SDK retried: more calls reached the simulator than the commands made.
    expect(w.clients.calls.records.some((record) => record.attempts > 1)).toBe(true);
  });

  it('a Logs Insights query cancelled by someone else (StopQuery in the console) says so', async () => {
    const w = await start(undefined, (current) => {
      const logsState = current.sims.services.logs;
      const now = current.sims.simulation.clock.now().getTime();
      for (const query of logsState.activeQueries(now)) query.stop(now);
    });

    const result = await w.run('logs fraud-detector errors');

    expect(result.outcome).toBe('refused');
    expect(renderText(result.reply)).toMatch(/the query was cancelled before it finished/);
  });
});

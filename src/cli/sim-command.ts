import { parseArgs } from 'node:util';
import { SCENARIO_NAMES, type ScenarioName } from '../sim/fleet/index.js';
import { parseFaultSpec } from '../sim/aws/server/parse-fault-spec.js';
import { startSimulators } from '../sim/start-simulators.js';
import type { CliIo } from './main.js';

export const SIM_USAGE = 'usage: mlobs sim [--port 4566] [--slack-port 4567] [--scenario NAME] [--speed X] [--seed N] [--faults SPEC]';

/**
 * `mlobs sim`: the AWS and Slack simulators alone, until SIGTERM or SIGINT. Prints one line per
 * server once both are ready, which is what scripts wait for.
 */
export async function runSimCommand(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        port: { type: 'string', default: '4566' },
        'slack-port': { type: 'string', default: '4567' },
        scenario: { type: 'string', default: 'preprocess-memory' },
        speed: { type: 'string', default: '1' },
        seed: { type: 'string' },
        faults: { type: 'string' },
      },
    }));
  } catch (error) {
    io.stderr.write(`mlobs sim: ${(error as Error).message}\n${SIM_USAGE}\n`);
    return 2;
  }
  const problems: string[] = [];
  const port = portOf(values.port, '--port', problems);
  const slackPort = portOf(values['slack-port'], '--slack-port', problems);
  const speed = Number(values.speed);
  if (!(speed >= 0) || !Number.isFinite(speed)) problems.push(`--speed "${values.speed}" must be a number ≥ 0 (simulated seconds per real second)`);
  if (!(SCENARIO_NAMES as readonly string[]).includes(values.scenario)) problems.push(`--scenario "${values.scenario}" is not one of ${SCENARIO_NAMES.join(', ')}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) problems.push(`--seed "${values.seed}" must be a whole number`);
  let faults;
  try {
    faults = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  } catch (error) {
    problems.push(`--faults: ${(error as Error).message}`);
  }
  if (problems.length > 0) {
    io.stderr.write(`${problems.map((p) => `mlobs sim: ${p}`).join('\n')}\n${SIM_USAGE}\n`);
    return 2;
  }

  const simulators = await startSimulators({
    scenario: values.scenario as ScenarioName,
    speed,
    awsPort: port,
    slackPort,
    ...(seed === undefined ? {} : { seed }),
    ...(faults ? { faults } : {}),
  });
  io.stdout.write(`aws ${simulators.aws.url}\nslack ${simulators.slack.url}\n`);
  return new Promise<number>((resolve) => {
    const stop = () => void simulators.close().then(() => resolve(0), () => resolve(1));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function portOf(text: string | undefined, option: string, problems: string[]): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`${option} "${text}" is not a port (0–65535; 0 picks a free one)`);
  return port;
}

/**
 * Command lines built to break out of what a command may do — Logs Insights query injection
 * through an endpoint name, log groups outside `logs.allowed_prefixes`, path tricks, 100 KB
 * arguments, invisible control characters — through the real runner, every command and every
 * real AWS adapter: each is refused with a message saying what was wrong, logged, and not one
 * AWS call is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { awsPorts } from '../../src/aws/aws-ports.js';
import { CommandRunner } from '../../src/command/command-runner.js';
import { summaryOf } from '../../src/reply/reply.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { BotMetrics } from '../../src/telemetry/metrics.js';
import { SLACK_USER, startCommandWorld, type CommandWorld } from '../commands/command-world.js';
import { FLEET_CONFIG } from '../commands/logs-world.js';

const HUNDRED_KB = 'a'.repeat(100 * 1024);

const attacks: Array<[string, string, RegExp]> = [
  ['a query smuggled in an endpoint name', 'logs "fraud-detector | source \'/aws/rds/prod\' | fields @message" errors', /is neither a SageMaker endpoint name/],
  ['SOURCE inside the query, picking other groups', "logs fraud-detector fields @message | SOURCE '/aws/rds/instance/prod/postgresql'", /the SOURCE command is not allowed/],
  ['SOURCE after a newline', 'logs fraud-detector fields @message\n| source logGroups(namePrefix: ["/"])', /the SOURCE command is not allowed/],
  ['a log group outside the allowed prefixes', 'logs /aws/rds/instance/prod/postgresql errors', /only log groups under `\/aws\/sagemaker\/`, `\/aws\/lambda\/` may be queried/],
  ['a dot-segment climbing out of an allowed prefix', 'logs /aws/lambda/../../aws/rds/instance/prod fields @message', /\.\./],
  ['a dot-segment in patterns', 'patterns /aws/sagemaker/Endpoints/../../rds/prod', /\.\./],
  ['a path as an endpoint name', 'latency ../../etc/passwd', /is not a SageMaker name|SageMaker/],
  ['an X-Ray filter expression smuggled in a service name', 'traces \'fraud-detector") OR service("payments\'', /cannot contain quotes or backslashes/],
  ['a 100 KB endpoint name', `latency ${HUNDRED_KB}`, /characters long; the limit is 8,000/],
  ['a 100 KB query', `logs fraud-detector fields @message | filter @message like /${HUNDRED_KB}/`, /characters long; the limit is 8,000/],
  ['a NUL inside an endpoint name', 'latency fraud\u0000detector', /invisible control character \(U\+0000\)/],
  ['an ANSI escape in a query', 'logs fraud-detector fields @message \u001b[2J', /invisible control character \(U\+001B\)/],
  ['a right-to-left override disguising an endpoint', 'diagnose fraud-\u202erotceted', /invisible control character \(U\+202E\)/],
  ['a bidi isolate in a region', 'latency fraud-detector --region us-east-1\u2066', /invisible control character \(U\+2066\)/],
  ['a region that is not one', 'cost --region ../../us-east-1', /region/],
];

describe('hostile command arguments', () => {
  let world: CommandWorld;
  let runner: CommandRunner;
  const logs: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    world = await startCommandWorld({ commands: allCommands, ports: (clients) => awsPorts(clients), env: { MLOBS_CONFIG: FLEET_CONFIG } });
    runner = new CommandRunner({
      commands: allCommands,
      config: world.config,
      log: createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } }),
      metrics: new BotMetrics({ processMetrics: false }),
      ports: { ...awsPorts(world.clients), audit: { record: async () => { throw new Error('nothing may be audited'); }, list: async () => [] } },
      clock: () => world.sims.simulation.now(),
    });
  });

  afterAll(() => world.close());

  it.each(attacks)('%s is refused with a message, logged, and makes no AWS call', async (_what, text, problem) => {
    logs.length = 0;
    world.clients.calls.clear();

    const result = await runner.run(text, SLACK_USER);

    expect(['usage_error', 'refused']).toContain(result.outcome);
    const said = summaryOf(result.reply);
    expect(said).toMatch(problem);
    // The refusal quotes little of the input: no 100 KB echo, no control character passed on to Slack.
    expect(said.length).toBeLessThan(1_000);
    expect(said).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
    expect(world.clients.calls.records).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'command refused', user: SLACK_USER.userId, outcome: result.outcome, textLength: text.length }));
    expect(JSON.stringify(logs).length).toBeLessThan(5_000);
  });
});

import { describe, expect, it } from 'vitest';
import { defineCommand, type AnyCommand } from '../../src/command/command-definition.js';
import { tokenizeCommandLine } from '../../src/command/command-line.js';
import { parseArguments } from '../../src/command/parse-arguments.js';
import { usageOf } from '../../src/command/usage-text.js';

const answer = async () => ({ heading: 'ok', parts: [], visibility: 'private' as const });

const latency = defineCommand({
  name: 'latency',
  summary: 'latency of an endpoint',
  positionals: [{ name: 'endpoint', description: 'SageMaker endpoint name', required: true, validate: (v) => (/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(v) ? undefined : 'is not a SageMaker endpoint name') }],
  options: {
    variant: { type: 'string', valueName: 'V', description: 'production variant' },
    slow: { type: 'integer', valueName: 'N', description: 'slowest traces to show', min: 1, max: 20 },
    verbose: { type: 'boolean', description: 'more detail' },
  },
  timeRange: { defaultSince: '3h', longest: '14d' },
  awsScoped: true,
  run: answer,
});

const logs = defineCommand({
  name: 'logs',
  summary: 'Logs Insights',
  positionals: [
    { name: 'target', description: 'endpoint or log group', required: true },
    { name: 'query', description: 'a Logs Insights query', required: true, rest: true },
  ],
  options: {},
  timeRange: { defaultSince: '1h', longest: '7d' },
  run: answer,
});

function parse(command: AnyCommand, text: string) {
  const tokens = tokenizeCommandLine(text);
  const rest = text.slice(tokens[1]?.start ?? text.length);
  return parseArguments(command, tokenizeCommandLine(rest), rest);
}

describe('parseArguments', () => {
  it('reads positionals, typed options and global options', () => {
    const { args, globals } = parse(latency, 'latency fraud-detector --variant AllTraffic --slow=5 --verbose --since 1d --region eu-west-1 --private');
    expect(args).toEqual({ endpoint: 'fraud-detector', variant: 'AllTraffic', slow: 5, verbose: true });
    expect(globals).toMatchObject({ since: '1d', region: 'eu-west-1', private: true, yes: false });
  });

  it('defaults absent options: booleans false, values undefined', () => {
    expect(parse(latency, 'latency fraud-detector').args).toEqual({ endpoint: 'fraud-detector', variant: undefined, slow: undefined, verbose: false });
  });

  it('says which required argument is missing and what it is', () => {
    expect(() => parse(latency, 'latency')).toThrow('missing <endpoint>: SageMaker endpoint name');
  });

  it('runs the argument validator and quotes the bad value', () => {
    expect(() => parse(latency, 'latency fraud_detector!')).toThrow('<endpoint> "fraud_detector!": is not a SageMaker endpoint name');
  });

  it('suggests the option meant by a typo', () => {
    expect(() => parse(latency, 'latency x --varient A')).toThrow('unknown option --varient (did you mean --variant?)');
  });

  it('rejects options the command does not take, like --yes on a read-only command', () => {
    expect(() => parse(latency, 'latency x --yes')).toThrow('unknown option --yes');
  });

  it('checks integer options and their bounds', () => {
    expect(() => parse(latency, 'latency x --slow many')).toThrow('--slow "many" is not a whole number');
    expect(() => parse(latency, 'latency x --slow 50')).toThrow('--slow must be at most 20 (got 50)');
  });

  it('refuses an option given twice, a value-less option and extra words', () => {
    expect(() => parse(latency, 'latency x --since 1h --since 2h')).toThrow('--since is given twice');
    expect(() => parse(latency, 'latency x --variant')).toThrow('--variant needs a value (V)');
    expect(() => parse(latency, 'latency x y')).toThrow('unexpected "y"');
  });

  it('takes a rest-of-line query verbatim, quotes and dashes included, with options before it', () => {
    const query = `fields @timestamp, @message | filter @message like /Task timed out/ and level = "ERROR" -- note`;
    const { args, globals } = parse(logs, `logs fraud-detector --since 3h ${query}`);
    expect(args).toEqual({ target: 'fraud-detector', query });
    expect(globals.since).toBe('3h');
  });
});

describe('usageOf', () => {
  it('generates the usage line from the specs', () => {
    expect(usageOf(latency)).toBe('latency <endpoint> [--variant V] [--slow N] [--verbose] [--since 3h | --from TIME [--to TIME]] [--region REGION] [--account ACCOUNT]');
    expect(usageOf(logs)).toBe('logs <target> [--since 1h | --from TIME [--to TIME]] <query…>');
  });
});

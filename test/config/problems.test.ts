import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblems } from '../../src/config/load-config.js';
import { formatPath } from '../../src/config/problems.js';

describe('formatPath', () => {
  it('writes list positions in brackets and keys with dots', () => {
    expect(formatPath(['routing', 2, 'channel'])).toBe('routing[2].channel');
    expect(formatPath(['endpoints', 'fraud-detector', 'max_instances'])).toBe('endpoints.fraud-detector.max_instances');
  });

  it('quotes keys that would be ambiguous with dots', () => {
    expect(formatPath(['routing', 0, 'match', 'tag', 'aws:cloudformation:stack-name'])).toBe(
      'routing[0].match.tag["aws:cloudformation:stack-name"]',
    );
  });
});

describe('formatProblems', () => {
  it('writes one "path: message" line per problem', () => {
    expect(
      formatProblems([
        { path: 'routing[2].channel', message: 'required' },
        { path: 'env.PORT', message: '"x" is not a port (a whole number from 0 to 65535; 0 picks a free one)' },
      ]),
    ).toBe('routing[2].channel: required\nenv.PORT: "x" is not a port (a whole number from 0 to 65535; 0 picks a free one)');
  });
});

describe('ConfigError', () => {
  const problems = [
    { path: 'routing[2].channel', message: 'required' },
    { path: 'digest.timezone', message: '"Mars/Olympus" is not an IANA time zone' },
  ];

  it('names the file on its first line, then lists the problems', () => {
    const error = new ConfigError(problems, './mlobs.yml');
    expect(error.message).toBe(
      'mlobs configuration (file ./mlobs.yml) has 2 problems:\nrouting[2].channel: required\ndigest.timezone: "Mars/Olympus" is not an IANA time zone',
    );
    expect(error.problems).toBe(problems);
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
  });

  it('says when there was no file', () => {
    expect(new ConfigError([{ path: 'env.PORT', message: 'bad' }]).message).toBe(
      'mlobs configuration (environment only, no config file) has 1 problem:\nenv.PORT: bad',
    );
  });
});

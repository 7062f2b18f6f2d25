import { describe, expect, it } from 'vitest';
import { formatProblems } from '../../src/config/load-config.js';
import { configOf, loadEnv, problemAt, problemsOf } from './config-test-kit.js';

const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp';
const APP_TOKEN = 'xapp-1-A0123456789-1234567890-abcdef0123456789';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

describe('mode', () => {
  it('is local without a bot token', () => {
    const config = configOf(loadEnv({}));
    expect(config.mode).toBe('local');
    expect(config.slack.connection).toEqual({ mode: 'local' });
  });

  it('is http with a bot token and a signing secret', () => {
    const config = configOf(loadEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }));
    expect(config.mode).toBe('http');
    expect(config.slack.connection).toEqual({ mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  });

  it('is socket with a bot token and an app token, and needs no signing secret', () => {
    const config = configOf(loadEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN }));
    expect(config.mode).toBe('socket');
    expect(config.slack.connection).toEqual({ mode: 'socket', botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: undefined });
  });

  it('requires the signing secret in http mode', () => {
    expect(problemsOf(loadEnv({ SLACK_BOT_TOKEN: BOT_TOKEN }))).toEqual([
      {
        path: 'env.SLACK_SIGNING_SECRET',
        message: 'required in HTTP mode (SLACK_BOT_TOKEN is set, SLACK_APP_TOKEN is not); or set SLACK_APP_TOKEN for Socket Mode',
      },
    ]);
  });

  it('requires a bot token when an app token is set', () => {
    expect(problemAt(loadEnv({ SLACK_APP_TOKEN: APP_TOKEN }), 'env.SLACK_BOT_TOKEN')).toBe(
      'required when SLACK_APP_TOKEN is set (Socket Mode needs both)',
    );
  });

  it('warns that a signing secret alone still means local mode', () => {
    const result = loadEnv({ SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(result.ok && result.config.mode).toBe('local');
    expect(result.ok && result.warnings).toContain('SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: running in local mode');
  });

  it('treats variables set to the empty string as unset', () => {
    const config = configOf(loadEnv({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: ' ', PORT: '', LOG_LEVEL: '' }));
    expect(config.mode).toBe('local');
    expect(config.server.port).toBe(3000);
    expect(config.logLevel).toBe('info');
  });
});

describe('Slack tokens', () => {
  it('reports a bot token with the wrong prefix without showing the token', () => {
    const secretish = 'xoxp-9999-SUPERSECRET-user-token';
    const result = loadEnv({ SLACK_BOT_TOKEN: secretish, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(problemAt(result, 'env.SLACK_BOT_TOKEN')).toBe('must start with xoxb-; this looks like a user token, which mlobs does not use');
    expect(formatProblems(problemsOf(result))).not.toContain('SUPERSECRET');
  });

  it('recognizes an app token put in SLACK_BOT_TOKEN', () => {
    const result = loadEnv({ SLACK_BOT_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(problemAt(result, 'env.SLACK_BOT_TOKEN')).toBe('must start with xoxb-; this looks like an app-level token (SLACK_APP_TOKEN)');
    expect(JSON.stringify(problemsOf(result))).not.toContain(APP_TOKEN.slice(5));
  });

  it('reports an app token with the wrong prefix without showing it', () => {
    const result = loadEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'not-a-token-hunter2' });
    expect(problemAt(result, 'env.SLACK_APP_TOKEN')).toBe('must start with xapp-');
    expect(JSON.stringify(problemsOf(result))).not.toContain('hunter2');
  });

  it('reports a token with a trailing newline without showing it', () => {
    const result = loadEnv({ SLACK_BOT_TOKEN: `${BOT_TOKEN}\n`, SLACK_SIGNING_SECRET: `${SIGNING_SECRET}\n` });
    expect(problemsOf(result)).toEqual([
      { path: 'env.SLACK_BOT_TOKEN', message: 'contains whitespace (a trailing newline from a file?)' },
      { path: 'env.SLACK_SIGNING_SECRET', message: 'contains whitespace (a trailing newline from a file?)' },
    ]);
  });

  it('reports a token that is only its prefix', () => {
    expect(problemAt(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-', SLACK_SIGNING_SECRET: SIGNING_SECRET }), 'env.SLACK_BOT_TOKEN')).toBe(
      'has nothing after xoxb-',
    );
  });

  it('reports the token problem and the missing signing secret together', () => {
    const result = loadEnv({ SLACK_BOT_TOKEN: 'bot-token' });
    expect(problemsOf(result).map((p) => p.path)).toEqual(['env.SLACK_BOT_TOKEN', 'env.SLACK_SIGNING_SECRET']);
  });
});

describe('PORT', () => {
  it('reads a port number', () => {
    expect(configOf(loadEnv({ PORT: '8080' })).server.port).toBe(8080);
  });

  it('accepts 0, which picks a free port', () => {
    expect(configOf(loadEnv({ PORT: '0' })).server.port).toBe(0);
  });

  it.each(['65536', '99999', '80.5', 'http', '-1', '3000abc'])('reports %j', (port) => {
    expect(problemAt(loadEnv({ PORT: port }), 'env.PORT')).toBe(`"${port}" is not a port (a whole number from 0 to 65535; 0 picks a free one)`);
  });
});

describe('DATABASE_URL', () => {
  it.each([
    ['sqlite:./var/bot.db', { kind: 'sqlite', url: 'sqlite:./var/bot.db', path: './var/bot.db' }],
    ['sqlite::memory:', { kind: 'sqlite', url: 'sqlite::memory:', path: ':memory:' }],
    ['postgres://mlobs:pw@db:5432/mlobs', { kind: 'postgres', url: 'postgres://mlobs:pw@db:5432/mlobs' }],
    ['postgresql://db.internal/mlobs', { kind: 'postgres', url: 'postgresql://db.internal/mlobs' }],
  ])('reads %s', (url, database) => {
    expect(configOf(loadEnv({ DATABASE_URL: url })).database).toEqual(database);
  });

  it('reports an unsupported database without showing the URL, which may hold a password', () => {
    const result = loadEnv({ DATABASE_URL: 'mysql://root:hunter2@db/mlobs' });
    expect(problemAt(result, 'env.DATABASE_URL')).toBe(
      'has an unsupported form; use sqlite:PATH, sqlite::memory: or postgres://USER:PASSWORD@HOST:5432/DB (the value is not shown)',
    );
    expect(JSON.stringify(problemsOf(result))).not.toContain('hunter2');
  });

  it('reports a postgres URL without a host', () => {
    expect(problemAt(loadEnv({ DATABASE_URL: 'postgres://' }), 'env.DATABASE_URL')).toMatch(/^is not a valid postgres:\/\/ URL/);
  });

  it('reports sqlite: without a path', () => {
    expect(problemAt(loadEnv({ DATABASE_URL: 'sqlite:' }), 'env.DATABASE_URL')).toBe(
      'needs a path after sqlite:, e.g. sqlite:./data/mlobs.db (the value is not shown)',
    );
  });
});

describe('other variables', () => {
  it('reads every variable of the contract', () => {
    const config = configOf(
      loadEnv({
        SLACK_API_URL: 'http://127.0.0.1:4567/api',
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
        MLOBS_CHANNEL: '#ml-oncall',
        MLOBS_SNS_TRUSTED_URLS: 'http://127.0.0.1:4566/, http://localhost:4566/',
        QUICKCHART_URL: 'http://quickchart.internal:3400',
        LOG_LEVEL: 'DEBUG',
      }),
    );
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:4567/api/');
    expect(config.aws).toMatchObject({ defaultRegion: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566' });
    expect(config.slack.defaultChannel).toBe('#ml-oncall');
    expect(config.sns.trustedUrlPrefixes).toEqual(['http://127.0.0.1:4566/', 'http://localhost:4566/']);
    expect(config.charts.quickchartUrl).toBe('http://quickchart.internal:3400');
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    ['SLACK_API_URL', 'slack.com/api', '"slack.com/api" is not an http(s) URL'],
    ['AWS_ENDPOINT_URL', 'localhost:4566', '"localhost:4566" is not an http(s) URL'],
    ['QUICKCHART_URL', 'ftp://charts', '"ftp://charts" is not an http(s) URL'],
    ['MLOBS_SNS_TRUSTED_URLS', 'http://127.0.0.1:4566/,sim', '"sim" is not an http(s) URL'],
    ['AWS_REGION', 'Frankfurt', '"Frankfurt" is not an AWS region code (e.g. us-east-1, eu-central-1)'],
    ['LOG_LEVEL', 'verbose', '"verbose" is not one of: fatal, error, warn, info, debug, trace, silent'],
  ])('reports a bad %s', (name, value, message) => {
    expect(problemsOf(loadEnv({ [name]: value }))).toEqual([{ path: `env.${name}`, message }]);
  });

  it('reports a bad MLOBS_CHANNEL', () => {
    expect(problemAt(loadEnv({ MLOBS_CHANNEL: '#ML Team' }), 'env.MLOBS_CHANNEL')).toMatch(/^"#ML Team" is not a channel/);
  });

  it('reports every bad variable at once', () => {
    const result = loadEnv({ PORT: 'x', DATABASE_URL: 'x', LOG_LEVEL: 'x', AWS_REGION: 'x' });
    expect(problemsOf(result).map((p) => p.path)).toEqual(['env.PORT', 'env.DATABASE_URL', 'env.AWS_REGION', 'env.LOG_LEVEL']);
  });
});

/**
 * The environment variables of the contract, one schema each. Variables are checked one by
 * one so that every bad variable is reported, not just the first.
 *
 * Tokens and DATABASE_URL are secrets: their problems describe the value, never echo it.
 */
import { z } from 'zod';
import { LOG_LEVELS, type DatabaseConfig } from './config.js';
import { channelRef, httpUrl, regionCode } from './field-schemas.js';
import type { ConfigProblem } from './problems.js';
import { problemsFromIssues } from './zod-problems.js';

const TOKEN_KINDS: Record<string, string> = {
  'xoxb-': 'a bot token (SLACK_BOT_TOKEN)',
  'xapp-': 'an app-level token (SLACK_APP_TOKEN)',
  'xoxp-': 'a user token, which mlobs does not use',
};

function slackToken(prefix: string) {
  return z.string().superRefine((token, ctx) => {
    const problem = tokenProblem(token, prefix);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

function tokenProblem(token: string, prefix: string): string | undefined {
  if (/\s/.test(token)) return 'contains whitespace (a trailing newline from a file?)';
  if (!token.startsWith(prefix)) {
    const other = Object.keys(TOKEN_KINDS).find((kind) => token.startsWith(kind));
    return `must start with ${prefix}` + (other === undefined ? '' : `; this looks like ${TOKEN_KINDS[other]}`);
  }
  if (token.length === prefix.length) return `has nothing after ${prefix}`;
  return undefined;
}

const secret = z.string().refine((value) => !/\s/.test(value), {
  error: 'contains whitespace (a trailing newline from a file?)',
});

// 0 asks the system for a free port: what tests and benchmarks that start the bot use.
const port = z.string().transform((value, ctx) => {
  const number = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (number >= 0 && number <= 65535) return number;
  ctx.issues.push({ code: 'custom', input: value, message: `"${value}" is not a port (a whole number from 0 to 65535; 0 picks a free one)` });
  return z.NEVER;
});

const DATABASE_FORMS = 'use sqlite:PATH, sqlite::memory: or postgres://USER:PASSWORD@HOST:5432/DB';

const databaseUrl = z.string().transform((url, ctx): DatabaseConfig => {
  const fail = (message: string) => {
    // Not the value: a PostgreSQL URL may carry a password.
    ctx.issues.push({ code: 'custom', input: '(not shown)', message: `${message} (the value is not shown)` });
    return z.NEVER;
  };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return path === '' ? fail(`needs a path after sqlite:, e.g. sqlite:./data/mlobs.db`) : { kind: 'sqlite', url, path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return URL.canParse(url) && new URL(url).hostname !== ''
      ? { kind: 'postgres', url }
      : fail('is not a valid postgres:// URL; ' + DATABASE_FORMS);
  }
  return fail(`has an unsupported form; ${DATABASE_FORMS}`);
});

const trustedUrls = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter((part) => part !== '') : value),
  z.array(httpUrl),
);

/** The contract's variables. A variable set to the empty string counts as unset. */
const ENV_SCHEMAS = {
  SLACK_BOT_TOKEN: slackToken('xoxb-').optional(),
  SLACK_SIGNING_SECRET: secret.optional(),
  SLACK_APP_TOKEN: slackToken('xapp-').optional(),
  // The Web API client appends method names to this base, so it must end with a slash.
  SLACK_API_URL: httpUrl.transform((url) => (url.endsWith('/') ? url : `${url}/`)).optional(),
  PORT: port.default(3000),
  DATABASE_URL: databaseUrl.default({ kind: 'sqlite', url: 'sqlite:./data/mlobs.db', path: './data/mlobs.db' }),
  MLOBS_CONFIG: z.string().optional(),
  AWS_REGION: regionCode.optional(),
  AWS_ENDPOINT_URL: httpUrl.optional(),
  MLOBS_CHANNEL: channelRef.optional(),
  MLOBS_SNS_TRUSTED_URLS: trustedUrls.default([]),
  QUICKCHART_URL: httpUrl.default('https://quickchart.io'),
  LOG_LEVEL: z.preprocess((value) => (typeof value === 'string' ? value.toLowerCase() : value), z.enum(LOG_LEVELS)).default('info'),
} as const;

type EnvName = keyof typeof ENV_SCHEMAS;
export type EnvSettings = { [Name in EnvName]: z.output<(typeof ENV_SCHEMAS)[Name]> };

export type EnvReading = { ok: true; settings: EnvSettings } | { ok: false; problems: ConfigProblem[] };

export function readEnvironment(env: NodeJS.ProcessEnv): EnvReading {
  const settings: Partial<Record<EnvName, unknown>> = {};
  const problems: ConfigProblem[] = [];
  for (const name of Object.keys(ENV_SCHEMAS) as EnvName[]) {
    const schema = ENV_SCHEMAS[name];
    const result = schema.safeParse(envValue(env, name), { reportInput: true });
    if (result.success) {
      settings[name] = result.data;
    } else {
      // One path per variable (`env.MLOBS_SNS_TRUSTED_URLS`, not `…[2]`): it is one line to fix.
      const issues = result.error.issues.map((issue) => ({ ...issue, path: [] }));
      problems.push(...problemsFromIssues(issues, schema, ['env', name]));
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: settings as EnvSettings };
}

/** The variable's value, or undefined when unset or blank (compose files often pass `VAR=`). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

import { dirname, resolve } from 'node:path';
import { pino } from 'pino';
import { openServices, startBot } from '../app.js';
import type { Config } from '../config/config.js';
import { formatProblems, loadConfig } from '../config/load-config.js';
import { runConsoleCommand } from '../console/console-session.js';
import { createLogger, type Logger } from '../telemetry/logger.js';
import { attachLocalConsole, localBanner, startLocalMode, type LocalMode } from './local-mode.js';
import { runSimCommand } from './sim-command.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

const CLI_USAGE = `mlobs — the incident bot for ML teams on AWS

Usage:
  mlobs start                     run the bot (local mode without Slack credentials)
  mlobs config check [FILE]       validate the configuration; exit 1 on any problem
  mlobs sim [--port 4566] [--slack-port 4567] [--scenario NAME] [--speed X]
                                  the AWS and Slack simulators alone
  mlobs <command> [args]          run a /mlobs command here, e.g. mlobs help
  mlobs --version

Configuration: environment variables (see README) and mlobs.yml (or MLOBS_CONFIG).`;

/** `mlobs …`; resolves with the exit code once the command is done (for `start`: never, until a signal). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
    case '--help':
    case '-h':
      io.stdout.write(`${CLI_USAGE}\n`);
      return first === undefined ? 2 : 0;
    case '--version':
      io.stdout.write(`${await packageVersion()}\n`);
      return 0;
    case 'start':
      return start(io);
    case 'sim':
      return runSimCommand(rest, io);
    case 'config':
      if (rest[0] === 'check' && rest.length <= 2) return checkConfig(rest[1], io);
      io.stderr.write('usage: mlobs config check [FILE]\n');
      return 2;
    default:
      return runOneCommand(argv, io);
  }
}

function checkConfig(file: string | undefined, io: CliIo): number {
  const result = loadConfig(io.env, file ? { configFile: file } : {});
  if (!result.ok) {
    io.stderr.write(`${formatProblems(result.problems)}\n`);
    io.stderr.write(`✗ ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in the configuration\n`);
    return 1;
  }
  for (const warning of result.warnings) io.stdout.write(`! ${warning}\n`);
  const source = result.config.configFile ?? 'environment only (no config file)';
  io.stdout.write(`✓ configuration is valid: ${source}; mode ${result.config.mode}\n`);
  return 0;
}

function configOrExit(io: CliIo): { config: Config; warnings: string[] } | undefined {
  const result = loadConfig(io.env);
  if (!result.ok) {
    io.stderr.write(`mlobs: the configuration is invalid; nothing was started.\n${formatProblems(result.problems)}\n`);
    return undefined;
  }
  return result;
}

function loggerFor(config: Config, options: { level?: Config['logLevel']; file?: string } = {}): Logger {
  const secrets = config.slack.connection.mode === 'local' ? [] : [config.slack.connection.botToken, config.slack.connection.signingSecret, 'appToken' in config.slack.connection ? config.slack.connection.appToken : undefined];
  return createLogger({
    level: options.level ?? config.logLevel,
    secrets,
    // Synchronous: a local session logs little, and an exit right after start must not race the file's opening.
    ...(options.file ? { destination: pino.destination({ dest: options.file, sync: true, mkdir: true }) } : {}),
  });
}

async function start(io: CliIo): Promise<number> {
  const loaded = configOrExit(io);
  if (!loaded) return 1;
  const { config } = loaded;
  const localMode = config.slack.connection.mode === 'local';
  const interactive = localMode && io.stdin.isTTY === true && io.stdout.isTTY === true;
  // The console owns the terminal in local mode; logs go to a file beside the database instead.
  const logFile = interactive ? resolve(config.database.kind === 'sqlite' && config.database.path !== ':memory:' ? dirname(config.database.path) : 'data', 'mlobs.log') : undefined;
  const log = loggerFor(config, logFile ? { file: logFile } : {});
  for (const warning of loaded.warnings) log.warn({ config: config.configFile }, warning);

  let running: { stop(): Promise<void> };
  let local: LocalMode | undefined;
  try {
    if (localMode) {
      local = await startLocalMode(config, log);
      running = local;
    } else {
      running = await startBot(config, log);
    }
  } catch (error) {
    log.fatal({ err: error }, 'mlobs could not start');
    io.stderr.write(`mlobs could not start: ${(error as Error).message}\n`);
    return 1;
  }
  if (local) io.stdout.write(`${localBanner(local, logFile)}\n`);

  const stopped = new Promise<number>((resolveExit) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      // SIGTERM must end the process within 10 s even if something hangs on the way down.
      const deadline = setTimeout(() => resolveExit(1), 9_000);
      deadline.unref();
      void running.stop().then(
        () => resolveExit(0),
        (error: unknown) => {
          log.error({ err: error }, 'error while stopping');
          resolveExit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    if (local && interactive) {
      void attachLocalConsole(local, { input: io.stdin, output: io.stdout }).then(() => shutdown('console closed'));
    }
  });
  return stopped;
}

async function runOneCommand(argv: string[], io: CliIo): Promise<number> {
  const loaded = configOrExit(io);
  if (!loaded) return 1;
  const { config } = loaded;
  // Command output goes to stdout; only warnings and errors are logged, to stderr.
  const log = loggerFor(config, { level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const services = await openServices(config, log);
  try {
    const text = argv.map(quoteWord).join(' ');
    return await runConsoleCommand(services.runner, text, {
      output: io.stdout,
      input: io.stdin,
      color: io.stdout.isTTY === true,
      interactive: io.stdin.isTTY === true,
    });
  } finally {
    await services.close();
    log.flush();
  }
}

/** Rejoins shell words so the command-line tokenizer splits them the same way again. */
function quoteWord(word: string): string {
  if (!/\s/.test(word) && !/^["'“‘]/.test(word)) return word;
  return word.includes('"') ? `'${word}'` : `"${word}"`;
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const url = new URL('../../../package.json', import.meta.url);
  const fallback = new URL('../../package.json', import.meta.url);
  const text = await readFile(url).catch(() => readFile(fallback));
  return (JSON.parse(text.toString()) as { version: string }).version;
}

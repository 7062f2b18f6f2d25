import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import { problemReply, type Reply } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import type { BotMetrics } from '../telemetry/metrics.js';
import { didYouMean } from '../config/did-you-mean.js';
import type { AnyCommand, CommandContext, Invoker } from './command-definition.js';
import { UsageError, UserFacingError } from './command-errors.js';
import { tokenizeCommandLine } from './command-line.js';
import { parseArguments, type GlobalArgs } from './parse-arguments.js';
import type { Ports } from './ports.js';
import { resolveTimeRange, type TimeRange } from './time-range.js';
import { usageOf } from './usage-text.js';
import { resolveAwsScope } from './aws-scope.js';

export type CommandOutcome = 'ok' | 'usage_error' | 'refused' | 'failed' | 'cancelled';

export interface CommandResult {
  reply: Reply;
  /** The subcommand that ran, when the text named a known one. */
  command?: string;
  outcome: CommandOutcome;
}

export interface CommandRunnerDeps {
  commands: readonly AnyCommand[];
  config: Config;
  log: Logger;
  metrics: BotMetrics;
  ports: Ports;
  clock?: () => Date;
}

export interface RunOptions {
  /**
   * Asks the person to confirm a command that changes something. The terminal prompts; without it
   * (a script) a mutating command runs only with `--yes`.
   */
  confirm?: (question: string) => Promise<boolean>;
}

/** Where the text of `/mlobs …` becomes a `Reply`, the same for Slack and the terminal. */
export class CommandRunner {
  private readonly byName: Map<string, AnyCommand>;

  constructor(private readonly deps: CommandRunnerDeps) {
    this.byName = new Map();
    for (const command of deps.commands) {
      if (this.byName.has(command.name)) throw new Error(`two commands are named "${command.name}"`);
      this.byName.set(command.name, command);
    }
  }

  get commands(): readonly AnyCommand[] {
    return this.deps.commands;
  }

  async run(text: string, invoker: Invoker, options: RunOptions = {}): Promise<CommandResult> {
    const requestId = randomUUID().slice(0, 8);
    const started = process.hrtime.bigint();
    let command: AnyCommand | undefined;
    let result: CommandResult;
    try {
      const tokens = tokenizeCommandLine(text);
      const name = tokens[0]?.value.toLowerCase() ?? 'help';
      command = this.byName.get(name);
      if (!command) {
        result = { reply: this.unknownCommandReply(name), outcome: 'usage_error' };
      } else {
        result = await this.runCommand(command, tokens.slice(1), text, invoker, requestId, options);
      }
    } catch (error) {
      result = this.failureResult(error, command, text, invoker, requestId);
    }
    const label = command?.name ?? 'unknown';
    this.deps.metrics.commandsRun.inc({ command: label, outcome: result.outcome });
    this.deps.metrics.commandDuration.observe({ command: label }, Number(process.hrtime.bigint() - started) / 1e9);
    return command ? { ...result, command: command.name } : result;
  }

  private async runCommand(
    command: AnyCommand,
    tokens: ReturnType<typeof tokenizeCommandLine>,
    text: string,
    invoker: Invoker,
    requestId: string,
    options: RunOptions,
  ): Promise<CommandResult> {
    const { args, globals } = parseArguments(command, tokens, text);
    const now = (this.deps.clock ?? (() => new Date()))();
    const ctx = this.contextFor(command, globals, invoker, requestId, now);
    if (command.mutates && !globals.yes) {
      const question = `Run \`${text.trim()}\`?`;
      const confirmed = options.confirm ? await options.confirm(question) : false;
      if (!confirmed) {
        const detail = options.confirm ? 'nothing was changed' : 'this command changes something: add --yes to run it without a prompt';
        return { reply: { heading: 'Cancelled', parts: [], visibility: 'private', summary: `Cancelled: ${detail}` , tone: 'info' }, outcome: 'cancelled' };
      }
    }
    ctx.log.info({ text: text.trim() }, 'command started');
    const reply = await command.run(ctx, args);
    ctx.log.info({ heading: reply.heading }, 'command answered');
    return { reply: globals.private ? { ...reply, visibility: 'private' } : reply, outcome: 'ok' };
  }

  private contextFor(command: AnyCommand, globals: GlobalArgs, invoker: Invoker, requestId: string, now: Date): CommandContext {
    const range: TimeRange = command.timeRange
      ? resolveTimeRange(globals, command.timeRange, now)
      : { start: now, end: now, description: 'now' };
    const scope = resolveAwsScope(this.deps.config, globals);
    return {
      invoker,
      log: this.deps.log.child({ command: command.name, requestId, user: invoker.userId }),
      config: this.deps.config,
      now,
      range,
      region: scope.region,
      ...(scope.account === undefined ? {} : { account: scope.account }),
      commands: this.deps.commands,
      ports: this.deps.ports,
    };
  }

  private unknownCommandReply(name: string): Reply {
    const names = this.deps.commands.map((c) => c.name);
    const hint = didYouMean(name, names);
    const detail = `unknown command "${name}"${hint ? ` — did you mean \`${hint}\`?` : ''} Commands: ${names.join(', ')}.`;
    return problemReply('Unknown command', detail, 'help [command]');
  }

  private failureResult(error: unknown, command: AnyCommand | undefined, text: string, invoker: Invoker, requestId: string): CommandResult {
    const heading = command ? `\`${command.name}\` could not run` : 'Could not read the command';
    if (error instanceof UsageError) {
      return { reply: problemReply(heading, error.message, command ? usageOf(command) : 'help [command]'), outcome: 'usage_error' };
    }
    if (error instanceof UserFacingError) {
      return { reply: problemReply(command ? `\`${command.name}\`` : 'mlobs', error.message), outcome: 'refused' };
    }
    this.deps.metrics.errors.inc({ where: 'command' });
    this.deps.log.error({ err: error, command: command?.name, requestId, user: invoker.userId, text: text.slice(0, 500) }, 'command failed');
    return {
      reply: problemReply(
        heading,
        `something went wrong on our side (error id \`${requestId}\`). It is logged; if it keeps happening, give that id to whoever runs mlobs.`,
      ),
      outcome: 'failed',
    };
  }
}

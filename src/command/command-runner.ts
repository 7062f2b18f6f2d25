import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import { note, problemReply, summaryOf, type Reply } from '../reply/reply.js';
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
  /** Who cancelled the run and when, for transports that name people their own way (Slack mentions). */
  cancellation?: CommandCancellation;
}

export interface CommandCancellation {
  /** The user id of whoever cancelled (Slack `U…`, or `console:<login>`). */
  by: string;
  afterMs: number;
  /** What the command did about it, in its words: "the query was stopped (StopQuery) …". */
  detail?: string;
}

/**
 * The reason a transport aborts a run's signal with: who asked. The runner reads it back to
 * say who cancelled.
 */
export class CancelRequest extends Error {
  override readonly name = 'CancelRequest';

  constructor(
    readonly userId: string,
    /** How to name them in a plain-text answer (the console); Slack mentions the id instead. */
    readonly userName?: string,
  ) {
    super(`cancelled by ${userName ?? userId}`);
  }
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
  /** Shows interim answers of a long command ("Running… 1.2 GB scanned"); the final reply replaces them. */
  progress?: (reply: Reply) => void;
  /** Aborting it cancels the command; abort with a {@link CancelRequest} to say who asked. */
  signal?: AbortSignal;
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
      result = options.signal?.aborted
        ? cancelledResult(options.signal, invoker, error, started)
        : this.failureResult(error, command, text, invoker, requestId);
    }
    const label = command?.name ?? 'unknown';
    if (result.outcome === 'usage_error' || result.outcome === 'refused') {
      // Refused input is worth seeing (someone probing, a confusing usage); the text is the caller's, so bounded.
      this.deps.log.info(
        { command: label, requestId, user: invoker.userId, outcome: result.outcome, problem: summaryOf(result.reply).slice(0, 300), textLength: text.length },
        'command refused',
      );
    }
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
    const ctx = this.contextFor(command, globals, invoker, requestId, now, options);
    // The terminal asks before changing anything; in Slack the command itself is the request
    // (and `scale` posts its own Confirm button), so Slack is never prompted here.
    if (command.mutates && invoker.surface === 'console' && !globals.yes) {
      const question = `Run \`${text.trim()}\`?`;
      const confirmed = options.confirm ? await options.confirm(question) : false;
      if (!confirmed) {
        const detail = options.confirm ? 'nothing was changed' : 'this command changes something: add --yes to run it without a prompt';
        return { reply: { heading: 'Cancelled', parts: [], visibility: 'private', summary: `Cancelled: ${detail}` , tone: 'info' }, outcome: 'cancelled' };
      }
    }
    // A cancel that came in before the command started (or while confirming) runs nothing.
    options.signal?.throwIfAborted();
    ctx.log.info({ text: text.trim() }, 'command started');
    const reply = await command.run(ctx, args);
    ctx.log.info({ heading: reply.heading }, 'command answered');
    return { reply: globals.private ? { ...reply, visibility: 'private' } : reply, outcome: 'ok' };
  }

  private contextFor(command: AnyCommand, globals: GlobalArgs, invoker: Invoker, requestId: string, now: Date, options: RunOptions): CommandContext {
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
      ...(options.progress ? { progress: progressFor(options.progress, globals) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
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

/** Interim answers follow `--private` like the final one: nobody else sees a private query run. */
function progressFor(show: (reply: Reply) => void, globals: GlobalArgs): (reply: Reply) => void {
  return (reply) => show(globals.private ? { ...reply, visibility: 'private' } : reply);
}

/**
 * A command that ended while its signal was aborted ended because of it: the answer says who
 * cancelled, after how long, and what the command did about it (its `UserFacingError`, e.g. the
 * query it stopped), instead of reporting a failure.
 */
function cancelledResult(signal: AbortSignal, invoker: Invoker, error: unknown, started: bigint): CommandResult {
  const request = signal.reason instanceof CancelRequest ? signal.reason : undefined;
  const by = request?.userId ?? invoker.userId;
  const name = request ? (request.userName ?? request.userId) : (invoker.userName ?? invoker.userId);
  const afterMs = Number(process.hrtime.bigint() - started) / 1e6;
  const detail = error instanceof UserFacingError ? error.message : undefined;
  const line = `Cancelled by ${name} after ${elapsedText(afterMs)}${detail ? `; ${detail}` : '.'}`;
  return {
    reply: { heading: 'Cancelled', parts: [note('info', line)], visibility: 'channel', tone: 'info', summary: line },
    outcome: 'cancelled',
    cancellation: { by, afterMs, ...(detail ? { detail } : {}) },
  };
}

/** `0.4 s`, `12 s`, `3 min 5 s`. */
export function elapsedText(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

import type { Config } from '../config/config.js';
import type { Reply } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import type { Ports } from './ports.js';
import type { TimeRange } from './time-range.js';

/**
 * What a `/mlobs` subcommand is: its help text as data, and `run`. Everything a command needs
 * from the outside arrives through `CommandContext`; a command never imports Slack or the AWS SDK.
 */

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes the rest of the command line verbatim (a Logs Insights query). Must be last. */
  readonly rest?: boolean;
  /** Returns what is wrong with the value, or undefined when it is fine. */
  readonly validate?: (value: string) => string | undefined;
}

export type OptionSpec =
  | { readonly type: 'string'; readonly valueName: string; readonly description: string; readonly validate?: (value: string) => string | undefined }
  | { readonly type: 'integer'; readonly valueName: string; readonly description: string; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean'; readonly description: string };

export interface TimeRangeSpec {
  /** Used when neither `--since` nor `--from` is given, e.g. `3h`. */
  readonly defaultSince: string;
  /** The longest range the command accepts, e.g. `14d`. */
  readonly longest: string;
  /** Why it is the longest, added to the refusal (`Cost Explorer keeps 13 months of history`). */
  readonly longestReason?: string;
}

type PositionalValues<P extends readonly PositionalSpec[]> = {
  [S in P[number] as S['name']]: S['required'] extends true ? string : string | undefined;
};

type OptionValue<O extends OptionSpec> = O extends { type: 'boolean' }
  ? boolean
  : O extends { type: 'integer' }
    ? number | undefined
    : string | undefined;

type OptionValues<O extends Record<string, OptionSpec>> = { [K in keyof O]: OptionValue<O[K]> };

export type CommandArgs<P extends readonly PositionalSpec[], O extends Record<string, OptionSpec>> = PositionalValues<P> &
  OptionValues<O>;

/** Who asked, and from where. */
export interface Invoker {
  /** Slack user ID, or `console:<login>` in the terminal. */
  userId: string;
  userName?: string;
  channelId?: string;
  surface: 'slack' | 'console';
}

export interface CommandContext {
  invoker: Invoker;
  log: Logger;
  config: Config;
  now: Date;
  /** The resolved `--since`/`--from`/`--to`, for commands that declare a time range. */
  range: TimeRange;
  /** The resolved `--region` (default from config), for commands that talk to AWS. */
  region: string;
  /** The configured account name or id chosen with `--account`, if any. */
  account?: string;
  /** Every registered command, for `help`. */
  commands: readonly AnyCommand[];
  ports: Ports;
  /**
   * Shows an interim answer while a long command runs ("Running… 1.2 GB scanned"); the transport
   * replaces it with the final reply. Absent where there is nowhere to show it.
   */
  progress?: (reply: Reply) => void;
  /**
   * Aborted when the person cancels the command (a Cancel button). A command that waits on
   * something long (a Logs Insights query) stops it and ends; absent where nobody can cancel.
   */
  signal?: AbortSignal;
}

export interface CommandDefinition<P extends readonly PositionalSpec[], O extends Record<string, OptionSpec>> {
  readonly name: string;
  /** One line, shown by `help`. */
  readonly summary: string;
  readonly positionals: P;
  readonly options: O;
  /** Accepts `--since`/`--from`/`--to`. */
  readonly timeRange?: TimeRangeSpec;
  /** Talks to AWS: accepts `--region` and `--account`. */
  readonly awsScoped?: boolean;
  /** Changes something (scale, ack): the terminal asks for confirmation unless `--yes`; Slack does not. */
  readonly mutates?: boolean;
  readonly examples?: readonly string[];
  run(ctx: CommandContext, args: CommandArgs<P, O>): Promise<Reply>;
}

/**
 * A command of any argument shape, as the registry holds them. `run` is only ever called with
 * arguments parsed against the same command's own specs, which is what makes `any` safe here.
 */
export type AnyCommand = Omit<CommandDefinition<readonly PositionalSpec[], Record<string, OptionSpec>>, 'run'> & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run(ctx: CommandContext, args: any): Promise<Reply>;
};

export function defineCommand<const P extends readonly PositionalSpec[], const O extends Record<string, OptionSpec>>(
  definition: CommandDefinition<P, O>,
): CommandDefinition<P, O> {
  const restIndex = definition.positionals.findIndex((p) => p.rest);
  if (restIndex >= 0 && restIndex !== definition.positionals.length - 1) {
    throw new Error(`command ${definition.name}: the rest-of-line argument "${definition.positionals[restIndex]!.name}" must be last`);
  }
  return definition;
}

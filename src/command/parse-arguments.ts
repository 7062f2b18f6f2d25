import type { AnyCommand, OptionSpec } from './command-definition.js';
import { UsageError } from './command-errors.js';
import type { Token } from './command-line.js';
import { didYouMean } from '../config/did-you-mean.js';
import { globalOptionsOf } from './global-options.js';

/** The global options after parsing; their meaning is resolved by the runner. */
export interface GlobalArgs {
  since?: string;
  from?: string;
  to?: string;
  region?: string;
  account?: string;
  private: boolean;
  yes: boolean;
}

export interface ParsedArguments {
  args: Record<string, string | number | boolean | undefined>;
  globals: GlobalArgs;
}

/**
 * Parses the words after the subcommand name against the command's specs. `--name value` and
 * `--name=value` both work; a rest-of-line argument takes the raw remaining text.
 */
export function parseArguments(command: AnyCommand, tokens: readonly Token[], rawText: string): ParsedArguments {
  const globalSpecs = globalOptionsOf(command);
  const specs: Record<string, OptionSpec> = { ...globalSpecs, ...command.options };
  const values: Record<string, string | number | boolean | undefined> = {};
  const positionals: string[] = [];
  const restSpec = command.positionals.at(-1)?.rest ? command.positionals.at(-1) : undefined;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.value.startsWith('--') || token.value === '--') {
      if (restSpec && positionals.length === command.positionals.length - 1) {
        // Options go before a rest-of-line argument; from its first word on, the raw text is
        // taken verbatim, because a query may itself contain quotes and `--`.
        // A rest argument quoted as a whole (`"fields @message | limit 5"`) is that one word.
        positionals.push(i === tokens.length - 1 ? token.value : rawText.slice(token.start).trim());
        break;
      }
      positionals.push(token.value);
      continue;
    }
    const [rawName, inlineValue] = splitOption(token.value);
    const spec = specs[rawName];
    if (!spec) {
      const hint = didYouMean(rawName, Object.keys(specs));
      throw new UsageError(`unknown option --${rawName}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
    if (rawName in values) throw new UsageError(`--${rawName} is given twice`);
    if (spec.type === 'boolean') {
      if (inlineValue !== undefined) throw new UsageError(`--${rawName} takes no value`);
      values[rawName] = true;
      continue;
    }
    const value = inlineValue ?? tokens[++i]?.value;
    if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${rawName} needs a value (${spec.valueName})`);
    }
    values[rawName] = spec.type === 'integer' ? parseInteger(rawName, value, spec) : validated(rawName, value, spec);
  }

  const args: ParsedArguments['args'] = {};
  command.positionals.forEach((spec, index) => {
    const value = positionals[index];
    if (value === undefined || value === '') {
      if (spec.required) throw new UsageError(`missing <${spec.name}>: ${spec.description}`);
      args[spec.name] = undefined;
      return;
    }
    const problem = spec.validate?.(value);
    if (problem) throw new UsageError(`<${spec.name}> ${JSON.stringify(value)}: ${problem}`);
    args[spec.name] = value;
  });
  if (positionals.length > command.positionals.length) {
    const extra = positionals.slice(command.positionals.length).map((p) => JSON.stringify(p)).join(' ');
    throw new UsageError(`unexpected ${extra}`);
  }
  for (const [name, spec] of Object.entries(command.options)) {
    args[name] = values[name] ?? (spec.type === 'boolean' ? false : undefined);
  }
  return {
    args,
    globals: {
      ...pickStrings(values, ['since', 'from', 'to', 'region', 'account']),
      private: values.private === true,
      yes: values.yes === true,
    },
  };
}

function splitOption(word: string): [string, string | undefined] {
  const body = word.slice(2);
  const eq = body.indexOf('=');
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

function parseInteger(name: string, value: string, spec: Extract<OptionSpec, { type: 'integer' }>): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} "${value}" is not a whole number`);
  const parsed = Number(value);
  if (spec.min !== undefined && parsed < spec.min) throw new UsageError(`--${name} must be at least ${spec.min} (got ${parsed})`);
  if (spec.max !== undefined && parsed > spec.max) throw new UsageError(`--${name} must be at most ${spec.max} (got ${parsed})`);
  return parsed;
}

function validated(name: string, value: string, spec: Extract<OptionSpec, { type: 'string' }>): string {
  const problem = spec.validate?.(value);
  if (problem) throw new UsageError(`--${name} ${JSON.stringify(value)}: ${problem}`);
  return value;
}

function pickStrings<K extends string>(values: Record<string, unknown>, keys: K[]): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) if (typeof values[key] === 'string') picked[key] = values[key] as string;
  return picked;
}

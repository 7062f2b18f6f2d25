import type { AnyCommand, OptionSpec } from './command-definition.js';

/** The one-line usage, generated from the command's specs so help can never drift from parsing. */
export function usageOf(command: AnyCommand): string {
  const words: string[] = [command.name];
  for (const positional of command.positionals) {
    const name = positional.rest ? `${positional.name}…` : positional.name;
    words.push(positional.required ? `<${name}>` : `[${name}]`);
  }
  for (const [name, spec] of Object.entries(command.options)) words.push(`[${optionSyntax(name, spec)}]`);
  if (command.timeRange) words.push(`[--since ${command.timeRange.defaultSince} | --from TIME [--to TIME]]`);
  if (command.awsScoped) words.push('[--region REGION] [--account ACCOUNT]');
  if (command.mutates) words.push('[--yes]');
  return words.join(' ');
}

export function optionSyntax(name: string, spec: OptionSpec): string {
  return spec.type === 'boolean' ? `--${name}` : `--${name} ${spec.valueName}`;
}

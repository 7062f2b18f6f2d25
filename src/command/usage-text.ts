import type { AnyCommand, OptionSpec } from './command-definition.js';

/** The one-line usage, generated from the command's specs so help can never drift from parsing. */
export function usageOf(command: AnyCommand): string {
  const positional = (p: AnyCommand['positionals'][number]) => {
    const name = p.rest ? `${p.name}…` : p.name;
    return p.required ? `<${name}>` : `[${name}]`;
  };
  // A rest-of-line argument takes everything after its first word, so options go before it.
  const rest = command.positionals.at(-1)?.rest ? command.positionals.at(-1) : undefined;
  const words: string[] = [command.name, ...command.positionals.filter((p) => p !== rest).map(positional)];
  for (const [name, spec] of Object.entries(command.options)) words.push(`[${optionSyntax(name, spec)}]`);
  if (command.timeRange) words.push(`[--since ${command.timeRange.defaultSince} | --from TIME [--to TIME]]`);
  if (command.awsScoped) words.push('[--region REGION] [--account ACCOUNT]');
  if (command.mutates) words.push('[--yes]');
  if (rest) words.push(positional(rest));
  return words.join(' ');
}

export function optionSyntax(name: string, spec: OptionSpec): string {
  return spec.type === 'boolean' ? `--${name}` : `--${name} ${spec.valueName}`;
}

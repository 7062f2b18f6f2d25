import type { AnyCommand, OptionSpec } from './command-definition.js';

/**
 * Options every command of a kind accepts, handled once here instead of in every command: the time
 * range for commands that declare one, the AWS scope for commands that talk to AWS, visibility for
 * all, and `--yes` for commands that change things.
 */
export function globalOptionsOf(command: AnyCommand): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  if (command.timeRange) {
    options.since = { type: 'string', valueName: 'DURATION', description: `how far back to look (default ${command.timeRange.defaultSince}, at most ${command.timeRange.longest})` };
    options.from = { type: 'string', valueName: 'TIME', description: 'start of the range (ISO 8601, UTC unless an offset is given)' };
    options.to = { type: 'string', valueName: 'TIME', description: 'end of the range (default now)' };
  }
  if (command.awsScoped) {
    options.region = { type: 'string', valueName: 'REGION', description: 'AWS region (default from config)' };
    options.account = { type: 'string', valueName: 'ACCOUNT', description: 'configured AWS account name or id' };
  }
  options.private = { type: 'boolean', description: 'answer only to you' };
  if (command.mutates) options.yes = { type: 'boolean', description: 'do not ask for confirmation (terminal only)' };
  return options;
}

export const GLOBAL_OPTION_NAMES = new Set(['since', 'from', 'to', 'region', 'account', 'private', 'yes']);

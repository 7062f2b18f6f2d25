import type { Config } from '../config/config.js';
import { didYouMean } from '../config/did-you-mean.js';
import { UsageError } from './command-errors.js';
import type { GlobalArgs } from './parse-arguments.js';

const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** The region and account a command talks to: `--region`/`--account`, else the configured defaults. */
export function resolveAwsScope(config: Config, globals: Pick<GlobalArgs, 'region' | 'account'>): { region: string; account?: string } {
  const region = globals.region ?? config.aws.defaultRegion;
  if (!REGION_CODE.test(region)) throw new UsageError(`--region "${region}" is not an AWS region code (e.g. us-east-1, eu-west-1)`);
  if (globals.account === undefined) return { region };

  const accounts = config.aws.accounts;
  const account = accounts.find((a) => a.name === globals.account || a.id === globals.account);
  if (account) {
    if (account.regions.length > 0 && globals.region !== undefined && !account.regions.includes(region)) {
      throw new UsageError(`account ${account.name} is configured for ${account.regions.join(', ')}, not ${region}`);
    }
    return { region, account: account.name };
  }
  if (accounts.length === 0) {
    throw new UsageError(`--account "${globals.account}": no AWS accounts are configured (add them under aws.accounts in the config file)`);
  }
  const hint = didYouMean(globals.account, accounts.map((a) => a.name));
  throw new UsageError(
    `--account "${globals.account}" is not configured${hint ? ` — did you mean ${hint}?` : ''} (known: ${accounts.map((a) => a.name).join(', ')})`,
  );
}

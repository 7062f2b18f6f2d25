/**
 * Checks that relate two places in the file: names that must be unique, bounds that must be
 * ordered, and references (an account, an endpoint) that must point at something configured.
 *
 * Takes whichever sections parsed on their own, so these problems are reported alongside the
 * schema's even when some other section is broken.
 */
import { didYouMean } from './did-you-mean.js';
import type { AccountEntry, ConfigFile } from './file-schema.js';
import { formatPath, type ConfigProblem } from './problems.js';

export type ParsedSections = Partial<ConfigFile>;

export function checkReferences(sections: ParsedSections): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (path: PropertyKey[], message: string) => problems.push({ path: formatPath(path), message });
  const accounts = sections.aws?.accounts;

  if (accounts !== undefined) checkAccountsUnique(accounts, report);

  sections.routing?.forEach((rule, index) => {
    const ref = rule.match.account;
    if (ref !== undefined && accounts !== undefined) {
      const problem = accountRefProblem(ref, accounts);
      if (problem !== undefined) report(['routing', index, 'match', 'account'], problem);
    }
  });

  for (const [name, endpoint] of Object.entries(sections.endpoints ?? {})) {
    if (endpoint.max_instances < endpoint.min_instances) {
      report(['endpoints', name, 'max_instances'], `must be ≥ min_instances (${endpoint.min_instances})`);
    }
    if (endpoint.account !== undefined && accounts !== undefined) {
      const problem = accountRefProblem(endpoint.account, accounts);
      if (problem !== undefined) report(['endpoints', name, 'account'], problem);
    }
  }

  // Without an endpoints section any endpoint name may be meant; with one, an unknown name is a typo.
  const endpointNames = Object.keys(sections.endpoints ?? {});
  if (endpointNames.length > 0) {
    sections.permissions?.forEach((rule, index) => {
      rule.endpoints?.forEach((name, position) => {
        if (!endpointNames.includes(name)) {
          report(['permissions', index, 'endpoints', position], unknownName('endpoint', name, 'endpoints', endpointNames));
        }
      });
    });
  }
  return problems;
}

/** The configured account a rule or endpoint names, by name or by ID. */
export function findAccount(ref: string, accounts: readonly AccountEntry[]): AccountEntry | undefined {
  return accounts.find((account) => account.name === ref) ?? accounts.find((account) => account.id === ref);
}

function accountRefProblem(ref: string, accounts: readonly AccountEntry[]): string | undefined {
  if (accounts.length === 0) {
    return /^\d{12}$/.test(ref)
      ? undefined
      : `${JSON.stringify(ref)} is not an account ID, and aws.accounts is empty (list the account there to use its name)`;
  }
  if (findAccount(ref, accounts) !== undefined) return undefined;
  return unknownName('account', ref, 'aws.accounts', [...new Set(accounts.map((account) => account.name))]);
}

function unknownName(kind: string, name: string, where: string, known: readonly string[]): string {
  const hint = didYouMean(name, known);
  return hint === undefined
    ? `no ${kind} named ${JSON.stringify(name)} in ${where} (known: ${known.join(', ')})`
    : `no ${kind} named ${JSON.stringify(name)} in ${where} (did you mean "${hint}"?)`;
}

function checkAccountsUnique(accounts: readonly AccountEntry[], report: (path: PropertyKey[], message: string) => void) {
  for (const key of ['name', 'id'] as const) {
    const firstIndex = new Map<string, number>();
    accounts.forEach((account, index) => {
      const first = firstIndex.get(account[key]);
      if (first === undefined) firstIndex.set(account[key], index);
      else report(['aws', 'accounts', index, key], `${JSON.stringify(account[key])} is already used by aws.accounts[${first}]`);
    });
  }
}

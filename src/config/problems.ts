/** What is wrong with the configuration, said for the person who has to fix the file. */
export interface ConfigProblem {
  /** Where: `routing[2].channel`, `env.PORT`, `line 3, column 5`, `config file ./x.yml`. */
  path: string;
  message: string;
}

/** `['routing', 2, 'channel']` → `routing[2].channel`; odd keys are quoted: `tag["aws:team"]`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(String(segment))) path += path === '' ? String(segment) : `.${String(segment)}`;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}

/** A value as the user wrote it, short enough for one line of a message. Never pass a secret. */
export function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** One line per problem: `routing[2].channel: required`. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('\n');
}

/** Thrown by callers that cannot go on without a valid configuration (the bot, the CLI). */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  /** `file`: the config file as it was named, if one was read. */
  constructor(problems: ConfigProblem[], file?: string) {
    const source = file === undefined ? 'environment only, no config file' : `file ${file}`;
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`mlobs configuration (${source}) has ${count}:\n${formatProblems(problems)}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Finds the config file (the caller's choice, else MLOBS_CONFIG, else ./mlobs.yml if it is
 * there) and reads it as YAML. No file at the default place is fine: defaults apply. A file
 * that was asked for by name and is missing is a problem, because the settings it holds
 * would silently not apply.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument, type YAMLError, type YAMLWarning } from 'yaml';
import { envValue } from './env-schema.js';
import type { ConfigProblem } from './problems.js';

export interface ConfigFileReading {
  /** The file as it was named (`./mlobs.yml`, `/etc/mlobs.yml`); undefined when there is none. */
  name: string | undefined;
  /** The document as plain data; undefined when there is no file or it could not be parsed. */
  data: unknown;
  problems: ConfigProblem[];
  warnings: string[];
}

const DEFAULT_NAME = './mlobs.yml';

export function readConfigFile(env: NodeJS.ProcessEnv, options: { configFile?: string; cwd?: string }): ConfigFileReading {
  const cwd = options.cwd ?? process.cwd();
  const fromEnv = envValue(env, 'MLOBS_CONFIG');
  const name = options.configFile ?? fromEnv ?? DEFAULT_NAME;
  const namedBy = options.configFile !== undefined ? undefined : fromEnv !== undefined ? 'MLOBS_CONFIG' : 'default';

  let text: string;
  try {
    text = readFileSync(resolve(cwd, name), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && namedBy === 'default') return { name: undefined, data: undefined, problems: [], warnings: [] };
    const message =
      code === 'ENOENT'
        ? `not found${namedBy === 'MLOBS_CONFIG' ? ' (named by MLOBS_CONFIG)' : ''}`
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot be read (${code ?? String(error)})`;
    return { name, data: undefined, problems: [{ path: `config file ${name}`, message }], warnings: [] };
  }
  return { name, ...parseYaml(text) };
}

function parseYaml(text: string): Omit<ConfigFileReading, 'name'> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const where = (error: YAMLError | YAMLWarning) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return `line ${line}, column ${col}`;
  };
  const warnings = doc.warnings.map((warning) => `${where(warning)}: ${warning.message}`);
  if (doc.errors.length > 0) {
    // Validating what a broken document happens to parse as would only add confusing problems.
    // The parser often reports one mistake several ways at the same spot; the first says it best.
    const problems = doc.errors
      .map((error) => ({ path: where(error), message: yamlMessage(error) }))
      .filter((problem, index, all) => all.findIndex((other) => other.path === problem.path) === index);
    return { data: undefined, problems, warnings };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 1000 }), problems: [], warnings };
  } catch (error) {
    // Aliases are resolved here: an unknown anchor or an alias bomb surfaces now.
    return { data: undefined, problems: [{ path: '(YAML)', message: (error as Error).message }], warnings };
  }
}

function yamlMessage(error: YAMLError): string {
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return 'the file holds several YAML documents (separated by ---); put everything in one';
    case 'DUPLICATE_KEY':
      return 'this key appears twice in the same mapping';
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed for indentation in YAML; use spaces';
    default:
      return `YAML syntax error: ${error.message}`;
  }
}

/**
 * src/config: one validated, typed `Config` from the environment and the optional YAML file.
 * Imports nothing from other layers; everything else may import `Config` and `loadConfig`.
 *
 * `loadConfig` never throws for a bad configuration: it returns every problem at once, so
 * that `mlobs config check` can list them and the bot can refuse to start with all of them
 * on screen. Callers that just need to stop throw `new ConfigError(problems, configFile)`.
 */
import { buildConfig, configWarnings } from './build-config.js';
import type { Config } from './config.js';
import { readEnvironment } from './env-schema.js';
import type { ConfigProblem } from './problems.js';
import { readConfigFile } from './read-config-file.js';
import { slackConnectionFrom } from './slack-connection.js';
import { validateConfigFile } from './validate-config-file.js';

export { ConfigError, formatProblems, type ConfigProblem } from './problems.js';

export type ConfigResult =
  | { ok: true; config: Config; warnings: string[] }
  /** `configFile`: the file that was read, as named, for the first line of a report. */
  | { ok: false; problems: ConfigProblem[]; configFile?: string };

export interface LoadConfigOptions {
  /** Takes precedence over MLOBS_CONFIG and ./mlobs.yml (`mlobs config check FILE`). */
  configFile?: string;
  /** Where relative file names are resolved; the process's working directory by default. */
  cwd?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): ConfigResult {
  const reading = readConfigFile(env, options);
  const fileCheck = reading.data === undefined && reading.problems.length > 0 ? undefined : validateConfigFile(reading.data);
  const envReading = readEnvironment(env);
  const connection = slackConnectionFrom(env);

  const problems = [
    ...reading.problems,
    ...(fileCheck?.ok === false ? fileCheck.problems : []),
    ...(envReading.ok ? [] : envReading.problems),
    ...(connection.ok ? [] : connection.problems),
  ];
  if (problems.length > 0 || !fileCheck?.ok || !envReading.ok || !connection.ok) {
    return reading.name === undefined ? { ok: false, problems } : { ok: false, problems, configFile: reading.name };
  }

  const sources = { env: envReading.settings, connection: connection.connection, file: fileCheck.file, fileName: reading.name };
  const config = buildConfig(sources);
  const warnings = [...reading.warnings, ...connection.warnings, ...configWarnings(config, sources)];
  return { ok: true, config, warnings };
}

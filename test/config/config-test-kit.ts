/** Shared by the config tests: fixture paths, throwaway directories, and result unwrapping. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { loadConfig, type ConfigProblem, type ConfigResult } from '../../src/config/load-config.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty directory, removed after the test: no stray ./mlobs.yml can leak in. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-config-'));
  made.push(dir);
  return dir;
}

export function loadFixture(name: string, env: NodeJS.ProcessEnv = {}): ConfigResult {
  return loadConfig(env, { configFile: join(FIXTURES, name), cwd: tempDir() });
}

/** Loads `yaml` as ./mlobs.yml of a fresh working directory, the way the bot finds it. */
export function loadYaml(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigResult {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'mlobs.yml'), yaml);
  return loadConfig(env, { cwd });
}

export function loadEnv(env: NodeJS.ProcessEnv): ConfigResult {
  return loadConfig(env, { cwd: tempDir() });
}

export function configOf(result: ConfigResult): Config {
  if (!result.ok) expect.unreachable(`expected a valid configuration, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return result.config;
}

export function problemsOf(result: ConfigResult): ConfigProblem[] {
  if (result.ok) expect.unreachable('expected problems, but the configuration loaded');
  return result.problems;
}

/** The problem at `path`, failing the test with the full list when there is none. */
export function problemAt(result: ConfigResult, path: string): string {
  const problems = problemsOf(result);
  const found = problems.find((problem) => problem.path === path);
  if (found === undefined) expect.unreachable(`no problem at ${path}; problems:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return found.message;
}

/** `bench/RESULTS.md`: the machine, then each benchmark's figures against its target. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import type { BenchmarkResult } from './figures.js';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  /** `uptime` output: the load from everything else running on the machine. */
  uptime: string;
}

export function machineDescription(): Machine {
  let uptime: string;
  try {
    uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = `load average: ${loadavg().map((load) => load.toFixed(2)).join(', ')}`;
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: totalmem() / 2 ** 30, node: process.version, uptime };
}

export function renderResults(run: { machineAtStart: Machine; machineAtEnd: Machine; results: readonly BenchmarkResult[]; totalMs: number }): string {
  const { machineAtStart: machine } = run;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; the whole run took ${(run.totalMs / 60_000).toFixed(1)} min.`,
    'Every benchmark drives the compiled bot (`bin/mlobs.js start`) as a child process over HTTP on loopback, against the simulators in the benchmark process.',
    '',
    `- machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb.toFixed(1)} GB memory`,
    `- Node ${machine.node}`,
    `- load when the run began: \`${machine.uptime}\``,
    `- load when it ended: \`${run.machineAtEnd.uptime}\``,
    '',
    '| benchmark | measure | result | target | |',
    '|---|---|---|---|---|',
  ];
  for (const result of run.results) {
    for (const figure of result.figures) {
      const verdict = figure.met === undefined ? '' : figure.met ? 'met' : '**missed**';
      lines.push(`| \`${result.name}\` | ${figure.measure} | ${figure.value} | ${figure.target} | ${verdict} |`);
    }
  }
  for (const result of run.results) {
    lines.push('', `## ${result.name} (${(result.elapsedMs / 1000).toFixed(0)} s)`, '', ...result.notes.map((note) => `- ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

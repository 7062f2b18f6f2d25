/**
 * `npm run bench`: builds the bot, runs the five benchmarks one after the other against the
 * compiled bot process and the simulators, prints each one's figures and writes
 * `bench/RESULTS.md`. `npm run bench -- storm` (or several names) runs only those and prints
 * them; RESULTS.md is written only by a full run, so it always holds one run's figures.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ackBenchmark } from './ack.js';
import { commandsBenchmark } from './commands.js';
import type { BenchContext, BenchmarkName, BenchmarkResult } from './figures.js';
import { footprintBenchmark } from './footprint.js';
import { ingestBenchmark } from './ingest.js';
import { machineDescription, renderResults } from './results.js';
import { stormBenchmark } from './storm.js';

// Storm before footprint: footprint reports the RSS the storm left.
const BENCHMARKS: Record<BenchmarkName, (context: BenchContext) => Promise<BenchmarkResult>> = {
  ack: () => ackBenchmark(),
  ingest: () => ingestBenchmark(),
  commands: () => commandsBenchmark(),
  storm: (context) => stormBenchmark(context),
  footprint: (context) => footprintBenchmark(context),
};
const ORDER = Object.keys(BENCHMARKS) as BenchmarkName[];
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !ORDER.includes(name as BenchmarkName));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.map((n) => JSON.stringify(n)).join(', ')}: choose from ${ORDER.join(', ')} (none: all of them)\n`);
  process.exit(2);
}
const selected = asked.length === 0 ? ORDER : ORDER.filter((name) => asked.includes(name));

build();
const machineAtStart = machineDescription();
const began = Date.now();
const context: BenchContext = {};
const results: BenchmarkResult[] = [];
for (const name of selected) {
  process.stderr.write(`\n=== ${name}\n`);
  const result = await BENCHMARKS[name](context);
  results.push(result);
  for (const figure of result.figures) {
    const verdict = figure.met === undefined ? '' : figure.met ? '  ✓' : '  ✗ MISSED';
    console.log(`${name.padEnd(9)} ${figure.measure.padEnd(44)} ${figure.value.padEnd(26)} ${figure.target}${verdict}`);
  }
}
const totalMs = Date.now() - began;
console.log(`\n${selected.length} benchmark(s) in ${(totalMs / 60_000).toFixed(1)} min`);

if (asked.length === 0) {
  const path = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  writeFileSync(path, renderResults({ machineAtStart, machineAtEnd: machineDescription(), results, totalMs }));
  console.log(`written: bench/RESULTS.md`);
}
process.exit(0);

/**
 * The benchmarks run the compiled bot, as `mlobs start` runs in production (tsx would add its
 * compile time to start-up and its loader to memory). Type errors elsewhere in a work-in-progress
 * tree do not stop tsc from emitting, so the build is only fatal when it emitted nothing.
 */
function build(): void {
  process.stderr.write('building (npm run build)…\n');
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  } catch {
    process.stderr.write('the build reported errors (above); benchmarking what it emitted\n');
  }
}

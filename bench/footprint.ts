/**
 * `footprint`: how long the compiled bot takes from spawn to `/readyz` 200 (a fresh SQLite
 * database, migrations included), and its resident memory (`VmRSS`) idle and at the end of the
 * storm (measured by `storm`). Targets: ready ≤ 1.5 s; RSS ≤ 150 MB idle, ≤ 300 MB after storm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackSimulator } from '../src/sim/slack/slack-simulator.js';
import { startAwsSimulator } from '../src/sim/aws/server/start-aws-simulator.js';
import { botEnvironment, startBotProcess } from '../support/bot-process.js';
import { freshSqliteDatabase } from '../support/fresh-database.js';
import { ms, percentile, progress, rssMb, sleep, type BenchContext, type BenchmarkResult } from './figures.js';

const STARTS = 5;
const IDLE_MS = 10_000;
const TARGETS = { readyMs: 1_500, idleMb: 150, afterStormMb: 300 };

export async function footprintBenchmark(context: BenchContext): Promise<BenchmarkResult> {
  const started = Date.now();
  const aws = await startAwsSimulator();
  const slack = await startSlackSimulator();
  const readyMs: number[] = [];
  let idleMb = Number.NaN;
  try {
    for (let run = 0; run < STARTS; run += 1) {
      const database = freshSqliteDatabase();
      const dir = mkdtempSync(join(tmpdir(), 'mlobs-bench-footprint-'));
      try {
        const env = botEnvironment({ dir, slackApiUrl: slack.url, awsUrl: aws.url, databaseUrl: database.url, port: 0 });
        const spawnedAt = performance.now();
        const bot = await startBotProcess(env, 'build');
        readyMs.push(performance.now() - spawnedAt);
        if (run === STARTS - 1) {
          progress('footprint', `idle for ${IDLE_MS / 1000} s`);
          await sleep(IDLE_MS);
          idleMb = await rssMb(bot.pid);
        }
        await bot.kill('SIGTERM');
      } finally {
        await database.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await aws.close();
    await slack.close();
  }
  const ready = percentile(readyMs, 50);
  const after = context.rssAfterStormMb;
  return {
    name: 'footprint',
    figures: [
      { measure: 'start-up to /readyz 200, median / max', value: `${ms(ready)} / ${ms(Math.max(...readyMs))}`, target: `≤ ${ms(TARGETS.readyMs)}`, met: ready <= TARGETS.readyMs },
      { measure: 'RSS idle', value: `${idleMb.toFixed(0)} MB`, target: `≤ ${TARGETS.idleMb} MB`, met: idleMb <= TARGETS.idleMb },
      after === undefined
        ? { measure: 'RSS at the end of the storm', value: 'not measured (run `storm` first)', target: `≤ ${TARGETS.afterStormMb} MB` }
        : { measure: 'RSS at the end of the storm', value: `${after.toFixed(0)} MB`, target: `≤ ${TARGETS.afterStormMb} MB`, met: after <= TARGETS.afterStormMb },
    ],
    notes: [
      `${STARTS} starts of \`bin/mlobs.js start\` (compiled) on a fresh SQLite database each: time from spawn to the first \`/readyz\` 200 (polled every 50 ms), migrations included. RSS is \`VmRSS\` from \`/proc/<pid>/status\`, idle ${IDLE_MS / 1000} s after the last start; after the storm, at the moment every final state showed.`,
    ],
    elapsedMs: Date.now() - started,
  };
}

/**
 * The compiled bot (`bin/mlobs.js start`, as users run it) against the full simulators — the
 * simulated fleet's CloudWatch, Logs, X-Ray, Cost Explorer… and the Slack simulator at Slack's
 * real limits — on a fresh SQLite database, logging at `info` as in production: what the `ack`
 * and `commands` benchmarks drive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioName } from '../src/sim/fleet/index.js';
import { startSimulators, type Simulators } from '../src/sim/start-simulators.js';
import { BOT_SIGNING_SECRET, botEnvironment, startBotProcess, type BotProcess } from '../support/bot-process.js';
import { freshSqliteDatabase } from '../support/fresh-database.js';

export interface BotAgainstSimulators {
  sims: Simulators;
  bot: BotProcess;
  /** Where Slack sends slash commands. */
  eventsUrl: string;
  signingSecret: string;
  close(): Promise<void>;
}

export async function startBotAgainstSimulators(scenario: ScenarioName): Promise<BotAgainstSimulators> {
  // Real time (speed 1): a Logs Insights query takes its scan time, as in AWS. No alarm evaluation.
  const sims = await startSimulators({ scenario, speed: 1, alarms: false });
  const database = freshSqliteDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-bench-'));
  const close = async (bot?: BotProcess) => {
    await bot?.kill('SIGTERM');
    await sims.close();
    await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  };
  let bot: BotProcess;
  try {
    bot = await startBotProcess(botEnvironment({ dir, slackApiUrl: sims.slack.url, awsUrl: sims.aws.url, databaseUrl: database.url, port: 0, logLevel: 'info' }), 'build');
  } catch (error) {
    await close();
    throw error;
  }
  return { sims, bot, eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret: BOT_SIGNING_SECRET, close: () => close(bot) };
}

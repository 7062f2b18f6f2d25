/**
 * `commands`: the wall time of `latency`, `traces`, `cost` and `diagnose` asked through Slack —
 * signed slash command to the answer arriving at the `response_url` — against the simulated
 * fleet, and the AWS calls each made (the AWS simulator's call log), against the number the
 * command tests assert. One cold run each, then three more.
 */
import { startBotAgainstSimulators, type BotAgainstSimulators } from './bot-against-simulators.js';
import { ms, percentile, progress, type BenchmarkResult, type Figure } from './figures.js';

interface CommandCase {
  text: string;
  /** The AWS calls its test asserts (test/commands/*.test.ts), or undefined when none is asserted. */
  asserted?: number;
  assertedWhere: string;
}

const CASES: CommandCase[] = [
  { text: 'latency fraud-detector', asserted: 2, assertedWhere: 'latency.test.ts: GetMetricData 1 + DescribeEndpoint 1' },
  { text: 'traces fraud-detector', asserted: 5, assertedWhere: 'traces.test.ts: GetTraceSummaries 3 (300 summaries at 100 a page) + BatchGetTraces 1 + GetServiceGraph 1' },
  { text: 'cost', asserted: 2, assertedWhere: 'cost.test.ts: GetCostAndUsage 1 + GetCostForecast 1' },
  { text: 'diagnose fraud-detector', assertedWhere: 'diagnose.test.ts asserts the verdict, not a call count' },
];
const RUNS = 4;
const ANSWER_TIMEOUT_MS = 120_000;

export async function commandsBenchmark(): Promise<BenchmarkResult> {
  const started = Date.now();
  const world = await startBotAgainstSimulators('preprocess-memory');
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    for (const command of CASES) {
      progress('commands', `/mlobs ${command.text} × ${RUNS}`);
      const runs: Array<{ wallMs: number; calls: Map<string, number>; total: number }> = [];
      for (let run = 0; run < RUNS; run += 1) runs.push(await timeCommand(world, command.text));
      const warm = runs.slice(1).map((run) => run.wallMs);
      const calls = runs.map((run) => run.total);
      const first = runs[0]!;
      figures.push({ measure: `${command.text}: wall time cold / warm median`, value: `${ms(first.wallMs)} / ${ms(percentile(warm, 50))}`, target: 'report' });
      figures.push({
        measure: `${command.text}: AWS calls per run`,
        value: calls.join(', '),
        target: command.asserted === undefined ? 'report (none asserted)' : `${command.asserted} (asserted)`,
        ...(command.asserted === undefined ? {} : { met: calls.every((total) => total <= command.asserted!) }),
      });
      notes.push(`\`${command.text}\` cold run's calls: ${[...first.calls].map(([operation, n]) => `${operation} ${n}`).join(', ') || 'none'} — ${command.assertedWhere}.`);
    }
  } finally {
    await world.close();
  }
  notes.push(
    'Wall time: from sending the signed slash command to the answer arriving at its `response_url` in the Slack simulator; the simulators run at real time in the benchmark process. Calls: every request the AWS simulator answered between the two, retries included.',
  );
  return { name: 'commands', figures, notes, elapsedMs: Date.now() - started };
}

async function timeCommand(world: BotAgainstSimulators, text: string): Promise<{ wallMs: number; calls: Map<string, number>; total: number }> {
  const { slack } = world.sims;
  const callsBefore = world.sims.aws.server.calls.length;
  const sentAt = performance.now();
  const sent = await slack.sendSlashCommand({ botUrl: world.eventsUrl, signingSecret: world.signingSecret, text });
  if (sent.status !== 200) throw new Error(`/mlobs ${text}: the bot answered ${sent.status} ${sent.body}`);
  await slack.waitFor('response', (post) => post.id === sent.responseUrlId && post.status === 200, ANSWER_TIMEOUT_MS);
  const wallMs = performance.now() - sentAt;
  const made = world.sims.aws.server.calls.slice(callsBefore);
  const calls = new Map<string, number>();
  for (const call of made) calls.set(`${call.operation}`, (calls.get(`${call.operation}`) ?? 0) + 1);
  return { wallMs, calls, total: made.length };
}

/**
 * `ack`: 200 signed `/mlobs logs …` requests at once to the bot process over loopback. Each
 * starts a Logs Insights query the simulator holds for its scan time (at least a second of real
 * time; the account's concurrent-query slots make later ones wait longer), so the answers are
 * slow and all 200 are in flight together. Measured: Slack's side of the ack — request sent to
 * Bolt's HTTP 200 — which must stay far inside Slack's 3 s. Target p99 ≤ 50 ms.
 */
import { spawn } from 'node:child_process';
import { startBotAgainstSimulators } from './bot-against-simulators.js';
import { ms, percentile, progress, sleep, type BenchmarkResult } from './figures.js';
import { slashCommandBurst } from './slash-command-burst.js';

const CONCURRENT = 200;
const WARM_UP = 10;
const TARGET_P99_MS = 50;
const COMMAND = 'logs fraud-detector errors';

export async function ackBenchmark(): Promise<BenchmarkResult> {
  const started = Date.now();
  const world = await startBotAgainstSimulators('preprocess-memory');
  try {
    const burst = (size: number) => slashCommandBurst(world.sims.slack, { eventsUrl: world.eventsUrl, signingSecret: world.signingSecret, texts: Array.from({ length: size }, () => COMMAND) });
    progress('ack', `warm-up: ${WARM_UP} commands`);
    await burst(WARM_UP);
    await untilAnswered(world.bot.logs, WARM_UP, 60_000);

    progress('ack', `${CONCURRENT} concurrent /mlobs ${COMMAND}`);
    const results = await burst(CONCURRENT);
    const refused = results.filter((result) => result.status !== 200);
    const times = results.map((result) => result.elapsedMs);
    const p99 = percentile(times, 99);
    progress('ack', `the same burst against a bare Node HTTP server (the floor)`);
    const floor = await bareServerFloor(world.sims.slack);
    // Let the commands finish so the run ends clean (and shows they did answer).
    const answered = await untilAnswered(world.bot.logs, WARM_UP + CONCURRENT, 180_000);
    return {
      name: 'ack',
      figures: [
        { measure: 'ack p50', value: ms(percentile(times, 50)), target: '' },
        { measure: 'ack p99', value: ms(p99), target: `≤ ${TARGET_P99_MS} ms`, met: p99 <= TARGET_P99_MS && refused.length === 0 },
        { measure: 'ack max', value: ms(Math.max(...times)), target: '≤ 3 s (Slack)', met: Math.max(...times) < 3_000 },
        { measure: 'not 200', value: String(refused.length), target: '0', met: refused.length === 0 },
        { measure: 'floor: bare Node server, same burst, p50 / p99', value: `${ms(percentile(floor, 50))} / ${ms(percentile(floor, 99))}`, target: '' },
      ],
      notes: [
        `${CONCURRENT} \`/mlobs ${COMMAND}\` sent at once (after ${WARM_UP} to warm up), signed, over loopback; each on a new connection, as Slack sends; time from sending to Bolt's HTTP 200, measured by a sender in a worker thread (its own event loop, not the simulators'), on the same two cores as the bot and the simulators.`,
        'The floor is the same burst against a Node HTTP server that only answers 200, in its own process: the part of the figure that is connection set-up and scheduling on this machine at its load at the time, not the bot.',
        `${answered - WARM_UP} of ${CONCURRENT} commands had answered within 3 min of their ack (Logs Insights queries held for their scan time and queued for the account's concurrent-query slots).`,
      ],
      elapsedMs: Date.now() - started,
    };
  } finally {
    await world.close();
  }
}

/**
 * The same burst answered by a Node HTTP server that does nothing but answer 200, in a process
 * of its own: what connection set-up and scheduling cost on this machine, under its current load.
 */
async function bareServerFloor(slack: Parameters<typeof slashCommandBurst>[0]): Promise<number[]> {
  const server = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      server.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    });
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    await slashCommandBurst(slack, { eventsUrl, signingSecret: 'unused', texts: Array.from({ length: WARM_UP }, () => COMMAND) });
    const answers = await slashCommandBurst(slack, { eventsUrl, signingSecret: 'unused', texts: Array.from({ length: CONCURRENT }, () => COMMAND) });
    return answers.map((answer) => answer.elapsedMs);
  } finally {
    server.kill('SIGKILL');
  }
}

const BARE_SERVER = `
const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('')); });
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/** Waits until the bot has logged `command answered` `count` times, or `timeoutMs`; returns how many it logged. */
async function untilAnswered(logs: readonly { msg?: string }[], count: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const answered = () => logs.filter((line) => line.msg === 'command answered').length;
  while (answered() < count && Date.now() < deadline) await sleep(200);
  return answered();
}

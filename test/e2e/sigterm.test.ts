/**
 * `mlobs start` as a process, stopped with SIGTERM while it has work in hand: a Slack call whose
 * answer has not come back (held by the test) and alarms still queued for Slack. It must stop
 * taking SNS deliveries at once, finish the call in hand, exit 0 within 10 s (the contract), and
 * leave the rest in the database for the next start, which delivers it — nothing lost, nothing
 * posted twice. What SNS sends meanwhile is refused, so SNS retries it.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openBotProcessWorld, type BotExit, type BotProcessWorld } from '../../support/bot-process.js';
import { storeTargets } from '../support/database.js';
import { latencyAlarm } from './incidents/alarm-definitions.js';

const EXIT_LIMIT_MS = 10_000;

describe.each(storeTargets().map((t) => [t.name, t] as const))('SIGTERM (%s)', (_name, target) => {
  let world: BotProcessWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('with a Slack call in flight and writes queued → refuses new SNS deliveries, finishes the call, exits 0; the next start sends the rest once', { timeout: 120_000 }, async () => {
    world = await openBotProcessWorld({ target });
    const at = new Date(Date.now() - 60_000);
    const firing = ['a', 'b', 'c', 'd'].map((name) => latencyAlarm(`sigterm-${name}-p99-latency`, `sigterm-${name}`));
    const firstParent = world.hold.next('chat.postMessage', (text) => /"key":"incident:\d+:parent"/.test(text));

    // Four incidents: Slack takes one post a second per channel, so three parents wait in the outbox.
    const delivered = await Promise.all(firing.map((alarm) => world!.publish(alarm, 'ALARM', at)));
    expect(delivered.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    const held = await firstParent;
    const heldKey = /"key":"(incident:\d+:parent)"/.exec(held.text)![1]!;

    const bot = world.bot;
    // The contract's 10 s run from the signal.
    const exited = withinExitLimit(bot.kill('SIGTERM'), () => bot.tail());
    exited.catch(() => undefined);
    const refusal = await untilRefused(world.port, () => bot.running);
    // Refused: no listener any more, or a connection caught in the closing listener's backlog reset.
    // Either way SNS counts the delivery as failed and retries it.
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(refusal);
    expect(bot.running).toBe(true);
    // Published while the bot is stopping: refused now, so SNS keeps it and retries it.
    const late = world.publish(latencyAlarm('sigterm-late-p99-latency', 'sigterm-late'), 'ALARM', at);

    held.release();
    const exit = await exited;
    expect(exit).toEqual({ code: 0, signal: null });

    // The call in hand was recorded; the other parents are still queued, none half-sent.
    const db = (await world.store()).db;
    const recorded = (await db.selectFrom('slack_messages').select('message_key').execute()).map((row) => row.message_key);
    expect(recorded).toContain(heldKey);
    const queued = await db.selectFrom('slack_outbox').select(['message_key', 'state']).where('state', 'in', ['pending', 'sending']).execute();
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.filter((row) => row.state === 'sending')).toEqual([]);

    await world.start();
    expect((await late).status).toBe(200);
    await world.settled(60_000);
    await world.bot.kill('SIGTERM');

    const parents = world.parents();
    const endpoints = parents.map((parent) => /— (sigterm-[a-z]+):/.exec(parent.text)?.[1]).sort();
    expect(endpoints).toEqual(['sigterm-a', 'sigterm-b', 'sigterm-c', 'sigterm-d', 'sigterm-late']);
    expect(parents.every((parent) => parent.text.startsWith('🔴 ALARM'))).toBe(true);
    const parentPosts = world.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.ok && /incident:\d+:parent/.test(JSON.stringify(call.args.metadata)));
    expect(parentPosts).toHaveLength(5);
    expect(world.runs.flatMap((run) => run.logs.filter((line) => (line.level ?? 0) >= 50))).toEqual([]);
  });
});

/**
 * POSTs to `/sns` on fresh connections until one is refused; returns the refusal's code. While
 * the bot still takes them, a body that is no SNS message gets a 4xx and nothing is stored.
 */
async function untilRefused(port: number, alive: () => boolean): Promise<string> {
  for (;;) {
    const outcome = await postOnce(port);
    if (outcome !== 'answered') return outcome;
    if (!alive()) throw new Error('the bot exited before it was seen refusing /sns');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function postOnce(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/sns', method: 'POST', agent: false, headers: { 'content-type': 'text/plain' } }, (res) => {
      res.resume();
      res.on('end', () => resolve('answered'));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end('{}');
  });
}

async function withinExitLimit(exited: Promise<BotExit>, tail: () => string): Promise<BotExit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the bot did not exit within ${EXIT_LIMIT_MS} ms of SIGTERM\n${tail()}`)), EXIT_LIMIT_MS);
  });
  try {
    return await Promise.race([exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

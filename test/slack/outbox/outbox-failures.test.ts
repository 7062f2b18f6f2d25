import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachStore } from '../../support/database.js';
import { COSTS, INCIDENTS, counterValue, openOutboxWorld, threadTexts, type OutboxWorld } from './outbox-world.js';

const ERROR_LEVEL = 50;

describeEachStore('slack outbox: failures', (target) => {
  let world: OutboxWorld;

  beforeEach(async () => {
    world = await openOutboxWorld(await target.open());
  });

  afterEach(() => world.close());

  it('rides out a minute of Slack 500s: every message delivered once, in order per thread', async () => {
    const { outbox, sim, time } = world;
    for (const incident of [1, 2]) {
      await outbox.enqueuePost(`incident:${incident}:parent`, INCIDENTS, { text: `incident ${incident}` });
      for (let n = 1; n <= 5; n += 1) {
        await outbox.enqueueReply(`incident:${incident}:parent`, INCIDENTS, { text: `incident ${incident} step ${n}` }, { key: `incident:${incident}:reply:${n}` });
      }
    }
    const outageEnds = time.now() + 60_000;
    sim.setOutage(60_000);

    await world.sender().drain();

    expect(sim.calls.filter((c) => c.status === 500).length).toBeGreaterThan(0);
    expect(sim.calls.filter((c) => c.ok).every((c) => c.at >= outageEnds)).toBe(true);
    const parents = sim.channel(INCIDENTS).messages();
    expect(parents.map((m) => m.text)).toEqual(['incident 1', 'incident 2']);
    for (const [i, parent] of parents.entries()) {
      expect(threadTexts(sim, INCIDENTS, parent.ts)).toEqual([1, 2, 3, 4, 5].map((n) => `incident ${i + 1} step ${n}`));
    }
    expect(await counterValue(world.metrics.dead, {})).toBe(0);
  });

  it('makes a post to a missing channel a dead letter with its reason, and delivers the rest', async () => {
    const { outbox, sim, logs, db } = world;
    await outbox.enqueuePost('incident:1:parent', 'C0NOSUCHCHANNEL', { text: 'lost' });
    await outbox.enqueueReply('incident:1:parent', 'C0NOSUCHCHANNEL', { text: 'lost reply' }, { key: 'incident:1:reply:1' });
    await outbox.enqueuePost('incident:2:parent', INCIDENTS, { text: 'fine' });
    await outbox.enqueuePost('digest:1', COSTS, { text: 'digest' });

    await world.sender().drain();

    expect(sim.messages().map((m) => m.text).sort()).toEqual(['digest', 'fine']);
    const dead = await db.selectFrom('slack_outbox').select(['message_key', 'last_error', 'attempts']).where('state', '=', 'dead').orderBy('id').execute();
    expect(dead).toEqual([
      { message_key: 'incident:1:parent', last_error: 'channel_not_found', attempts: 1 },
      { message_key: 'incident:1:reply:1', last_error: 'parent incident:1:parent is dead: channel_not_found', attempts: 0 },
    ]);
    const deadLog = logs.find((l) => l.msg === 'slack write dead: gave up');
    expect(deadLog).toMatchObject({ level: ERROR_LEVEL, key: 'incident:1:parent', error: 'channel_not_found', deadDependants: ['incident:1:reply:1'] });
    expect(await counterValue(world.metrics.dead, { reason: 'channel_not_found' })).toBe(1);
    expect(await counterValue(world.metrics.dead, { reason: 'parent_dead' })).toBe(1);
    // A later reply to the dead thread is a dead letter at once, not a row waiting forever.
    expect((await outbox.enqueueReply('incident:1:parent', 'C0NOSUCHCHANNEL', { text: 'later' })).outcome).toBe('dead');
  });

  it('retries refused blocks once as text only', async () => {
    const { outbox, sim, logs } = world;
    const tooManyElements = Array.from({ length: 11 }, (_, i) => ({ type: 'mrkdwn', text: `element ${i}` }));
    await outbox.enqueuePost('incident:3:parent', INCIDENTS, { text: 'incident 3: p99 latency 2.1 s', blocks: [{ type: 'context', elements: tooManyElements }] });

    await world.sender().drain();

    const posts = sim.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => [c.error ?? 'ok', c.args.blocks === undefined ? 'text' : 'blocks'])).toEqual([
      ['invalid_blocks', 'blocks'],
      ['ok', 'text'],
    ]);
    expect(sim.channel(INCIDENTS).latest()).toMatchObject({ text: 'incident 3: p99 latency 2.1 s' });
    expect(logs.some((l) => l.msg === 'slack refused the blocks; retrying as text only')).toBe(true);
  });

  it('gives up after the retry limit, with an error log and a dead-letter metric', async () => {
    const { outbox, sim, logs } = world;
    await outbox.enqueuePost('incident:4:parent', INCIDENTS, { text: 'never' });
    sim.setOutage(24 * 3_600_000);

    await world.sender({ retry: { maxAttempts: 4 } }).drain();

    expect(sim.calls).toHaveLength(4);
    expect(logs.find((l) => l.msg === 'slack write dead: gave up')).toMatchObject({ level: ERROR_LEVEL, reason: 'http_500 after 4 attempts' });
    expect(await counterValue(world.metrics.dead, { kind: 'post', reason: 'http_500' })).toBe(1);
    expect(await counterValue(world.metrics.retries, { kind: 'post' })).toBe(3);
  });
});

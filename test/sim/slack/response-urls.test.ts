import { afterEach, describe, expect, it } from 'vitest';
import { startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { ManualClock, webClientFor } from './sim-test-kit.js';

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Slack simulator: response_url targets', () => {
  let sim: SlackSimulator | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('accepts five posts, then refuses with 404 used_url', async () => {
    sim = await startSlackSimulator();
    const url = sim.responseUrl({ channel: 'C0INCIDENTS', user: 'U0ONCALL' });
    for (let i = 1; i <= 5; i++) expect((await postJson(url, { text: `answer ${i}` })).status).toBe(200);
    const sixth = await postJson(url, { text: 'answer 6' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toMatchObject({ ok: false, error: 'used_url' });
    expect(sim.responsesTo(url).map((p) => p.status)).toEqual([200, 200, 200, 200, 200, 404]);
    expect(sim.channel('#ml-incidents').ephemerals('U0ONCALL')).toHaveLength(5);
  });

  it('expires after 30 minutes of simulator clock', async () => {
    const clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now });
    const url = sim.responseUrl();
    clock.advance(29 * 60_000);
    expect((await postJson(url, { text: 'in time' })).status).toBe(200);
    clock.advance(2 * 60_000);
    const late = await postJson(url, { text: 'too late' });
    expect(late.status).toBe(404);
    expect(await late.json()).toMatchObject({ error: 'expired_url' });
  });

  it('posts in_channel answers into the channel and ephemeral ones to the user, recording each', async () => {
    sim = await startSlackSimulator();
    const url = sim.responseUrl({ channel: 'C0COSTS', user: 'U0LEAD' });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*$1,234* yesterday' } }];
    await postJson(url, { response_type: 'in_channel', text: 'Cost digest', blocks });
    await postJson(url, { text: 'only for you' });
    expect(sim.channel('#ml-costs').messages()).toMatchObject([{ text: 'Cost digest', blocks, origin: 'response_url' }]);
    expect(sim.channel('#ml-costs').ephemerals('U0LEAD').map((e) => e.text)).toEqual(['only for you']);
    expect(sim.responses.map((p) => [p.responseType, p.replaceOriginal, p.blocks?.length ?? 0])).toEqual([
      ['in_channel', false, 1],
      ['ephemeral', false, 0],
    ]);
  });

  it('validates blocks like chat messages; a refused post does not use up the URL', async () => {
    sim = await startSlackSimulator();
    const url = sim.responseUrl();
    const refused = await postJson(url, { text: 't', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect((await postJson(url, { text: '' })).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await postJson(url, { text: 'fine' })).status).toBe(200);
  });

  it('replaces the original message when the URL came with a click', async () => {
    sim = await startSlackSimulator();
    const { ts } = await webClientFor(sim).chat.postMessage({ channel: 'C0INCIDENTS', text: 'OPEN' });
    const url = sim.responseUrl({ channel: 'C0INCIDENTS', user: 'U0ONCALL', messageTs: ts! });
    await postJson(url, { replace_original: true, text: 'ACKNOWLEDGED' });
    const message = sim.channel('#ml-incidents').message(ts!)!;
    expect(message.text).toBe('ACKNOWLEDGED');
    expect(message.edits.map((v) => v.text)).toEqual(['OPEN']);
    await postJson(url, { delete_original: true });
    expect(sim.channel('#ml-incidents').messages()).toEqual([]);
  });

  it('answers 404 for a URL it never handed out', async () => {
    sim = await startSlackSimulator();
    const unknown = await postJson(`${sim.baseUrl}/response/T0MLOBS/nope/nope`, { text: 'x' });
    expect(unknown.status).toBe(404);
  });
});

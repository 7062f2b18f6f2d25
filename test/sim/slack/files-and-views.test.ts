import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { ManualClock, slackError, webClientFor } from './sim-test-kit.js';

const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Scale endpoint' }, blocks: [{ type: 'divider' as const }] };

describe('Slack simulator: file uploads and modals (real WebClient)', () => {
  let sim: SlackSimulator;
  let client: WebClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startSlackSimulator({ clock: clock.now });
    client = webClientFor(sim);
  });

  afterEach(async () => {
    await sim.close();
  });

  it('uploads a chart with files.uploadV2 and shares it into the incident thread', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'Incident #1' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const answer = await client.files.uploadV2({ channel_id: 'C0INCIDENTS', thread_ts: ts!, file: png, filename: 'p99.png', initial_comment: 'p99 latency, last 3 h' });
    expect(answer.ok).toBe(true);
    const reply = sim.channel('#ml-incidents').thread(ts!)[0]!;
    expect(reply).toMatchObject({ text: 'p99 latency, last 3 h', origin: 'files.completeUploadExternal' });
    expect(reply.files).toMatchObject([{ name: 'p99.png', mimetype: 'image/png', size: 8 }]);
    const [file] = sim.files.all();
    expect(file).toMatchObject({ filename: 'p99.png', completed: true, shares: [{ channel: 'C0INCIDENTS', ts: reply.ts }] });
    expect(file!.bytes).toEqual(png);
    expect(sim.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
  });

  it('refuses to complete an upload whose bytes never arrived', async () => {
    const { file_id } = await client.files.getUploadURLExternal({ filename: 'digest.csv', length: 10 });
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).error).toBe('file_not_found');
  });

  it('opens a modal with a fresh trigger_id, once, within 3 seconds', async () => {
    const trigger = sim.triggerId();
    expect(trigger).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
    const opened = await client.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal', title: { text: 'Scale endpoint' } });
    expect(sim.views.map((v) => v.triggerId)).toEqual([trigger]);
    expect((await slackError(client.views.open({ trigger_id: trigger, view: modal }))).error).toBe('exchanged_trigger_id');

    const late = sim.triggerId();
    clock.advance(3_001);
    expect((await slackError(client.views.open({ trigger_id: late, view: modal }))).error).toBe('expired_trigger_id');
    expect((await slackError(client.views.open({ trigger_id: 'not-a-trigger', view: modal }))).error).toBe('invalid_trigger_id');
  });

  it('validates the view: title length and modal blocks', async () => {
    const failure = await slackError(
      client.views.open({ trigger_id: sim.triggerId(), view: { ...modal, title: { type: 'plain_text', text: 'A title well past twenty-four characters' } } }),
    );
    expect(failure.error).toBe('invalid_arguments');
    expect(JSON.stringify(failure.data)).toContain('[json-pointer:/view/title/text]');
  });
});

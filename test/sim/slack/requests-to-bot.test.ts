import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, verifySlackRequest } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator } from '../../../src/sim/slack/slack-simulator.js';
import { silentLogger, webClientFor } from './sim-test-kit.js';

const SIGNING_SECRET = 'sim-test-signing-secret-0123456789';

/** A bare HTTP server standing in for the bot: records what Slack sent. */
async function recordingBot(): Promise<{ url: string; requests: Array<{ body: string; headers: IncomingHttpHeaders }>; server: Server }> {
  const requests: Array<{ body: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, requests, server };
}

function verify(request: { body: string; headers: IncomingHttpHeaders }): void {
  verifySlackRequest({
    signingSecret: SIGNING_SECRET,
    body: request.body,
    headers: {
      'x-slack-signature': String(request.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
    },
  });
}

describe('Slack simulator: requests to the bot', () => {
  let sim: SlackSimulator;

  beforeEach(async () => {
    sim = await startSlackSimulator();
  });

  afterEach(async () => {
    await sim.close();
  });

  it("signs slash commands so Bolt's own verifySlackRequest accepts them", async () => {
    const bot = await recordingBot();
    try {
      const sent = await sim.sendSlashCommand({ botUrl: bot.url, signingSecret: SIGNING_SECRET, text: 'latency fraud-detector --last 3h', userId: 'U0LEAD' });
      expect(sent.status).toBe(200);
      expect(sent.elapsedMs).toBeGreaterThan(0);
      const request = bot.requests[0]!;
      expect(() => verify(request)).not.toThrow();
      const fields = Object.fromEntries(new URLSearchParams(request.body));
      expect(fields).toMatchObject({
        command: '/mlobs',
        text: 'latency fraud-detector --last 3h',
        user_id: 'U0LEAD',
        user_name: 'lead',
        channel_id: 'C0INCIDENTS',
        channel_name: 'ml-incidents',
        team_id: 'T0MLOBS',
        response_url: sent.responseUrl,
        trigger_id: sent.triggerId,
      });
      expect(sent.responseUrl).toBe(`${sim.baseUrl}/response/${sent.responseUrlId}`);
      expect(request.headers['x-slack-retry-num']).toBeUndefined();
    } finally {
      bot.server.close();
    }
  });

  it('can send a stale timestamp, which Bolt refuses, and retry headers', async () => {
    const bot = await recordingBot();
    try {
      await sim.sendSlashCommand({ botUrl: bot.url, signingSecret: SIGNING_SECRET, text: 'help', timestamp: Math.floor(Date.now() / 1000) - 600, retryNum: 1 });
      const request = bot.requests[0]!;
      expect(() => verify(request)).toThrow(/stale|timestamp/i);
      expect(request.headers).toMatchObject({ 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    } finally {
      bot.server.close();
    }
  });

  describe('against a real Bolt app', () => {
    let app: App;
    let botUrl: string;

    beforeEach(async () => {
      app = new App({ token: DEFAULT_BOT_TOKEN, signingSecret: SIGNING_SECRET, logger: silentLogger, clientOptions: { slackApiUrl: sim.url, retryConfig: { retries: 0 } } });
      app.command('/mlobs', async ({ command, ack, respond, client }) => {
        await ack();
        await client.chat.postMessage({
          channel: command.channel_id,
          text: 'Incident #1: fraud-detector p99 high',
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: '*Incident #1* fraud-detector p99 high' } },
            { type: 'actions', block_id: 'incident-actions', elements: [{ type: 'button', action_id: 'ack', value: 'incident-1', text: { type: 'plain_text', text: 'Acknowledge' } }] },
          ],
        });
        await respond({ response_type: 'ephemeral', text: `opened for ${command.text}` });
      });
      app.action('ack', async ({ ack, body, respond, client }) => {
        await ack();
        const action = (body as { actions: Array<{ value: string }> }).actions[0]!;
        await respond({ replace_original: true, text: `${action.value} acknowledged by <@${body.user.id}>` });
        await client.views.open({
          trigger_id: (body as { trigger_id: string }).trigger_id,
          view: { type: 'modal', title: { type: 'plain_text', text: 'Scale endpoint' }, blocks: [{ type: 'divider' }] },
        });
      });
      const server = (await app.start(0)) as Server;
      botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    });

    afterEach(async () => {
      await app.stop();
    });

    it('runs a slash command and a button click through the production code paths', async () => {
      const answered = sim.waitFor('response');
      const command = await sim.sendSlashCommand({ botUrl, signingSecret: SIGNING_SECRET, text: 'fraud-detector' });
      expect(command.status).toBe(200);
      expect(command.elapsedMs).toBeLessThan(3_000);
      const posted = await sim.waitForMessage((m) => m.text.startsWith('Incident #1'));
      expect(await answered).toMatchObject({ id: command.responseUrlId, status: 200, responseType: 'ephemeral', body: { text: 'opened for fraud-detector' } });

      const updated = sim.waitFor('update', (m) => m.ts === posted.ts);
      const view = sim.waitFor('view');
      const click = await sim.clickButton({ botUrl, signingSecret: SIGNING_SECRET, message: posted, actionId: 'ack', userId: 'U0ONCALL' });
      expect(click.status).toBe(200);
      expect((await updated).text).toBe('incident-1 acknowledged by <@U0ONCALL>');
      expect((await view).view).toMatchObject({ type: 'modal', title: { text: 'Scale endpoint' } });
      expect((await view).triggerId).toBe(click.triggerId);
    });

    it('refuses a stale request with 401 and runs nothing', async () => {
      const stale = await sim.sendSlashCommand({ botUrl, signingSecret: SIGNING_SECRET, text: 'x', timestamp: Math.floor(Date.now() / 1000) - 600 });
      expect(stale.status).toBe(401);
      const wrongSecret = await sim.sendSlashCommand({ botUrl, signingSecret: 'not-the-secret', text: 'x' });
      expect(wrongSecret.status).toBe(401);
      expect(sim.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    });
  });

  it('names the action ids a message has when asked to click one it lacks', async () => {
    const blocks = [{ type: 'actions', elements: [{ type: 'button', action_id: 'resolve', text: { type: 'plain_text', text: 'Resolve' } }] }];
    const { ts } = await webClientFor(sim).chat.postMessage({ channel: 'C0INCIDENTS', text: 'Incident #2', blocks });
    const message = sim.channel('#ml-incidents').message(ts!)!;
    await expect(sim.clickButton({ botUrl: 'http://127.0.0.1:9/', signingSecret: SIGNING_SECRET, message, actionId: 'ack' })).rejects.toThrow(
      /no element with action_id "ack" \(has: resolve\)/,
    );
  });
});

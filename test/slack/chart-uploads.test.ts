import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startBot, type RunningBot } from '../../src/app.js';
import { timeSeriesParts } from '../../src/charts/time-series-chart.js';
import { defineCommand, type AnyCommand } from '../../src/command/command-definition.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Visibility } from '../../src/reply/reply.js';
import { startSlackSimulator, type SlackSimulator } from '../../src/sim/slack/slack-simulator.js';
import { createLogger } from '../../src/telemetry/logger.js';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-111-222-testtokenvalue';
/** The 8-byte PNG signature and an IHDR start: enough for the bot's check and the simulator's file. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000dIHDR fake chart bytes')]);

/** A self-hosted QuickChart stand-in: answers every GET /chart with the PNG and records what it was asked. */
async function startFakeQuickChart(): Promise<{ url: string; host: string; requests: string[]; close(): Promise<void>; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.method !== 'GET' || !req.url?.startsWith('/chart?')) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const host = `127.0.0.1:${address.port}`;
  return { url: `http://${host}`, host, requests, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * A command answering with a latency chart built the way the real commands build theirs. With
 * `progressShown`, it first reports progress and answers only once the test saw the "Running…"
 * message (posted after 2 s), as a long `logs` query does.
 */
function chartCommand(name: string, visibility: Visibility, quickchartUrl: string, progressShown?: () => Promise<unknown>): AnyCommand {
  return defineCommand({
    name,
    summary: 'answers with a chart',
    positionals: [],
    options: {},
    async run(ctx) {
      if (progressShown) {
        ctx.progress?.({ heading: 'Running…', parts: [], visibility });
        await progressShown();
      }
      const timestamps = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 10, 23, 14, i)));
      const parts = timeSeriesParts(
        {
          title: 'fraud-detector p99 latency',
          timestamps,
          lines: [{ label: 'p99', values: timestamps.map((_, i) => 100 + i * 10) }],
          yAxis: { title: 'latency', unit: 'ms' },
          thresholds: [{ label: 'SLA 150 ms', value: 150 }],
          altText: 'p99 rises from 100 ms to 390 ms',
        },
        { quickchartUrl },
      );
      return { heading: 'Latency: fraud-detector', parts, visibility };
    },
  }) as AnyCommand;
}

describe('charts.mode upload: the bot fetches the PNG from QuickChart and uploads it to Slack', () => {
  let slack: SlackSimulator;
  let quickchart: Awaited<ReturnType<typeof startFakeQuickChart>>;
  let bot: RunningBot;
  let configDir: string;

  beforeEach(async () => {
    slack = await startSlackSimulator({ botTokens: [BOT_TOKEN] });
    quickchart = await startFakeQuickChart();
    configDir = mkdtempSync(join(tmpdir(), 'mlobs-charts-'));
    const configFile = join(configDir, 'mlobs.yml');
    writeFileSync(configFile, `charts:\n  mode: upload\n  quickchart_url: ${quickchart.url}\n`);
    const loaded = loadConfig(
      { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.url, DATABASE_URL: 'sqlite::memory:', MLOBS_CONFIG: configFile },
      { cwd: configDir },
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const log = createLogger({ level: 'silent', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    const commands = [...allCommands, chartCommand('chart', 'channel', loaded.config.charts.quickchartUrl), chartCommand('private-chart', 'private', loaded.config.charts.quickchartUrl),
      chartCommand('slow-chart', 'channel', loaded.config.charts.quickchartUrl, () => slack.waitForMessage((message) => message.text.includes('Running'), 10_000)),
    ];
    bot = await startBot(loaded.config, log, { host: '127.0.0.1', port: 0, commands });
  });

  afterEach(async () => {
    await bot.stop();
    await slack.close();
    await quickchart.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  function postCommand(text: string) {
    return slack.sendSlashCommand({ botUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret: SIGNING_SECRET, text });
  }

  async function answerTo(request: { responseUrl: string }) {
    const id = request.responseUrl.slice(request.responseUrl.indexOf('/response/') + '/response/'.length);
    return slack.waitFor('response', (post) => post.id === id, 10_000);
  }

  it('answers with a caption instead of the image, then uploads the PNG into the channel', async () => {
    const request = await postCommand('chart');
    const answer = await answerTo(request);
    expect(answer.responseType).toBe('in_channel');
    const blocks = JSON.stringify(answer.blocks);
    expect(blocks).not.toContain(quickchart.host);
    expect(blocks).not.toContain('"image"');
    expect(blocks).toContain('fraud-detector p99 latency');
    expect(blocks).toContain('p99 rises from 100 ms to 390 ms');

    const shared = await slack.waitForMessage((message) => (message.files?.length ?? 0) > 0, 10_000);
    const channel = slack.channel('#ml-incidents');
    expect(shared.channel).toBe(channel.id);
    expect(shared.threadTs).toBeUndefined();
    expect(shared.text).toContain('/mlobs chart');
    const [file] = slack.files.all();
    expect(file).toMatchObject({ completed: true, filename: 'fraud-detector-p99-latency.png', title: 'fraud-detector p99 latency', altText: 'p99 rises from 100 ms to 390 ms' });
    expect(file!.bytes?.equals(PNG)).toBe(true);
    expect(file!.shares).toEqual([{ channel: channel.id, ts: shared.ts }]);
    expect(quickchart.requests).toHaveLength(1);
    expect(quickchart.requests[0]).toMatch(/^\/chart\?/);
    // Nothing the bot sent Slack names the QuickChart server.
    expect(JSON.stringify(slack.messages())).not.toContain(quickchart.host);
  });

  it('uploads into the thread of the progress message the answer replaced', async () => {
    await postCommand('slow-chart');
    const progress = await slack.waitForMessage((message) => message.text.includes('Running'), 10_000);
    const shared = await slack.waitForMessage((message) => (message.files?.length ?? 0) > 0, 10_000);
    expect(shared.channel).toBe(progress.channel);
    expect(shared.threadTs).toBe(progress.ts);
    const answered = slack.channel('#ml-incidents').message(progress.ts);
    expect(answered?.text).toContain('Latency: fraud-detector');
    expect(JSON.stringify(answered?.blocks)).not.toContain(quickchart.host);
    expect(slack.files.all()[0]!.shares).toEqual([{ channel: progress.channel, ts: shared.ts }]);
  });

  it('uploads nothing for a private answer: the chart would be shown to the whole channel', async () => {
    const answer = await answerTo(await postCommand('private-chart'));
    expect(answer.responseType).toBe('ephemeral');
    expect(JSON.stringify(answer.blocks)).not.toContain(quickchart.host);
    // The answer is out; a later command's upload shows the bot had finished with this one.
    await answerTo(await postCommand('chart'));
    await slack.waitForMessage((message) => (message.files?.length ?? 0) > 0, 10_000);
    expect(slack.files.all()).toHaveLength(1);
    expect(quickchart.requests).toHaveLength(1);
  });

  it('answers without an upload when QuickChart fails, and says so in the log only', async () => {
    quickchart.server.removeAllListeners('request');
    quickchart.server.on('request', (_req, res) => res.writeHead(500).end('renderer crashed'));
    const answer = await answerTo(await postCommand('chart'));
    expect(JSON.stringify(answer.blocks)).toContain('fraud-detector p99 latency');
    await answerTo(await postCommand('help'));
    expect(slack.files.all()).toHaveLength(0);
  });
});

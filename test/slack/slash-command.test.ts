import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startBot, type RunningBot } from '../../src/app.js';
import { defineCommand, type AnyCommand } from '../../src/command/command-definition.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { startSlackSimulator, type SlackSimulator } from '../../src/sim/slack/slack-simulator.js';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-111-222-testtokenvalue';
const OTHER_TOKEN = 'xoxb-999-888-notthebotstoken';

/** A command that takes as long as the test wants: it finishes when `release` is called. */
function slowCommand() {
  let release!: () => void;
  const finished = new Promise<void>((resolve) => (release = resolve));
  let started = false;
  const command = defineCommand({
    name: 'slow',
    summary: 'takes as long as the test wants (10 s if nobody releases it)',
    positionals: [],
    options: {},
    async run() {
      started = true;
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      return { heading: 'Slow answer', parts: [], visibility: 'channel' as const };
    },
  });
  return { command: command as AnyCommand, release: () => release(), isStarted: () => started };
}

const failing = defineCommand({
  name: 'broken',
  summary: 'throws an unexpected error',
  positionals: [],
  options: {},
  async run(): Promise<never> {
    throw new Error(`database exploded while holding ${BOT_TOKEN}`);
  },
});

describe('the /mlobs slash command over HTTP (real Bolt receiver, signed requests from the Slack simulator)', () => {
  let slack: SlackSimulator;
  let bot: RunningBot;
  let logLines: string[];
  let slow: ReturnType<typeof slowCommand>;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });

  beforeEach(async () => {
    slack = await startSlackSimulator({ botTokens: [BOT_TOKEN] });
    logLines = [];
    slow = slowCommand();
    bot = await startTestBot();
  });

  async function startTestBot(botToken = BOT_TOKEN): Promise<RunningBot> {
    const loaded = loadConfig(
      {
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        DATABASE_URL: 'sqlite::memory:',
      },
      { cwd: '/nonexistent-config-dir' },
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const log = createLogger({ level: 'debug', destination: sink, secrets: [BOT_TOKEN, SIGNING_SECRET] });
    return startBot(loaded.config, log, { host: '127.0.0.1', port: 0, commands: [...allCommands, slow.command, failing] });
  }

  afterEach(async () => {
    slow.release();
    await bot.stop();
    await slack.close();
  });

  function postCommand(text: string, options: { secret?: string; timestamp?: number } = {}) {
    return slack.sendSlashCommand({
      botUrl: `http://127.0.0.1:${bot.port}/slack/events`,
      signingSecret: options.secret ?? SIGNING_SECRET,
      text,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    });
  }

  /** The answer posted to the command's response_url. */
  async function answerTo(request: { responseUrl: string }) {
    const id = request.responseUrl.slice(request.responseUrl.indexOf('/response/') + '/response/'.length);
    return (await slack.waitFor('response', (post) => post.id === id, 10_000));
  }

  it('acknowledges within 3 s while a 10-second command is still running, then answers through response_url', async () => {
    const ack = await postCommand('slow');
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(3_000);
    expect(slow.isStarted()).toBe(true);
    expect(slack.responses).toHaveLength(0);

    const answered = answerTo(ack);
    slow.release();
    const answer = await answered;
    expect(answer.responseType).toBe('in_channel');
    expect(answer.body.text).toContain('Slow answer');
    expect(slack.channel('#ml-incidents').latest()?.text).toContain('Slow answer');
  });

  it('refuses a request with a bad signature with 401 and runs nothing', async () => {
    const response = await postCommand('slow', { secret: 'not-the-signing-secret' });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slow.isStarted()).toBe(false);
    expect(slack.responses).toHaveLength(0);
  });

  it('refuses a correctly signed request older than five minutes (replay)', async () => {
    const response = await postCommand('slow', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.status).toBe(401);
    expect(slow.isStarted()).toBe(false);
  });

  it('answers help privately with every command and its usage', async () => {
    const answer = await answerTo(await postCommand('help'));
    expect(answer.status).toBe(200);
    expect(answer.responseType).toBe('ephemeral');
    expect(JSON.stringify(answer.blocks)).toContain('help [command]');
  });

  it('answers an unknown subcommand privately with a suggestion and does nothing else', async () => {
    const answer = await answerTo(await postCommand('hepl'));
    expect(answer.responseType).toBe('ephemeral');
    expect(JSON.stringify(answer.body)).toContain('did you mean `help`');
    expect(slow.isStarted()).toBe(false);
  });

  it('falls back to the plain-text summary when Slack refuses the rich answer', async () => {
    slack.failNext('response_url', { status: 400, count: 1 });
    const request = await postCommand('help');
    const id = request.responseUrl.slice(request.responseUrl.indexOf('/response/') + '/response/'.length);
    const fallback = await slack.waitFor('response', (post) => post.id === id && post.status === 200, 10_000);
    expect(fallback.responseType).toBe('ephemeral');
    expect(fallback.body.text).toContain('mlobs commands');
    expect(fallback.body.text).toContain('could not be shown in Slack');
  });

  it('turns an unexpected error into a private apology with an error id, logged without the token', async () => {
    const answer = await answerTo(await postCommand('broken'));
    expect(answer.responseType).toBe('ephemeral');
    const errorId = /error id `([0-9a-f]{8})`/.exec(JSON.stringify(answer.body))?.[1];
    expect(errorId).toBeDefined();
    expect(JSON.stringify(answer.body)).not.toContain('database exploded');
    const failure = logLines.find((line) => line.includes('"command failed"'));
    expect(failure).toContain(errorId);
    expect(failure).toContain('database exploded');
    expect(logLines.join('')).not.toContain(BOT_TOKEN);
    expect(logLines.join('')).not.toContain(SIGNING_SECRET);
  });

  it('serves /healthz, /readyz and /metrics on the same port', async () => {
    const base = `http://127.0.0.1:${bot.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status, await ready.clone().text()).toBe(200);

    await answerTo(await postCommand('help'));
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/mlobs_commands_total\{command="help",outcome="ok"\} 1/);
    expect(metrics).toContain('mlobs_slack_ack_seconds_count 1');
  });

  it('reports not ready, with the reason, when Slack rejects the token', async () => {
    await bot.stop();
    bot = await startTestBot(OTHER_TOKEN);
    const ready = await fetch(`http://127.0.0.1:${bot.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain('slack: Slack auth.test failed: invalid_auth');
  });
});

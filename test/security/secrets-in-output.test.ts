/**
 * Secrets never leave the process: a representative run of the real bot — an alarm through SNS
 * to Slack, commands against the AWS simulator, a Slack failure, a badly signed request, the
 * health routes — with known test secrets (bot token, signing secret, AWS keys, a PostgreSQL
 * password in DATABASE_URL), and every log line, Slack message, response_url answer and HTTP
 * answer scanned for them. The logger is built as `mlobs start` builds it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { alarmNotification } from '../../src/sim/aws/sns/alarm-notification.js';
import { startSlackSimulator, type SlackSimulator } from '../../src/sim/slack/slack-simulator.js';
import { slackSignatureHeaders } from '../../src/sim/slack/slack-requests-to-bot.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import { openStore } from '../../src/store/database.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { p99Latency } from '../e2e/incidents/alarm-definitions.js';
import { storeTargets } from '../support/database.js';

const BOT_TOKEN = 'xoxb-4242424242-4242424242424-secretscanbottoken0042';
const SIGNING_SECRET = 'ss-0f1e2d3c4b5a69788796a5b4c3d2e1f0-secretscan';
const AWS_ACCESS_KEY_ID = 'AKIASECRETSCAN4242Q7';
const AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYsecretscan42';
const PG_PASSWORD = 'pg-Passw0rd-secretscan-42';
const SECRETS = { BOT_TOKEN, SIGNING_SECRET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, PG_PASSWORD };

/** Which of the secrets `text` contains, by name. */
function leaked(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret) || text.includes(encodeURIComponent(secret)))
    .map(([name]) => name);
}

describe('secrets in output', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a representative run writes no secret to logs, Slack, response_urls or HTTP answers', async () => {
    const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };
    // The SDK's default credential chain reads these, as it does in production.
    process.env.AWS_ACCESS_KEY_ID = AWS_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = AWS_SECRET_ACCESS_KEY;
    cleanups.push(() => {
      restoreEnv('AWS_ACCESS_KEY_ID', savedEnv.id);
      restoreEnv('AWS_SECRET_ACCESS_KEY', savedEnv.key);
    });
    const now = new Date('2026-11-23T15:05:00Z');
    const sims: Simulators = await startSimulators({ scenario: 'preprocess-memory', speed: 0, start: now, incidentLeadMs: -5 * 60_000, alarms: false });
    cleanups.push(() => sims.close());
    const slack: SlackSimulator = await startSlackSimulator({ botTokens: [BOT_TOKEN], rateLimits: { enabled: false } });
    cleanups.push(() => slack.close());
    const databaseUrl = await databaseWithPassword(cleanups);

    const loaded = loadConfig(
      { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.url, AWS_ENDPOINT_URL: sims.aws.url, MLOBS_SNS_TRUSTED_URLS: sims.aws.url, DATABASE_URL: databaseUrl },
      { cwd: '/nonexistent-config-dir' },
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', secrets: [BOT_TOKEN, SIGNING_SECRET], destination: { write: (line: string) => void lines.push(line) } });
    const bot: RunningBot = await startBot(loaded.config, log, { host: '127.0.0.1', port: 0, clock: () => sims.simulation.now(), outbox: { postIntervalMs: 20, updateIntervalMs: 20, pollIntervalMs: 20 } });
    cleanups.push(() => bot.stop());
    const botUrl = `http://127.0.0.1:${bot.port}`;
    const answers: string[] = [];

    // An alarm through SNS, with one Slack failure on the way.
    sims.aws.sns.subscribe(sims.aws.sns.defaultTopicArn, { protocol: 'http', endpoint: `${botUrl}/sns` });
    await sims.aws.sns.whenIdle();
    slack.failNext('chat.postMessage', { status: 500 });
    const alarm = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: 'Threshold Crossed: 3 datapoints were greater than the threshold (500000.0).', at: now });
    await sims.aws.sns.publish(sims.aws.sns.defaultTopicArn, { subject: alarm.subject, message: alarm.message }).delivered;

    // Commands that read AWS, one that is refused, one that names a missing endpoint.
    const commands = ['latency fraud-detector', 'traces fraud-detector', 'cost --since 7d', 'latency fraud\u0000detector', 'diagnose no-such-endpoint'];
    const requests = await Promise.all(commands.map((text) => slack.sendSlashCommand({ botUrl: `${botUrl}/slack/events`, signingSecret: SIGNING_SECRET, text })));
    for (const request of requests) answers.push(request.body);

    // A request signed with the wrong secret, and one with a stale timestamp.
    for (const [secret, timestamp] of [['not-the-secret-0123456789', Math.floor(Date.now() / 1000)], [SIGNING_SECRET, Math.floor(Date.now() / 1000) - 3_600]] as const) {
      const body = 'command=%2Fmlobs&text=latency+fraud-detector';
      const response = await fetch(`${botUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(secret, body, timestamp) }, body });
      answers.push(`${response.status} ${await response.text()}`);
    }
    for (const path of ['/healthz', '/readyz', '/metrics']) answers.push(await (await fetch(`${botUrl}${path}`)).text());

    await waitFor(
      () => requests.every((request) => slack.responsesTo(request.responseUrlId).length > 0) && slack.messages().length > 0,
      () => `answered: ${requests.map((request, i) => `${commands[i]}=${slack.responsesTo(request.responseUrlId).length}`).join(', ')}; messages: ${slack.messages().length}`,
    );
    await bot.stop();
    cleanups.pop();

    // The scan can fail: the run did reach Slack, AWS and the logs.
    expect(slack.messages().length).toBeGreaterThan(0);
    expect(bot.services.aws.calls.records.length).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(10);
    expect(leaked(lines.join(''))).toEqual([]);
    expect(leaked(JSON.stringify(slack.calls))).toEqual([]);
    expect(leaked(JSON.stringify(slack.messages()))).toEqual([]);
    expect(leaked(JSON.stringify(slack.responses))).toEqual([]);
    expect(leaked(answers.join('\n'))).toEqual([]);
  });

  it('an unreachable PostgreSQL: neither the error nor the log line carries its password', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    const url = `postgres://mlobs:${PG_PASSWORD}@127.0.0.1:1/mlobs?schema=secretscan`;

    const error = await openStore(url, { log }).then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );

    expect(error).toBeInstanceOf(Error);
    log.error({ err: error, url }, 'database unreachable');
    expect(leaked(`${error!.message}\n${error!.stack ?? ''}`)).toEqual([]);
    expect(leaked(lines.join(''))).toEqual([]);
  });
});

/** PostgreSQL (the test server trusts local connections, so the password is carried, not checked) when there is one, else SQLite. */
async function databaseWithPassword(cleanups: Array<() => Promise<void> | void>): Promise<string> {
  const postgres = storeTargets().find((target) => target.name === 'postgres');
  if (postgres) {
    const database = postgres.freshDatabase();
    cleanups.push(() => database.dispose());
    return database.url.replace(/^(postgres(?:ql)?:\/\/)([^:@/]+)(?::[^@/]*)?@/, `$1$2:${PG_PASSWORD}@`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-secrets-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return `sqlite:${join(dir, 'mlobs.db')}`;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

async function waitFor(done: () => boolean, state: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the run to finish (${state()})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

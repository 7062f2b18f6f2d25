import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalMode, type LocalMode } from '../../src/cli/local-mode.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/telemetry/logger.js';

describe('local mode (npm start with nothing configured)', () => {
  let local: LocalMode | undefined;
  afterEach(async () => local?.stop());

  it('shows an incident thread in the simulated #ml-incidents within a minute, and answers /mlobs help there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlobs-local-'));
    const loaded = loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'mlobs.db')}` }, { cwd: dir });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    local = await startLocalMode(loaded.config, log, { port: 0 });
    const { slack } = local.simulators;

    const parent = await slack.waitForMessage((m) => m.channel === 'C0INCIDENTS' && m.threadTs === undefined && /ALARM/.test(JSON.stringify(m.blocks ?? m.text)), 60_000);
    expect(parent.text).toMatch(/ALARM/);

    const secret = (local.bot.services.config.slack.connection as { signingSecret: string }).signingSecret;
    const request = await slack.sendSlashCommand({ botUrl: `http://127.0.0.1:${local.bot.port}/slack/events`, signingSecret: secret, text: 'help', userId: 'U0ONCALL', channelId: 'C0INCIDENTS' });
    expect(request.status).toBe(200);
    const id = request.responseUrl.slice(request.responseUrl.indexOf('/response/') + '/response/'.length);
    const answer = await slack.waitFor('response', (post) => post.id === id, 10_000);
    expect(JSON.stringify(answer.blocks)).toContain('latency');
  }, 90_000);
});

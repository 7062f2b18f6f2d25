import { afterEach, describe, expect, it } from 'vitest';
import digest from '../../commands/digest.js';
import { AwsClients } from '../../src/aws/aws-clients.js';
import { CostExplorerCosts } from '../../src/aws/cost-explorer-costs.js';
import { SageMakerEndpointCapacity } from '../../src/aws/sagemaker-endpoint-capacity.js';
import { CommandRunner, type CommandResult } from '../../src/command/command-runner.js';
import type { Invoker } from '../../src/command/command-definition.js';
import { loadConfig } from '../../src/config/load-config.js';
import { renderText } from '../../src/console/render-text.js';
import { DigestPoster } from '../../src/jobs/digest-poster.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import { Outbox } from '../../src/slack/outbox/outbox.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { openStore, type Store } from '../../src/store/database.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { BotMetrics } from '../../src/telemetry/metrics.js';
import { SLACK_USER } from './command-world.js';

const NOW = new Date('2026-11-23T15:05:00Z');
const OTHER_USER: Invoker = { userId: 'U0OTHER', userName: 'other', channelId: 'C0TEST', surface: 'slack' };

interface DigestCommandWorld {
  sims: Simulators;
  store: Store;
  /** Moves the command's clock on. */
  advance(ms: number): void;
  run(text: string, invoker?: Invoker): Promise<CommandResult>;
  posts(): Promise<Array<{ key: string; channel: string }>>;
  close(): Promise<void>;
}

async function startWorld(options: { slack?: boolean } = {}): Promise<DigestCommandWorld> {
  const sims = await startSimulators({ scenario: 'steady', speed: 0, start: NOW, incidentLeadMs: -5 * 60_000, alarms: false });
  const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:', MLOBS_CHANNEL: '#ml-costs' }, { cwd: '/nonexistent' });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const config = loaded.config;
  const store = await openStore('sqlite::memory:');
  const clients = new AwsClients(config);
  let offsetMs = 0;
  const runner = new CommandRunner({
    commands: [digest],
    config,
    log: createLogger({ level: 'silent' }),
    metrics: new BotMetrics({ processMetrics: false }),
    ports: {
      audit: { record: async () => { throw new Error('digest records nothing'); }, list: async () => [] },
      costs: new CostExplorerCosts(clients),
      endpointCapacity: new SageMakerEndpointCapacity(clients),
      ...(options.slack === false ? {} : { digests: new DigestPoster({ store, outbox: new Outbox(store), render: renderBlocks }) }),
    },
    clock: () => new Date(sims.simulation.now().getTime() + offsetMs),
  });
  return {
    sims,
    store,
    advance: (ms) => void (offsetMs += ms),
    run: (text, invoker = SLACK_USER) => runner.run(text, invoker),
    async posts() {
      const rows = await store.db.selectFrom('slack_outbox').select(['message_key', 'channel']).orderBy('id').execute();
      return rows.map((row) => ({ key: row.message_key, channel: row.channel }));
    },
    async close() {
      clients.destroy();
      await store.close();
      await sims.close();
    },
  };
}

describe('digest', () => {
  let world: DigestCommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('shows the digest privately to whoever asks, and posts nothing', async () => {
    const w = (world = await startWorld());
    const result = await w.run('digest');
    expect(result.outcome).toBe('ok');
    expect(result.reply.visibility).toBe('private');
    expect(result.reply.heading).toBe('Cost digest · Mon, Nov 23');
    expect(result.reply.context).toContain('`digest --now` posts it to #ml-costs');
    expect(renderText(result.reply)).toContain('Yesterday (Nov 22)');
    expect(await w.posts()).toEqual([]);
  });

  it('--now posts it to the digest channel through the outbox, once per 10 minutes per channel', async () => {
    const w = (world = await startWorld());
    const posted = await w.run('digest --now');
    expect(posted.reply).toMatchObject({ heading: 'Digest posted', visibility: 'private' });
    expect(await w.posts()).toEqual([{ key: 'digest:daily:now:2026-11-23T15:05:00.000Z', channel: '#ml-costs' }]);

    w.advance(4 * 60_000);
    const refused = await w.run('digest --now', OTHER_USER);
    expect(refused.reply.heading).toBe('Digest not posted');
    expect(refused.reply.visibility).toBe('private');
    expect(refused.reply.summary).toBe(
      'A digest was posted to #ml-costs 4 min ago by <@U0TEST>; it can be posted there at most once every 10 minutes. Try again after 15:15 UTC, or run `digest` to see it yourself now.',
    );
    expect(await w.posts()).toHaveLength(1);

    w.advance(6 * 60_000);
    expect((await w.run('digest --now', OTHER_USER)).reply.heading).toBe('Digest posted');
    expect(await w.posts()).toHaveLength(2);
  });

  it('--now without a Slack connection shows the digest instead', async () => {
    const w = (world = await startWorld({ slack: false }));
    const result = await w.run('digest --now');
    expect(result.reply.visibility).toBe('private');
    expect(result.reply.parts[0]).toEqual({ kind: 'note', tone: 'info', text: 'No Slack connection here: the digest is shown, not posted to #ml-costs.' });
    expect(renderText(result.reply)).toContain('Yesterday (Nov 22)');
  });

  it('an unknown digest name is a usage answer naming the configured ones', async () => {
    const w = (world = await startWorld());
    const result = await w.run('digest --name dayly');
    expect(result.outcome).toBe('usage_error');
    expect(renderText(result.reply)).toContain('no digest named "dayly" (did you mean "daily"?); configured: daily');
    expect(await w.posts()).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import rightsize from '../../commands/rightsize.js';
import { AwsClients } from '../../src/aws/aws-clients.js';
import { SageMakerEndpointCapacity } from '../../src/aws/sagemaker-endpoint-capacity.js';
import type { EndpointCapacity, VariantUtilisation } from '../../src/aws/ports/endpoint-capacity.js';
import { CommandRunner, type CommandResult } from '../../src/command/command-runner.js';
import { loadConfig } from '../../src/config/load-config.js';
import { renderText } from '../../src/console/render-text.js';
import type { Reply } from '../../src/reply/reply.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { BotMetrics } from '../../src/telemetry/metrics.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { SLACK_USER } from './command-world.js';

const NOW = new Date('2026-11-23T15:05:00Z');

interface RightsizeWorld {
  sims: Simulators;
  clients: AwsClients;
  run(text: string): Promise<CommandResult>;
  close(): Promise<void>;
}

/** The steady fleet plus its zombie (`recsys-ranker-v1`), the clock frozen at NOW, the real SDK clients. */
async function startWorld(options: { zombie?: boolean; capacity?: (clients: AwsClients) => EndpointCapacity } = {}): Promise<RightsizeWorld> {
  const sims = await startSimulators({ scenario: 'steady', zombieEndpoint: options.zombie ?? true, speed: 0, start: NOW, incidentLeadMs: -5 * 60_000, alarms: false });
  const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const clients = new AwsClients(loaded.config);
  const runner = new CommandRunner({
    commands: [rightsize],
    config: loaded.config,
    log: createLogger({ level: 'silent' }),
    metrics: new BotMetrics({ processMetrics: false }),
    ports: { audit: { record: async () => { throw new Error('rightsize records nothing'); }, list: async () => [] }, endpointCapacity: (options.capacity ?? ((c) => new SageMakerEndpointCapacity(c)))(clients) },
    clock: () => sims.simulation.now(),
  });
  return {
    sims,
    clients,
    run: (text) => runner.run(text, SLACK_USER),
    async close() {
      clients.destroy();
      await sims.close();
    },
  };
}

function tableOf(reply: Reply): { rows: string[][]; totalRows?: number } {
  const part = reply.parts.find((p) => p.kind === 'table');
  if (part?.kind !== 'table') throw new Error('no table in the reply');
  return part.table;
}

describe('rightsize', () => {
  let world: RightsizeWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('flags the zombie first and recommends a smaller instance for idle churn-model, with savings from the price table', async () => {
    world = await startWorld();
    const result = await world.run('rightsize');

    expect(result.outcome).toBe('ok');
    const rows = tableOf(result.reply).rows;
    const row = (endpoint: string) => rows.find((r) => r[0] === endpoint);
    // recsys-ranker-v1: 1 × ml.g4dn.xlarge at $0.736/h, no invocations: its whole month is the saving.
    expect(rows[0]).toEqual(['recsys-ranker-v1', 'g4dn.xlarge × 1', expect.stringMatching(/^\d+%·\d+%·\d+%$/), '0', '–', 'ZOMBIE: delete', '$537.28']);
    // churn-model: p95 CPU ≈ 4% of 2 vCPUs, memory ≈ 23% → ml.t2.medium: (0.115 − 0.056) × 730 = $43.07.
    expect(row('churn-model')?.slice(1)).toEqual(['m5.large × 1', expect.stringMatching(/^[1-9]%·2\d%·–$/), expect.any(String), expect.any(String), '→ ml.t2.medium', '$43.07']);
    expect(row('recsys-ranker')?.[5]).toBe('keep');
    const zombieNote = result.reply.parts.find((p) => p.kind === 'note');
    expect(zombieNote).toEqual({ kind: 'note', tone: 'problem', text: '1 zombie endpoint (no invocations in the range, instances running): recsys-ranker-v1' });
    const shown = renderText(result.reply);
    expect(shown).toContain('Prices: shipped table dated 2025-01-15, SageMaker real-time inference on-demand in us-east-1');
    const saving = rows.reduce((sum, r) => sum + (r[6]?.startsWith('$') ? Number(r[6].slice(1).replace(/,/g, '')) : 0), 0);
    expect(shown).toContain(`Possible saving:   $${saving.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} a month`);

    // One ListEndpoints, each endpoint and its config described, ONE GetMetricData for every series.
    expect(world.clients.calls.count({ operation: 'ListEndpoints' })).toBe(1);
    expect(world.clients.calls.count({ operation: 'DescribeEndpoint' })).toBe(4);
    expect(world.clients.calls.count({ operation: 'DescribeEndpointConfig' })).toBe(4);
    expect(world.clients.calls.count({ operation: 'GetMetricData' })).toBe(1);
    expect(world.clients.calls.records).toHaveLength(10);
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it("costs 1,000 of churn-model's inferences as its instance-hours × price ÷ its invocations", async () => {
    world = await startWorld();
    const result = await world.run('rightsize --since 7d');

    const fleet = world.sims.simulation.fleet();
    const start = new Date(NOW.getTime() - 7 * 86_400_000);
    const invocations = fleet.metricData({ namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions: { EndpointName: 'churn-model', VariantName: 'AllTraffic' } }, start, NOW, 60, 'Sum').values.reduce((a, b) => a + b, 0);
    const instanceHours = 7 * 24;
    const row = tableOf(result.reply).rows.find((r) => r[0] === 'churn-model');
    expect(row?.[3]).toBe(invocations.toLocaleString('en-US'));
    expect(row?.[4]).toBe(`$${(((instanceHours * 0.115) / invocations) * 1_000).toFixed(2)}`);
  });

  it('flags no zombie in the fleet as the scenarios have it', async () => {
    world = await startWorld({ zombie: false });
    const result = await world.run('rightsize');

    expect(tableOf(result.reply).rows.map((r) => r[0]).sort()).toEqual(['churn-model', 'fraud-detector', 'recsys-ranker']);
    expect(renderText(result.reply)).not.toContain('ZOMBIE');
    expect(result.reply.summary).toMatch(/^possible saving \$[\d,.]+ a month over 3 endpoint variants in us-east-1$/);
  });

  it('stays within Slack limits with hundreds of endpoints, saying how many rows are not shown', async () => {
    const calls: number[] = [];
    const many: EndpointCapacity = {
      knownEndpoints: async () => [],
      describe: async () => undefined,
      describeAll: async () =>
        Array.from({ length: 240 }, (_, i) => ({
          name: `team-model-with-a-long-name-${String(i).padStart(3, '0')}`,
          status: 'InService',
          variants: [{ endpoint: `team-model-with-a-long-name-${String(i).padStart(3, '0')}`, variant: 'AllTraffic', instanceType: 'ml.c5.2xlarge', currentInstanceCount: 3 }],
        })),
      utilisation: async (variants) => {
        calls.push(variants.length);
        return variants.map((v, i): VariantUtilisation => ({ ...v, cpuP95Percent: i % 3 === 0 ? 700 : 80, memoryP95Percent: 30, invocations: i % 7 === 0 ? 0 : 1_000, instanceMinutes: 3 * 20_160 }));
      },
    };
    world = await startWorld({ capacity: () => many });
    const result = await world.run('rightsize');

    expect(calls).toEqual([240]);
    expect(tableOf(result.reply).totalRows).toBe(240);
    const { blocks } = renderBlocks(result.reply);
    assertWithinSlackLimits(blocks);
    expect(JSON.stringify(blocks)).toMatch(/more rows/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import cost from '../../commands/cost.js';
import { AwsClients } from '../../src/aws/aws-clients.js';
import { CostExplorerCosts } from '../../src/aws/cost-explorer-costs.js';
import { CostQueryRejected } from '../../src/aws/ports/costs.js';
import { SageMakerEndpointCapacity } from '../../src/aws/sagemaker-endpoint-capacity.js';
import { CommandRunner } from '../../src/command/command-runner.js';
import { configuredDigests, type Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { renderText } from '../../src/console/render-text.js';
import { composeDigest } from '../../src/digest/compose-digest.js';
import type { DigestSources } from '../../src/digest/digest-facts.js';
import type { Field, Reply } from '../../src/reply/reply.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { BotMetrics } from '../../src/telemetry/metrics.js';
import { SLACK_USER } from '../commands/command-world.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';

/** Monday 2026-11-23 15:05 UTC: yesterday is Sunday Nov 22; the 30 days are Oct 24–Nov 22. */
const NOW = new Date('2026-11-23T15:05:00Z');
const log = createLogger({ level: 'silent' });

interface DigestWorld {
  sims: Simulators;
  config: Config;
  sources: DigestSources;
  /** `/mlobs cost …` in the same world, for comparison. */
  cost(text: string): Promise<Reply>;
  digest(overrides?: { monthlyBudgetUsd?: number }): Promise<Reply>;
  close(): Promise<void>;
}

const OPEN_INCIDENTS = [{ incident: { state: 'open' } }, { incident: { state: 'acknowledged' } }, { incident: { state: 'open' } }];

async function startWorld(options: { zombie?: boolean } = {}): Promise<DigestWorld> {
  const sims = await startSimulators({ scenario: 'steady', zombieEndpoint: options.zombie ?? false, speed: 0, start: NOW, incidentLeadMs: -5 * 60_000, alarms: false });
  const loaded = loadConfig({ AWS_ENDPOINT_URL: sims.aws.url, DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const config = loaded.config;
  const clients = new AwsClients(config);
  const sources: DigestSources = {
    costs: new CostExplorerCosts(clients),
    endpointCapacity: new SageMakerEndpointCapacity(clients),
    incidents: { listOpen: async (limit = 50) => OPEN_INCIDENTS.slice(0, limit) },
  };
  const runner = new CommandRunner({
    commands: [cost],
    config,
    log,
    metrics: new BotMetrics({ processMetrics: false }),
    ports: { audit: { record: async () => { throw new Error('cost records nothing'); }, list: async () => [] }, ...sources, incidents: undefined },
    clock: () => sims.simulation.now(),
  });
  return {
    sims,
    config,
    sources,
    async cost(text) {
      const result = await runner.run(text, SLACK_USER);
      if (result.outcome !== 'ok') throw new Error(`cost failed: ${JSON.stringify(result)}`);
      return result.reply;
    },
    digest(overrides = {}) {
      const digest = { ...configuredDigests(config.digest)[0]!, ...overrides };
      return composeDigest(sources, digest, { now: sims.simulation.now(), region: config.aws.defaultRegion, charts: config.charts, log });
    },
    async close() {
      clients.destroy();
      await sims.close();
    },
  };
}

function field(reply: Reply, labelStart: string): string | undefined {
  const fields = reply.parts.flatMap((part) => (part.kind === 'fields' ? part.fields : [])) as Field[];
  return fields.find((f) => f.label.startsWith(labelStart))?.value;
}

/** The amount a `$1,234.56` text starts with. */
function amountOf(text: string | undefined): string | undefined {
  return text?.match(/^\$[\d,]+\.\d\d/)?.[0];
}

function tableRows(reply: Reply, firstColumn: string): string[][] {
  const part = reply.parts.find((p) => p.kind === 'table' && p.table.columns[0]?.title === firstColumn);
  return part?.kind === 'table' ? part.table.rows : [];
}

describe('the digest against the simulator', () => {
  let world: DigestWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("states the same numbers as the cost command: yesterday, the 30 days, month-to-date, forecast, top services and projects", async () => {
    const w = (world = await startWorld());
    const reply = await w.digest();
    const thirty = await w.cost('cost --since 30d');
    const yesterday = await w.cost('cost --since 1d');
    const projects = await w.cost('cost --since 30d --by tag:Project');

    expect(reply.heading).toBe('Cost digest · Mon, Nov 23');
    const headline = reply.parts[0];
    expect(headline?.kind === 'note' && headline.text).toContain(`*Yesterday (Nov 22): ${amountOf(field(yesterday, 'Total (1 day)'))}*`);
    expect(amountOf(field(reply, 'Last 30 days (Oct 24–Nov 22)'))).toBe(amountOf(field(thirty, 'Total (30 days)')));
    expect(field(reply, 'Month to date')).toBe(field(thirty, 'Month to date'));
    expect(amountOf(field(reply, 'Forecast for November 2026'))).toBe(amountOf(field(thirty, 'Forecast for November 2026')));

    const services = tableRows(reply, 'top service');
    const costServices = tableRows(thirty, 'service');
    expect(services.map((row) => row.slice(0, 3))).toEqual(costServices.slice(0, services.length));
    const tags = tableRows(reply, 'top tag Project');
    expect(tags.length).toBeGreaterThan(0);
    expect(tags).toEqual(tableRows(projects, 'Project').slice(0, tags.length));

    expect(reply.parts.some((part) => part.kind === 'chart' && part.chart.title.includes('last 30 days'))).toBe(true);
    expect(renderText(reply)).toContain('3 open incidents, 2 not acknowledged');
    expect(renderText(reply)).toContain('No zombie endpoints');
    assertWithinSlackLimits(renderBlocks(reply).blocks);
  });

  it('lists the zombie endpoint when the fleet has one', async () => {
    const w = (world = await startWorld({ zombie: true }));
    const reply = await w.digest();
    const zombies = reply.parts.find((part) => part.kind === 'note' && part.text.includes('zombie'));
    expect(zombies).toMatchObject({ kind: 'note', tone: 'problem' });
    expect(zombies?.kind === 'note' && zombies.text).toMatch(/^1 zombie endpoint \(no invocations in 14 days, instances running\): recsys-ranker-v1 \(\$[\d,.]+ a month\)/);
    expect(reply.summary).toContain('1 zombie endpoint');
    expect(reply.tone).not.toBe('ok');
  });

  it('sets month-to-date and the forecast against the budget', async () => {
    const w = (world = await startWorld());
    const under = await w.digest({ monthlyBudgetUsd: 100_000 });
    expect(field(under, 'Month to date')).toMatch(/^\$[\d,.]+ of the \$100,000 budget \(\d+%\)$/);
    expect(field(under, 'Forecast for November 2026')).toMatch(/under the budget/);

    const over = await w.digest({ monthlyBudgetUsd: 10 });
    expect(field(over, 'Month to date')).toMatch(/over by \$/);
    expect(over.tone).toBe('problem');
    expect(over.summary).toContain('over budget');
  });

  it('still tells the zombies and incidents when Cost Explorer refuses', async () => {
    const w = (world = await startWorld());
    w.sources.costs = {
      dailyCosts: async () => {
        throw new CostQueryRejected('access-denied', 'User is not authorized to perform ce:GetCostAndUsage');
      },
      forecast: async () => ({ available: false, reason: 'unused', fetchedAt: NOW }),
    };
    const reply = await w.digest();
    const shown = renderText(reply);
    expect(shown).toContain('Cost: the bot may not read Cost Explorer (it needs ce:GetCostAndUsage and ce:GetCostForecast)');
    expect(shown).toContain('3 open incidents');
    expect(shown).toContain('No zombie endpoints');
  });
});

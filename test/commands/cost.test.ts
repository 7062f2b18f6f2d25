import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import cost from '../../commands/cost.js';
import { CachedCosts } from '../../src/aws/cached-costs.js';
import { CostExplorerCosts } from '../../src/aws/cost-explorer-costs.js';
import type { Costs } from '../../src/aws/ports/costs.js';
import { renderText } from '../../src/console/render-text.js';
import { money } from '../../src/cost/money-text.js';
import type { Field, Reply } from '../../src/reply/reply.js';
import { COST_SERVICES, type DailyCost } from '../../src/sim/fleet/index.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { CostCache } from '../../src/store/cost-cache.js';
import type { Store } from '../../src/store/database.js';
import { describeEachStore } from '../support/database.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { startCommandWorld, type CommandWorld } from './command-world.js';

/** The default world's now: Monday 2026-11-23 15:05 UTC; bob's load test made 2026-11-15 the anomaly day. */
const RANGE = { start: '2026-10-24', end: '2026-11-23' };
const PREVIOUS = { start: '2026-09-24', end: '2026-10-24' };
const HOUR_MS = 3_600_000;
const CACHE_FOR_MS = 6 * HOUR_MS;

function ledgerTotal(w: CommandWorld, start: string, end: string, keep: (row: DailyCost) => boolean = () => true): number {
  return w.sims.simulation
    .fleet()
    .dailyCosts(new Date(`${start}T00:00:00Z`), new Date(`${end}T00:00:00Z`))
    .filter(keep)
    .reduce((sum, row) => sum + row.amountUsd, 0);
}

function field(reply: Reply, labelStart: string): string | undefined {
  const fields = reply.parts.flatMap((part) => (part.kind === 'fields' ? part.fields : [])) as Field[];
  return fields.find((f) => f.label.startsWith(labelStart))?.value;
}

function costExplorerCalls(w: CommandWorld): { usage: number; forecast: number } {
  return { usage: w.clients.calls.count({ operation: 'GetCostAndUsage' }), forecast: w.clients.calls.count({ operation: 'GetCostForecast' }) };
}

describe('cost', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const startWorld = async (options: { now?: Date; costs?: (w: CostExplorerCosts) => Costs } = {}) => {
    world = await startCommandWorld({
      commands: [cost],
      ports: (clients) => ({ costs: (options.costs ?? ((c) => c))(new CostExplorerCosts(clients)) }),
      ...(options.now ? { now: options.now } : {}),
    });
    return world;
  };

  it('totals, the comparison and month-to-date equal the simulator’s ledger, and the load-test day stands out', async () => {
    const w = await startWorld();
    const result = await w.run('cost');

    expect(result.outcome).toBe('ok');
    const reply = result.reply;
    const total = ledgerTotal(w, RANGE.start, RANGE.end);
    const previous = ledgerTotal(w, PREVIOUS.start, PREVIOUS.end);
    expect(reply.heading).toBe('Cost by service');
    expect(reply.context).toBe('Oct 24–Nov 22 · Cost Explorer data from just now');
    expect(field(reply, 'Total (30 days)')).toContain(money(total));
    expect(field(reply, 'Against the range before')).toContain(`on ${money(previous)}, Sep 24–Oct 23`);
    expect(field(reply, 'Month to date')).toBe(money(ledgerTotal(w, '2026-11-01', '2026-11-24')));
    expect(field(reply, 'Forecast for November 2026')).toMatch(/^\$1,\d{3}\.\d\d \(80% interval \$[\d,.]+–\$[\d,.]+\)$/);

    const shown = renderText(reply);
    const sagemaker = ledgerTotal(w, RANGE.start, RANGE.end, (row) => row.service === COST_SERVICES.sagemaker);
    expect(shown).toMatch(new RegExp(`Amazon SageMaker +${money(sagemaker).replace(/[$.]/g, '\\$&')}`));
    expect(shown).toContain('Days that stood out');
    expect(shown).toMatch(/• Sun Nov 15: \$8\d\.\d\d \(14-day mean \$57\.\d\d.*mostly Amazon SageMaker/);
    expect(shown.match(/^• /gm)).toHaveLength(1);
    expect(shown).toContain('Amounts in USD, unblended');
    expect(reply.parts.some((part) => part.kind === 'chart' && part.chart.imageUrl.includes('stacked'))).toBe(true);
    expect(reply.tone).toBe('warning');
    // One request for the range, the range before and the month; one forecast; both in us-east-1.
    expect(costExplorerCalls(w)).toEqual({ usage: 1, forecast: 1 });
    expect(w.clients.calls.records.every((call) => call.region === 'us-east-1')).toBe(true);
  });

  it('groups by a tag: each Project’s total is the ledger’s', async () => {
    const w = await startWorld();
    const result = await w.run('cost --by tag:Project --since 7d');

    expect(result.outcome).toBe('ok');
    expect(result.reply.heading).toBe('Cost by tag Project');
    const shown = renderText(result.reply);
    for (const project of ['recsys', 'fraud', 'churn', 'shared']) {
      const amount = ledgerTotal(w, '2026-11-16', '2026-11-23', (row) => row.tags['Project'] === project);
      expect(shown).toMatch(new RegExp(`\\n${project} +${money(amount).replace(/[$.]/g, '\\$&')}`));
    }
    expect(field(result.reply, 'Total (7 days)')).toContain(money(ledgerTotal(w, '2026-11-16', '2026-11-23')));
  });

  it('keeps to one service with --filter, found by its everyday name', async () => {
    const w = await startWorld();
    const result = await w.run('cost --filter service:sagemaker --by tag:Project');

    expect(result.outcome).toBe('ok');
    expect(result.reply.heading).toBe('Cost by tag Project · Amazon SageMaker');
    const total = ledgerTotal(w, RANGE.start, RANGE.end, (row) => row.service === COST_SERVICES.sagemaker);
    expect(field(result.reply, 'Total (30 days)')).toContain(money(total));
    const shown = renderText(result.reply);
    expect(shown).not.toMatch(/\nshared /);
    expect(shown).toMatch(/Sun Nov 15.*mostly recsys/);
  });

  it.each([
    ['cost --by tag:', 'needs a tag key after tag:'],
    ['cost --by tag:Cost$Center', 'characters AWS does not allow'],
    ['cost --by region', 'must be service or tag:KEY'],
    ['cost --filter tag:Project', 'must be service:NAME'],
    ['cost --filter service:Redshift', 'no service matching "Redshift" had any cost in Oct 24–Nov 22 (services with cost: Amazon API Gateway, Amazon SageMaker, Amazon Simple Storage Service, AmazonCloudWatch, AWS Lambda, AWS X-Ray)'],
    ['cost --since 400d', 'looks back at most 365d (Cost Explorer keeps 13 months of history by default)'],
    ['cost --since soon', '--since "soon" is not a duration'],
    ['cost --since 3h', 'costs come by whole UTC days'],
    ['cost --from 2025-01-01 --to 2025-02-01', 'Cost Explorer keeps 13 months of history plus the current month: the oldest day is 2025-10-01'],
  ])('%s answers what is wrong and the usage line', async (line, problem) => {
    const w = await startWorld();
    const result = await w.run(line);

    expect(result.outcome).toBe('usage_error');
    const shown = renderText(result.reply);
    expect(shown).toContain(problem);
    expect(shown).toContain('Usage: cost [--by service|tag:KEY] [--filter service:NAME]');
    expect(result.reply.visibility).toBe('private');
    expect(costExplorerCalls(w).forecast).toBe(0);
  });

  it('says there is no forecast on the last day of the month, and does not ask for one', async () => {
    const w = await startWorld({ now: new Date('2026-11-30T12:00:00Z') });
    const result = await w.run('cost --since 7d');

    expect(result.outcome).toBe('ok');
    expect(field(result.reply, 'Forecast for November 2026')).toMatch(/^no forecast on the last day of the month/);
    expect(costExplorerCalls(w)).toEqual({ usage: 1, forecast: 0 });
  });

  it('forecasts the whole month on its first day', async () => {
    const w = await startWorld({ now: new Date('2026-12-01T10:00:00Z') });
    const result = await w.run('cost --since 7d');

    expect(field(result.reply, 'Month to date (Dec 1–Dec 1, today so far)')).toMatch(/^\$\d+\.\d\d$/);
    expect(field(result.reply, 'Forecast for December 2026')).toMatch(/^\$1,\d{3}\.\d\d \(80% interval/);
    expect(costExplorerCalls(w)).toEqual({ usage: 1, forecast: 1 });
  });

  it('pages through 10,000 daily groups (many tag values) and still fits one Slack message', async () => {
    const w = await startWorld();
    const ledger = w.sims.services.costExplorer.ledger;
    const original = ledger.rows.bind(ledger);
    const teams = Array.from({ length: 170 }, (_, i) => `team-${String(i).padStart(3, '0')}`);
    vi.spyOn(ledger, 'rows').mockImplementation((startDay: string, endDay: string) => {
      const rows = original(startDay, endDay);
      const days = [...new Set(rows.map((row) => row.date))];
      const extra = days.flatMap((date) => teams.map((team, i): DailyCost => ({ date, service: COST_SERVICES.s3, usageType: 'USE1-Requests-Tier1', tags: { Team: team }, amountUsd: 0.01 * (i + 1) })));
      return [...rows, ...extra];
    });
    const result = await w.run('cost --by tag:Team');

    expect(result.outcome).toBe('ok');
    // 60 days of 171 groups: past Cost Explorer's page of groups, so several pages, one request each.
    expect(costExplorerCalls(w).usage).toBeGreaterThan(5);
    const largest = result.reply.parts.find((part) => part.kind === 'table');
    expect(largest?.kind === 'table' && largest.table.totalRows).toBe(teams.length + 1);
    const message = renderBlocks(result.reply);
    assertWithinSlackLimits(message.blocks);
    expect(renderText(result.reply)).toContain('team-169');
  });
});

describeEachStore('cost answers cached in the database', (target) => {
  let store: Store;
  let world: CommandWorld;
  beforeEach(async () => {
    store = await target.open();
    world = await startCommandWorld({
      commands: [cost],
      ports: (clients) => ({ costs: new CachedCosts(new CostExplorerCosts(clients), new CostCache(store), CACHE_FOR_MS) }),
    });
  });
  afterEach(async () => {
    await world.close();
    await store.close();
  });

  it('a repeat within cost.cache_for asks Cost Explorer nothing and says how old the data is; later it asks again', async () => {
    const first = await world.run('cost');
    expect(costExplorerCalls(world)).toEqual({ usage: 1, forecast: 1 });
    expect(world.sims.services.costExplorer.requestCount).toBe(2);

    world.sims.simulation.clock.advance(2 * HOUR_MS);
    const second = await world.run('cost');
    expect(costExplorerCalls(world)).toEqual({ usage: 1, forecast: 1 });
    expect(second.reply.context).toBe('Oct 24–Nov 22 · Cost Explorer data from 2 h ago');
    expect(field(second.reply, 'Total (30 days)')).toBe(field(first.reply, 'Total (30 days)'));

    world.sims.simulation.clock.advance(4 * HOUR_MS + 60_000);
    const third = await world.run('cost');
    expect(costExplorerCalls(world)).toEqual({ usage: 2, forecast: 2 });
    expect(third.reply.context).toBe('Oct 24–Nov 22 · Cost Explorer data from just now');
  });

  it('another filter or grouping by service reuses the same cached days; only the forecast differs', async () => {
    await world.run('cost');
    const filtered = await world.run('cost --filter service:Lambda');

    expect(filtered.reply.heading).toBe('Cost by service · AWS Lambda');
    expect(costExplorerCalls(world)).toEqual({ usage: 1, forecast: 2 });
  });

  it('replicas share the cache, and two that miss together both answer', async () => {
    const request = { startDay: '2026-11-01', endDay: '2026-11-23', tagKey: 'Project' };
    const scope = { region: 'eu-west-1' };
    const now = world.sims.simulation.now();
    const replica = () => new CachedCosts(new CostExplorerCosts(world.clients), new CostCache(store), CACHE_FOR_MS);

    const [a, b] = await Promise.all([replica().dailyCosts(request, scope, now), replica().dailyCosts(request, scope, now)]);
    expect(a.cells).toEqual(b.cells);
    const fetched = costExplorerCalls(world).usage;
    expect(fetched).toBeGreaterThanOrEqual(1);

    const third = await replica().dailyCosts(request, scope, now);
    expect(costExplorerCalls(world).usage).toBe(fetched);
    expect(third.cells).toEqual(a.cells);
    expect(third.fetchedAt.getTime()).toBe(now.getTime());
  });
});

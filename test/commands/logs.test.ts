import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import logs from '../../commands/logs.js';
import { CloudWatchLogQueries } from '../../src/aws/cloudwatch-log-queries.js';
import type { CommandContext } from '../../src/command/command-definition.js';
import { renderText } from '../../src/console/render-text.js';
import type { Reply, Table } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { createLogger } from '../../src/telemetry/logger.js';
import type { CommandWorld } from './command-world.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { ENDPOINT_GROUP, fleetLines, LAMBDA_GROUP, NOW, startLogsWorld, type LogsWorldOptions } from './logs-world.js';

const HOUR_AGO = new Date(NOW.getTime() - 60 * 60_000);

const tableOf = (reply: Reply): Table => {
  const part = reply.parts.find((p) => p.kind === 'table');
  if (part?.kind !== 'table') throw new Error(`no table in ${renderText(reply)}`);
  return part.table;
};
const problemOf = (reply: Reply): string => reply.parts.map((p) => (p.kind === 'note' ? p.text : '')).join('');

describe('logs', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  const start = async (options: Partial<LogsWorldOptions> = {}) => (world = await startLogsWorld({ commands: [logs], ...options }));
  const calls = (operation?: string) => world!.clients.calls.count(operation ? { operation } : {});
  const startedQueries = () => world!.sims.services.logs.allQueries();

  it('timeouts: counts the timeout lines per minute exactly as the fleet wrote them, as a chart, a sparkline and a table', async () => {
    const w = await start();
    const result = await w.run('logs fraud-detector timeouts');

    expect(result.outcome).toBe('ok');
    const expected = new Map<string, number>();
    for (const group of [ENDPOINT_GROUP, LAMBDA_GROUP]) {
      for (const line of fleetLines(w, group, HOUR_AGO, NOW, 'Task timed out')) {
        const bin = new Date(Math.floor(line.timestamp / 60_000) * 60_000).toISOString().replace('T', ' ').replace('Z', '');
        expected.set(bin, (expected.get(bin) ?? 0) + 1);
      }
    }
    const table = tableOf(result.reply);
    expect(table.columns.map((c) => c.title)).toEqual(['bin(1m)', 'timeouts']);
    expect(new Map(table.rows.map(([bin, count]) => [bin, Number(count)]))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(15);
    const total = [...expected.values()].reduce((a, b) => a + b, 0);

    const shown = renderText(result.reply);
    expect(result.reply.heading).toBe('fraud-detector timeouts');
    expect(result.reply.context).toBe('us-east-1 · last 1h (14:05–15:05 UTC)');
    expect(shown).toContain(`timeouts: ${total} in all, peak 20 at`);
    expect(shown).toMatch(/records matched · \d+(\.\d+)? KB scanned \(under \$0\.0001\) · 3\.5 s/);
    const chart = result.reply.parts.find((p) => p.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.chart.imageUrl).toMatch(/^https:\/\/quickchart\.io\/chart\?c=.*bar/);
    const sparkline = result.reply.parts.find((p) => p.kind === 'sparkline');
    expect(sparkline?.kind === 'sparkline' && sparkline.sparkline.values).toHaveLength(60); // every minute, empty ones as 0
    expect(result.reply.tone).toBe('warning');
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);

    // One query over both groups, named only in logGroupNames; polled 0.5 s, 1 s, 2 s apart.
    const [query] = startedQueries();
    expect(query?.logGroups).toEqual([ENDPOINT_GROUP, LAMBDA_GROUP]);
    expect(query?.queryString).not.toContain('fraud');
    expect(calls('StartQuery')).toBe(1);
    expect(calls('GetQueryResults')).toBe(3);
    expect(calls()).toBe(4);
  });

  it('errors: lists the newest error lines of both groups, with the Lambda’s own prefix left out of the message', async () => {
    const w = await start();
    const result = await w.run('logs fraud-detector errors');

    const table = tableOf(result.reply);
    expect(table.columns.map((c) => c.title)).toEqual(['@timestamp', '@log', '@message']);
    expect(table.rows[0]).toEqual([expect.stringMatching(/^15:0\d:\d\d\.\d{3}$/), 'fraud-preprocess', 'Task timed out after 3.00 seconds']);
    expect(table.totalRows).toBeGreaterThan(table.rows.length); // limit 200 of more matches
    expect(renderText(result.reply)).toMatch(/more rows/);
    expect(calls('StartQuery')).toBe(1);
  });

  it('a `stats … by bin()` query of your own is drawn too; the query text reaches Logs Insights as typed', async () => {
    const w = await start();
    const query = 'filter @message like /WARNING/ | stats count(*) as warnings by bin(5m)';
    const result = await w.run(`logs ${LAMBDA_GROUP} ${query}`);

    expect(result.outcome).toBe('ok');
    expect(startedQueries()[0]?.queryString).toBe(query);
    expect(startedQueries()[0]?.logGroups).toEqual([LAMBDA_GROUP]);
    expect(result.reply.heading).toBe(`${LAMBDA_GROUP} logs`);
    expect(result.reply.parts.some((p) => p.kind === 'chart')).toBe(true);
    expect(renderText(result.reply)).toMatch(/warnings: \d+ in all/);
  });

  it('says plainly when nothing matched', async () => {
    const w = await start();
    const result = await w.run('logs churn-model timeouts');

    expect(result.outcome).toBe('ok');
    expect(renderText(result.reply)).toContain('No timeouts in the last 1h (14:05–15:05 UTC).');
    expect(result.reply.parts.some((p) => p.kind === 'table' || p.kind === 'chart')).toBe(false);
  });

  it('shows "Running… N scanned" while the query runs, through ctx.progress', async () => {
    const w = await start();
    const clock = w.sims.simulation.clock;
    const logQueries = new CloudWatchLogQueries(w.clients, { sleep: async (ms) => clock.advance(ms), now: () => clock.now().getTime() });
    const seen: string[] = [];
    const ctx: CommandContext = {
      invoker: { userId: 'U0TEST', surface: 'slack' },
      log: createLogger({ level: 'silent' }),
      config: w.config,
      now: NOW,
      range: { start: HOUR_AGO, end: NOW, description: 'last 1h (14:05–15:05 UTC)' },
      region: 'us-east-1',
      commands: [],
      ports: { audit: { record: async () => { throw new Error('not used'); }, list: async () => [] }, logQueries },
      progress: (reply) => seen.push(problemOf(reply)),
    };
    const reply = await logs.run(ctx, { target: 'fraud-detector', query: 'timeouts' });

    expect(seen).toEqual(['Queued: waiting for Logs Insights to start the query…', expect.stringMatching(/^Running… \d+(\.\d+)? KB scanned \(1\.5 s\)$/)]);
    expect(reply.heading).toBe('fraud-detector timeouts');
  });

  it('fits Slack’s limits with 10,000 result rows, and says how many were not shown', async () => {
    const w = await start();
    const result = await w.run('logs fraud-detector --since 1d fields @timestamp, @message | limit 10000');

    const table = tableOf(result.reply);
    expect(table.totalRows).toBeGreaterThanOrEqual(10_000);
    const message = renderBlocks(result.reply);
    assertWithinSlackLimits(message.blocks);
    expect(JSON.stringify(message.blocks)).toMatch(/… [\d,]+ more rows/);
  });

  describe('refuses, running nothing', () => {
    it('a log group outside the allowed prefixes', async () => {
      const w = await start();
      const result = await w.run('logs /aws/rds/instance/prod/error errors');

      expect(result.outcome).toBe('refused');
      expect(problemOf(result.reply)).toBe(
        'mlobs may not read `/aws/rds/instance/prod/error`: only log groups under `/aws/sagemaker/`, `/aws/lambda/` may be queried (logs.allowed_prefixes in mlobs.yml).',
      );
      expect(calls()).toBe(0);
      expect(startedQueries()).toHaveLength(0);
    });

    it('an endpoint whose Lambda log group is not allowed by the configuration', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mlobs-logs-'));
      const file = join(dir, 'mlobs.yml');
      writeFileSync(file, 'endpoints:\n  fraud-detector:\n    lambdas: [fraud-preprocess]\nlogs:\n  allowed_prefixes: [/aws/sagemaker/]\n');
      const w = await start({ configFile: file });
      const result = await w.run('logs fraud-detector errors');

      expect(result.outcome).toBe('refused');
      expect(problemOf(result.reply)).toContain('mlobs may not read `/aws/lambda/fraud-preprocess`');
      expect(calls('StartQuery')).toBe(0);
    });

    it('an injection attempt through the endpoint name, and a SOURCE command in the query', async () => {
      const w = await start();
      const injected = await w.run('logs "fraud-detector | fields @message" errors');
      expect(injected.outcome).toBe('usage_error');
      expect(renderText(injected.reply)).toContain('is neither a SageMaker endpoint name');

      const source = await w.run('logs fraud-detector SOURCE logGroups(namePrefix: ["/aws/rds"]) | fields @message');
      expect(source.outcome).toBe('usage_error');
      expect(renderText(source.reply)).toContain('the SOURCE command is not allowed');
      expect(calls()).toBe(0);
    });

    it('a range longer than logs.max_range', async () => {
      const w = await start();
      const result = await w.run('logs fraud-detector --since 8d errors');

      expect(result.outcome).toBe('usage_error');
      expect(renderText(result.reply)).toContain('the range is 8d; log queries may cover at most 7d (logs.max_range in mlobs.yml)');
      expect(calls()).toBe(0);
    });

    it('slowest for an endpoint without a Lambda', async () => {
      const w = await start();
      const result = await w.run('logs recsys-ranker slowest');

      expect(result.outcome).toBe('refused');
      expect(problemOf(result.reply)).toContain('`slowest` reads Lambda REPORT lines, and recsys-ranker has no Lambda log group');
      expect(calls()).toBe(0);
    });
  });

  it('an unknown endpoint names the known ones (the failed StartQuery and one DescribeLogGroups)', async () => {
    const w = await start();
    const result = await w.run('logs fraud-detecter errors');

    expect(result.outcome).toBe('refused');
    expect(problemOf(result.reply)).toBe('no endpoint named "fraud-detecter" in us-east-1 (known: churn-model, fraud-detector, recsys-ranker)');
    expect(calls('StartQuery')).toBe(1);
    expect(calls('DescribeLogGroups')).toBe(1);
    expect(calls()).toBe(2);
  });

  it('an unknown log group suggests the close one', async () => {
    const w = await start();
    const result = await w.run('logs /aws/lambda/fraud-preprocesss errors');

    expect(problemOf(result.reply)).toBe('no log group named /aws/lambda/fraud-preprocesss in us-east-1 — did you mean /aws/lambda/fraud-preprocess?');
  });

  it('a query the service rejects is answered with the service’s message, and never polled', async () => {
    const w = await start();
    const result = await w.run('logs fraud-detector fields @message | lookup merchants merchant_id');

    expect(result.outcome).toBe('refused');
    expect(problemOf(result.reply)).toMatch(/^Logs Insights rejected the query: unexpected symbol found lookup at line 1 and column \d+: the lookup command is not supported/);
    expect(calls('StartQuery')).toBe(1);
    expect(calls('GetQueryResults')).toBe(0);
  });

  it.each([
    ['Failed', /^Logs Insights reports the query Failed after 3\.5 s \(\d+(\.\d+)? KB scanned, under \$0\.0001\)\. Try again, or narrow the range\.$/],
    ['Timeout', /^Logs Insights timed the query out after 3\.5 s .*: it ran past the service's limit\./],
  ] as const)('a query that ends %s says so plainly', async (fault, message) => {
    const w = await start();
    w.sims.services.logs.endNextQueriesAs(fault);
    const result = await w.run('logs fraud-detector errors');

    expect(result.outcome).toBe('refused');
    expect(problemOf(result.reply)).toMatch(message);
    expect(calls('GetQueryResults')).toBe(3);
  });

  it('stops a query still running at the timeout (StopQuery) and says what it scanned', async () => {
    const w = await start({ adapter: { queryTimeoutMs: 400 } });
    const result = await w.run('logs fraud-detector errors');

    expect(result.outcome).toBe('refused');
    expect(problemOf(result.reply)).toMatch(/^the query was still running after 0\.5 s, so mlobs stopped it \(0 B scanned, under \$0\.0001\)\. Narrow the range \(--since\) or the query\.$/);
    expect(calls('StopQuery')).toBe(1);
    expect(calls('GetQueryResults')).toBe(1);
    expect(startedQueries()[0]?.isActive(w.sims.simulation.now().getTime())).toBe(false);
  });

  it('a query that ends just as the bot stops it is answered with its results', async () => {
    const w = await start({ adapter: { queryTimeoutMs: 1_000 } });
    const result = await w.run('logs fraud-detector errors');

    expect(result.outcome).toBe('ok');
    expect(tableOf(result.reply).rows.length).toBeGreaterThan(0);
    expect(w.clients.calls.records.map((r) => `${r.operation}${r.ok ? '' : ` (${r.errorName})`}`)).toEqual([
      'StartQuery',
      'GetQueryResults',
      'GetQueryResults',
      'StopQuery (InvalidParameterException)',
      'GetQueryResults',
    ]);
  });

  it('asks for options before the query, since everything after the target is the query', async () => {
    const w = await start();
    const result = await w.run('logs fraud-detector errors --since 3h');

    expect(result.outcome).toBe('usage_error');
    expect(renderText(result.reply)).toContain('options go before the query, as in logs fraud-detector --since 3h errors: everything after the target is sent to Logs Insights');
    expect(calls()).toBe(0);
  });
});

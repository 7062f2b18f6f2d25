import { afterEach, describe, expect, it } from 'vitest';
import patterns from '../../commands/patterns.js';
import { LogQueryRejected, type LogQueries } from '../../src/aws/ports/log-queries.js';
import { renderText } from '../../src/console/render-text.js';
import type { Reply } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import type { CommandWorld } from './command-world.js';
import { fleetLines, LAMBDA_GROUP, NOW, startLogsWorld, type LogsWorldOptions } from './logs-world.js';

const HOUR_AGO = new Date(NOW.getTime() - 60 * 60_000);
const TIMEOUT_PATTERN = '<Time-1> <ID-2> Task timed out after <Token-3> seconds';

const texts = (reply: Reply): string[] => reply.parts.flatMap((p) => (p.kind === 'text' || p.kind === 'note' ? [p.text] : []));

/** A CloudWatch Logs without the `pattern` command (as for Infrequent Access log groups). */
const withoutPatternCommand = (port: LogQueries): LogQueries => ({
  runInsightsQuery: (scope, groups, query, window, options) =>
    /\bpattern\s+@message/.test(query)
      ? Promise.reject(new LogQueryRejected('malformed-query', 'unexpected symbol found pattern at line 2 and column 3'))
      : port.runInsightsQuery(scope, groups, query, window, options),
  logGroups: (scope, prefix) => port.logGroups(scope, prefix),
  sampleEvents: (scope, groups, window, options) => port.sampleEvents(scope, groups, window, options),
});

describe('patterns', () => {
  let world: CommandWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  const start = async (options: Partial<LogsWorldOptions> = {}) => (world = await startLogsWorld({ commands: [patterns], ...options }));
  const calls = (operation?: string) => world!.clients.calls.count(operation ? { operation } : {});

  it('puts the timeout pattern first right after the peak, with its count, share and an example line', async () => {
    const w = await start();
    const result = await w.run('patterns fraud-detector');

    expect(result.outcome).toBe('ok');
    const timeouts = fleetLines(w, LAMBDA_GROUP, HOUR_AGO, NOW, 'Task timed out').length;
    expect(timeouts).toBeGreaterThan(300);
    const [, first, second] = texts(result.reply);
    expect(first).toMatch(new RegExp(`^\\*1\\.\\* ${timeouts} lines · \\d+%\\n\`${TIMEOUT_PATTERN}\`\\ne\\.g\\. \\(15:0\\d:\\d\\d UTC, /aws/lambda/fraud-preprocess\\) \`2026-11-23T15:0\\d:.*Task timed out after 3\\.00 seconds\`$`));
    expect(second).toMatch(/^\*2\.\* \d+ lines/);
    expect(result.reply.heading).toBe('fraud-detector log patterns');
    expect(result.reply.summary).toContain(`most frequent ${TIMEOUT_PATTERN} (${timeouts} lines`);
    expect(renderText(result.reply)).toMatch(/KB scanned by 2 Logs Insights queries \(under \$0\.0001\)/);

    // The runtime's START/END/REPORT lines are left out: they would outnumber everything.
    const [patternQuery, examplesQuery] = w.sims.services.logs.allQueries();
    expect(patternQuery?.queryString).toMatch(/^filter @message not like .*\n\| pattern @message$/);
    expect(examplesQuery?.queryString).toContain('| limit 10000');
    expect(calls('StartQuery')).toBe(2);
    expect(calls('GetQueryResults')).toBe(6);
    expect(calls()).toBe(8);
  });

  it('falls back to its own clustering of FilterLogEvents samples when `pattern` is unavailable', async () => {
    const w = await start({ wrap: withoutPatternCommand });
    const result = await w.run('patterns fraud-detector');

    expect(result.outcome).toBe('ok');
    const [, first] = texts(result.reply);
    expect(first).toMatch(/^\*1\.\* \d+ lines · \d+%\n`<Time-1> <ID-2> Task timed out after <Token-3> seconds`\ne\.g\. /);
    expect(texts(result.reply).join('\n')).toMatch(/Logs Insights' `pattern` command is not available for these log groups, so these are mlobs's own clusters of/);
    // Two groups, five slices of the hour each, one FilterLogEvents call per slice.
    expect(calls('FilterLogEvents')).toBe(10);
    expect(calls('StartQuery')).toBe(0);
  });

  it('names the known endpoints in the fallback too', async () => {
    const w = await start({ wrap: withoutPatternCommand });
    const result = await w.run('patterns fraud-detecter');

    expect(texts(result.reply)).toEqual(['no endpoint named "fraud-detecter" in us-east-1 (known: churn-model, fraud-detector, recsys-ranker)']);
  });

  it('fits Slack’s limits', async () => {
    const w = await start();
    const result = await w.run('patterns fraud-detector --since 1d');

    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it('says plainly when the range has no log lines', async () => {
    const w = await start();
    const result = await w.run('patterns fraud-detector --from 2026-01-01T00:00Z --to 2026-01-01T01:00Z');

    expect(result.outcome).toBe('ok');
    expect(renderText(result.reply)).toContain('No log lines in the 2026-01-01 00:00–01:00 UTC.');
    expect(calls('StartQuery')).toBe(1); // no examples query for no patterns
  });

  it('refuses a log group outside the allowed prefixes without running anything', async () => {
    const w = await start();
    const result = await w.run('patterns /aws/rds/instance/prod/error');

    expect(result.outcome).toBe('refused');
    expect(texts(result.reply)).toEqual(['mlobs may not read `/aws/rds/instance/prod/error`: only log groups under `/aws/sagemaker/`, `/aws/lambda/` may be queried (logs.allowed_prefixes in mlobs.yml).']);
    expect(calls()).toBe(0);
  });

  it('names the known endpoints for an unknown one', async () => {
    const w = await start();
    const result = await w.run('patterns fraud-detecter');

    expect(renderText(result.reply)).toContain('no endpoint named "fraud-detecter" in us-east-1 (known: churn-model, fraud-detector, recsys-ranker)');
  });

  it('refuses an endpoint name that is not one', async () => {
    const w = await start();
    const result = await w.run('patterns "fraud-detector | fields @message"');

    expect(result.outcome).toBe('usage_error');
    expect(calls()).toBe(0);
  });
});

import type { InsightsQueryResult } from '../src/aws/ports/log-queries.js';
import { defineCommand } from '../src/command/command-definition.js';
import { UsageError, UserFacingError } from '../src/command/command-errors.js';
import { binChartParts, describeSeries } from '../src/logs/bin-chart.js';
import { binClauseOf, binSeriesOf } from '../src/logs/bin-series.js';
import { runTargetQuery, unfinishedQueryError } from '../src/logs/insights-run.js';
import { checkAllowed, checkRange, LAMBDA_LOG_GROUP_PREFIX, logTargetOf, logTargetProblem, queryTextProblem, targetLabel } from '../src/logs/log-targets.js';
import { inlineCode, resultTable, scanSummary } from '../src/logs/query-result-parts.js';
import { isSavedQueryName, savedQuery, SAVED_QUERY_NAMES, type SavedQuery } from '../src/logs/saved-queries.js';
import { note, table, text, type Reply, type ReplyPart } from '../src/reply/reply.js';

export default defineCommand({
  name: 'logs',
  summary: "Run a Logs Insights query over an endpoint's logs (its container and its Lambdas) or a log group; saved queries: errors, timeouts, slowest",
  positionals: [
    { name: 'target', description: 'a SageMaker endpoint (its container logs and its configured Lambdas’) or a log group (/aws/…)', required: true, validate: logTargetProblem },
    { name: 'query', description: `a Logs Insights query, or a saved one: ${SAVED_QUERY_NAMES.join(', ')}`, required: true, rest: true },
  ],
  options: {},
  // logs.max_range in mlobs.yml (default 7d) is the real limit; this is only the outer bound.
  timeRange: { defaultSince: '1h', longest: '90d' },
  awsScoped: true,
  examples: [
    'logs fraud-detector timeouts',
    'logs fraud-detector --since 3h errors',
    'logs /aws/lambda/fraud-preprocess filter @message like /ERROR/ | stats count(*) by bin(5m)',
  ],

  async run(ctx, { target: targetText, query: queryText }): Promise<Reply> {
    const target = logTargetOf(targetText, ctx.config);
    checkAllowed(target, ctx.config);
    checkRange(ctx.range, ctx.config);
    const saved = savedQueryOf(targetText, queryText, ctx.range);
    if (saved?.needsLambda && !target.groups.some((group) => group.startsWith(LAMBDA_LOG_GROUP_PREFIX))) {
      const where = target.kind === 'endpoint' ? ` (endpoints.${target.endpoint}.lambdas in mlobs.yml)` : '';
      throw new UserFacingError(`\`${saved.name}\` reads Lambda REPORT lines, and ${targetLabel(target)} has no Lambda log group${where}.`);
    }
    const query = saved?.query ?? queryText;
    const heading = `${targetLabel(target)} ${saved?.title ?? 'logs'}`;
    const context = `${ctx.region} · ${ctx.range.description}`;

    const result = await runTargetQuery(ctx, { target, query, heading, context });
    const unfinished = unfinishedQueryError(result);
    if (unfinished) throw unfinished;

    const parts: ReplyPart[] = [text(`Log groups: ${target.groups.map((g) => `\`${g}\``).join(', ')}\nQuery: ${inlineCode(query, 600)}`)];
    if (result.rows.length === 0) {
      const nothing = result.statistics.recordsScanned === 0 ? `No log events at all in these groups in the ${ctx.range.description}.` : `No ${saved?.title ?? 'results'} in the ${ctx.range.description}.`;
      parts.push(note('info', nothing), text(scanSummary(result.statistics, result.elapsedMs)));
      return { heading, context, parts, visibility: 'channel', tone: 'info', summary: `${heading}: ${nothing}` };
    }
    const pictured = binParts(query, result, ctx.range, saved, heading, ctx.config.charts);
    parts.push(...pictured.parts, table(resultTable(result)), text(scanSummary(result.statistics, result.elapsedMs)));
    return {
      heading,
      context,
      parts,
      visibility: 'channel',
      ...(saved && saved.name !== 'slowest' ? { tone: 'warning' as const } : {}),
      summary: `${heading} (${ctx.range.description}): ${pictured.summary ?? `${result.rows.length.toLocaleString('en-US')} rows`}`,
    };
  },
});

/** A saved query's name, alone on the line (`errors`, not `errors | limit 5`), or undefined. */
function savedQueryOf(target: string, queryText: string, range: { start: Date; end: Date }): SavedQuery | undefined {
  // Everything after the target is the query, options included: say so rather than run `errors --since 3h`.
  const option = /(?:^|\s)(--(?:since|from|to|region|account|private)\b.*)$/s.exec(queryText);
  if (option) {
    const asked = `logs ${target} ${option[1]!.trim()} ${queryText.slice(0, option.index).trim()}`;
    throw new UsageError(`options go before the query, as in \`${asked}\`: everything after the target is sent to Logs Insights`);
  }
  const word = queryText.trim().toLowerCase();
  if (isSavedQueryName(word)) return savedQuery(word, range.end.getTime() - range.start.getTime());
  const problem = queryTextProblem(queryText);
  if (problem) throw new UsageError(problem);
  return undefined;
}

/** A `stats … by bin()` answer as a chart and sparklines, with a one-line reading of it. */
function binParts(
  query: string,
  result: InsightsQueryResult,
  range: { start: Date; end: Date },
  saved: SavedQuery | undefined,
  title: string,
  charts: { quickchartUrl: string },
): { parts: ReplyPart[]; summary?: string } {
  const bin = binClauseOf(query);
  const counts = saved?.countsPerBin ?? bin?.countsOnly ?? false;
  const series = binSeriesOf(query, result.columns, result.rows, { zeroFill: counts, range });
  const first = series?.series[0];
  if (!series || !first) return { parts: [] };
  const summary = describeSeries(first.label, first.values, series.bins, counts);
  return { parts: [text(summary), ...binChartParts(series, { title, counts, ...(bin ? { width: bin.width } : {}) }, charts)], summary };
}

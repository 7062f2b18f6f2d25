import { LogQueryRejected, type InsightsQueryResult, type ScanStatistics } from '../src/aws/ports/log-queries.js';
import { defineCommand, type CommandContext } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { logQueriesOf, rejectionError, runTargetQuery, scopeOf, unfinishedQueryError, type TargetQuery } from '../src/logs/insights-run.js';
import {
  EXAMPLE_LINES,
  EXAMPLES_QUERY,
  isRuntimeLine,
  PATTERN_QUERY,
  patternsFromRows,
  percentText,
  withExamples,
  type LogPattern,
} from '../src/logs/log-patterns.js';
import { checkAllowed, checkRange, logTargetOf, logTargetProblem, targetLabel, type LogTarget } from '../src/logs/log-targets.js';
import { clusterMessages } from '../src/logs/message-clusters.js';
import { addStatistics, inlineCode, scanCostSummary } from '../src/logs/query-result-parts.js';
import { fields, note, text, type Reply, type ReplyPart } from '../src/reply/reply.js';

/** Patterns shown; the rest are counted in one line. */
const SHOWN_PATTERNS = 10;
/** Events the fallback clustering reads, spread over this many slices of the range. */
const SAMPLE_EVENTS = 10_000;
const SAMPLE_SLICES = 5;

export default defineCommand({
  name: 'patterns',
  summary: "The recurring message patterns in an endpoint's or a log group's logs, most frequent first, with counts and an example line",
  positionals: [
    { name: 'target', description: 'a SageMaker endpoint (its container logs and its configured Lambdas’) or a log group (/aws/…)', required: true, validate: logTargetProblem },
  ],
  options: {},
  // logs.max_range in mlobs.yml (default 7d) is the real limit; this is only the outer bound.
  timeRange: { defaultSince: '1h', longest: '90d' },
  awsScoped: true,
  examples: ['patterns fraud-detector', 'patterns /aws/lambda/fraud-preprocess --since 3h'],

  async run(ctx, { target: targetText }): Promise<Reply> {
    const target = logTargetOf(targetText, ctx.config);
    checkAllowed(target, ctx.config);
    checkRange(ctx.range, ctx.config);
    const heading = `${targetLabel(target)} log patterns`;
    const context = `${ctx.region} · ${ctx.range.description}`;

    const found = (await insightsPatterns(ctx, target, heading, context)) ?? (await clusteredPatterns(ctx, target));

    const parts: ReplyPart[] = [text(`Log groups: ${target.groups.map((g) => `\`${g}\``).join(', ')} (Lambda START/END/REPORT lines left out)`)];
    if (found.patterns.length === 0) {
      const nothing = `No log lines in the ${ctx.range.description}.`;
      parts.push(note('info', nothing), ...found.notes.map((n) => note('info', n)));
      if (found.scanned) parts.push(text(scanCostSummary(found.scanned.statistics, found.scanned.queries)));
      return { heading, context, parts, visibility: 'channel', tone: 'info', summary: `${heading}: ${nothing}` };
    }
    const lines = found.patterns.reduce((sum, p) => sum + p.count, 0);
    parts.push(fields([{ label: 'Lines', value: lines.toLocaleString('en-US') }, { label: 'Patterns', value: found.patterns.length.toLocaleString('en-US') }]));
    parts.push(...found.patterns.slice(0, SHOWN_PATTERNS).map((pattern, i) => text(patternText(i + 1, pattern))));
    const rest = found.patterns.slice(SHOWN_PATTERNS);
    if (rest.length > 0) {
      const restLines = rest.reduce((sum, p) => sum + p.count, 0);
      parts.push(text(`… and ${rest.length.toLocaleString('en-US')} more patterns (${restLines.toLocaleString('en-US')} lines, ${percentText(restLines / lines)})`));
    }
    parts.push(...found.notes.map((n) => note('info', n)));
    if (found.scanned) parts.push(text(scanCostSummary(found.scanned.statistics, found.scanned.queries)));
    const top = found.patterns[0]!;
    return {
      heading,
      context,
      parts,
      visibility: 'channel',
      ...(top.severity === 'Error' ? { tone: 'warning' as const } : {}),
      summary: `${heading} (${ctx.range.description}): most frequent ${top.pattern} (${top.count.toLocaleString('en-US')} lines, ${percentText(top.ratio)})`,
    };
  },
});

interface FoundPatterns {
  patterns: LogPattern[];
  notes: string[];
  /** What the Logs Insights queries scanned; absent for the fallback, which costs no scan. */
  scanned?: { statistics: ScanStatistics; queries: number };
}

/** `pattern @message`, then one query for example lines; undefined when `pattern` is unavailable. */
async function insightsPatterns(ctx: CommandContext, target: LogTarget, heading: string, context: string): Promise<FoundPatterns | undefined> {
  let clustered;
  try {
    clustered = await runTargetQuery(ctx, { target, query: PATTERN_QUERY, heading, context, passThrough: ['malformed-query'] });
  } catch (error) {
    if (error instanceof LogQueryRejected) {
      ctx.log.info({ reason: error.message }, 'pattern command unavailable: clustering a sample instead');
      return undefined;
    }
    throw error;
  }
  const unfinished = unfinishedQueryError(clustered);
  if (unfinished) throw unfinished;
  const patterns = patternsFromRows(clustered.rows);
  if (patterns.length === 0) return { patterns, notes: [], scanned: { statistics: clustered.statistics, queries: 1 } };

  const notes: string[] = [];
  const examples = await exampleLines(ctx, { target, query: EXAMPLES_QUERY, heading, context, limit: EXAMPLE_LINES }, notes);
  if (!examples) return { patterns, notes, scanned: { statistics: clustered.statistics, queries: 1 } };
  if (examples.status !== 'Complete') notes.push(`The example lines could not be read (the query ended ${examples.status}).`);
  const lines = examples.rows.map((row) => ({
    message: row['@message'] ?? '',
    ...(row['@timestamp'] ? { at: new Date(`${row['@timestamp'].replace(' ', 'T')}Z`) } : {}),
    ...(row['@log'] ? { logGroup: row['@log'].replace(/^\d{12}:/, '') } : {}),
  }));
  const shown = withExamples(patterns.slice(0, SHOWN_PATTERNS), lines);
  if (shown.some((p) => !p.example)) notes.push(`Patterns without an example had no line among the newest ${EXAMPLE_LINES.toLocaleString('en-US')}.`);
  return { patterns: [...shown, ...patterns.slice(SHOWN_PATTERNS)], notes, scanned: { statistics: addStatistics(clustered.statistics, examples.statistics), queries: 2 } };
}

/** The newest lines, for examples; a refusal costs the examples, not the patterns already found. */
async function exampleLines(ctx: CommandContext, request: TargetQuery, notes: string[]): Promise<InsightsQueryResult | undefined> {
  try {
    return await runTargetQuery(ctx, request);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    notes.push(`The example lines could not be read: ${error.message}`);
    return undefined;
  }
}

/** The bot's own clustering of a sample read with FilterLogEvents, spread over the range. */
async function clusteredPatterns(ctx: CommandContext, target: LogTarget): Promise<FoundPatterns> {
  const sample = await logQueriesOf(ctx)
    .sampleEvents(scopeOf(ctx), target.groups, ctx.range, { maxEvents: SAMPLE_EVENTS, slices: SAMPLE_SLICES })
    .catch(async (error: unknown) => {
      throw error instanceof LogQueryRejected ? await rejectionError(ctx, target, error) : error;
    });
  const events = sample.events.filter((event) => !isRuntimeLine(event.message));
  const patterns = clusterMessages(events.map((e) => ({ message: e.message, timestamp: e.timestamp, logGroup: e.logGroup })));
  const read = `${events.length.toLocaleString('en-US')} lines`;
  return {
    patterns,
    notes: [
      `Logs Insights' \`pattern\` command is not available for these log groups, so these are mlobs's own clusters of ${sample.complete ? `all ${read} of the range` : `a sample of ${read} spread over the range (counts are the sample's)`}.`,
    ],
  };
}

/** `*1.* 1,234 lines · 38% · Error`, the pattern, and an example line with its time and group. */
function patternText(rank: number, pattern: LogPattern): string {
  const head = [`*${rank}.* ${pattern.count.toLocaleString('en-US')} lines`, percentText(pattern.ratio), ...(pattern.severity ? [pattern.severity] : [])].join(' · ');
  const lines = [head, inlineCode(pattern.pattern)];
  const example = pattern.example;
  if (example) {
    const where = [example.at ? `${example.at.toISOString().slice(11, 19)} UTC` : undefined, example.logGroup].filter(Boolean).join(', ');
    lines.push(`e.g.${where ? ` (${where})` : ''} ${inlineCode(example.message)}`);
  }
  return lines.join('\n');
}

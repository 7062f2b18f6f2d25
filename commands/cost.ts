import type { AwsScope } from '../src/aws/aws-clients.js';
import { CostQueryRejected, type CostForecast, type Costs, type DailyCostTable } from '../src/aws/ports/costs.js';
import { defineCommand, type CommandContext } from '../src/command/command-definition.js';
import { UsageError, UserFacingError } from '../src/command/command-errors.js';
import { costTrendParts } from '../src/cost/cost-chart.js';
import { addDays, CostRangeProblem, costWindowFor, dayRangeText, daysBetween, forecastWindowFor, monthName, shortDay, type CostWindow, type DayRange } from '../src/cost/cost-days.js';
import { groupingProblem, matchService, parseGrouping, parseServiceFilter, serviceFilterProblem, type CostGrouping } from '../src/cost/cost-grouping.js';
import { costReport, type CostReport } from '../src/cost/cost-report.js';
import { costSeries, servicesWithCost } from '../src/cost/cost-series.js';
import { costRejectionText } from '../src/cost/cost-rejection-text.js';
import { ageText, money, moneyChange, percentChange } from '../src/cost/money-text.js';
import { standoutText } from '../src/cost/standout-text.js';
import { fields, note, table, text, type Reply, type ReplyPart } from '../src/reply/reply.js';

/** Rows of the "largest" table; the rest are counted, and the chart stacks them as "other". */
const MAX_LARGEST_ROWS = 8;
const MAX_STANDOUT_LINES = 10;
/** Services named in a "no such service" answer before "… N more". */
const MAX_SERVICES_LISTED = 25;

export default defineCommand({
  name: 'cost',
  summary: 'daily cost from Cost Explorer: total against the range before, top movers, month-to-date and forecast, days that stand out',
  positionals: [],
  options: {
    by: { type: 'string', valueName: 'service|tag:KEY', description: 'group by service (default) or by a cost-allocation tag, e.g. tag:Project', validate: groupingProblem },
    filter: { type: 'string', valueName: 'service:NAME', description: 'only one service, e.g. service:SageMaker', validate: serviceFilterProblem },
  },
  timeRange: { defaultSince: '30d', longest: '365d', longestReason: 'Cost Explorer keeps 13 months of history by default' },
  awsScoped: true,
  examples: ['cost', 'cost --since 7d --by tag:Project', 'cost --filter service:SageMaker --by tag:Project', 'cost --from 2026-10-01 --to 2026-11-01'],

  async run(ctx, { by, filter }): Promise<Reply> {
    const costs = ctx.ports.costs;
    if (!costs) throw new UserFacingError('cost is not available: this bot has no Cost Explorer connection configured');
    const grouping = parseGrouping(by);
    const window = costWindowOrUsage(ctx);
    // Cost Explorer is global: the region does not matter, the account does.
    const scope: AwsScope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };

    // Fetch: ONE GetCostAndUsage for the range, the range before it and the month so far (grouped by
    // service, and by the tag when asked: the filter is applied here, so any filter shares the
    // cached answer), then the forecast — each from the shared cache when fresh.
    const ledger = await answered(() => costs.dailyCosts({ ...window.request, ...(grouping.kind === 'tag' ? { tagKey: grouping.key } : {}) }, scope, ctx.now));
    const service = filter === undefined ? undefined : serviceNamed(parseServiceFilter(filter)!, ledger, window.range);
    const forecast = await forecastOf(costs, window, service, scope, ctx.now);

    // Compute.
    const series = costSeries(ledger, grouping, service);
    const report = costReport(series, window, forecast);

    // Answer.
    const heading = `Cost by ${grouping.kind === 'service' ? 'service' : `tag ${grouping.key}`}${service ? ` · ${service}` : ''}`;
    const fetchedAt = forecast.fetchedAt && forecast.fetchedAt < ledger.fetchedAt ? forecast.fetchedAt : ledger.fetchedAt;
    const age = `Cost Explorer data from ${ageText(fetchedAt, ctx.now)}`;
    const context = `${dayRangeText(window.range)}${ctx.account ? ` · ${ctx.account}` : ''} · ${age}`;
    if (report.groups.length === 0) {
      const line = `No cost${service ? ` for ${service}` : ''} in ${dayRangeText(window.range)}${report.monthToDate > 0 ? ` (month-to-date: ${money(report.monthToDate, report.currency)})` : ''}.`;
      return { heading, context, parts: [note('info', line), text(footnote(ledger, age))], visibility: 'channel', tone: 'info', summary: line };
    }
    const parts: ReplyPart[] = [note(report.verdict.tone, report.verdict.line), fields(summaryFields(report, window))];
    parts.push(largestTable(report, grouping));
    if (report.movers.length > 0) parts.push(moversTable(report, grouping));
    if (report.outliers.length > 0) parts.push(text(standoutText(report, MAX_STANDOUT_LINES)));
    parts.push(...costTrendParts(report, heading, ctx.config.charts));
    parts.push(text(footnote(ledger, age)));
    return { heading, context, parts, visibility: 'channel', tone: report.verdict.tone, summary: `${heading}: ${report.verdict.line}` };
  },
});

function costWindowOrUsage(ctx: CommandContext): CostWindow {
  try {
    return costWindowFor(ctx.range, ctx.now);
  } catch (error) {
    if (error instanceof CostRangeProblem) throw new UsageError(error.message);
    throw error;
  }
}

/** Cost Explorer's refusals become answers a person can act on. */
async function answered<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof CostQueryRejected)) throw error;
    throw new UserFacingError(costRejectionText(error));
  }
}

/** The Cost Explorer service `--filter service:NAME` means, or a usage answer listing the ones with cost. */
function serviceNamed(asked: string, ledger: DailyCostTable, range: DayRange): string {
  const match = matchService(asked, servicesWithCost(ledger));
  if (match) return match;
  const inRange = servicesWithCost(ledger, range.startDay, range.endDay);
  const listed = inRange.length === 0 ? 'none' : inRange.slice(0, MAX_SERVICES_LISTED).join(', ') + (inRange.length > MAX_SERVICES_LISTED ? `, … ${inRange.length - MAX_SERVICES_LISTED} more` : '');
  throw new UsageError(`no service matching "${asked}" had any cost in ${dayRangeText(range)} (services with cost: ${listed})`);
}

async function forecastOf(costs: Costs, window: CostWindow, service: string | undefined, scope: AwsScope, now: Date): Promise<CostForecast | { available: false; reason: string; fetchedAt?: undefined }> {
  const plan = forecastWindowFor(window.today);
  if ('reason' in plan) return { available: false, reason: plan.reason };
  return answered(() => costs.forecast({ ...plan.window, ...(service ? { service } : {}) }, scope, now));
}

function summaryFields(report: CostReport, window: CostWindow) {
  const currency = report.currency;
  const days = daysBetween(window.range.startDay, window.range.endDay);
  const previous = report.previous;
  const month = monthName(window.today);
  return [
    { label: `Total (${days === 1 ? '1 day' : `${days} days`})`, value: `${money(report.total, currency)} · ${money(report.total / Math.max(1, days), currency)}/day` },
    {
      label: 'Against the range before',
      value: previous
        ? `${moneyChange(report.total - previous.total, currency)} (${percentChange(report.total, previous.total)}) on ${money(previous.total, currency)}, ${dayRangeText(previous.range)}`
        : `none: the ${days} days before (from ${shortDay(addDays(window.range.startDay, -days), true)}) are older than Cost Explorer keeps (13 months; from ${shortDay(window.oldestDay, true)})`,
    },
    { label: `Month to date (${shortDay(window.month.startDay)}–${shortDay(window.today)}, today so far)`, value: money(report.monthToDate, currency) },
    {
      label: `Forecast for ${month}`,
      value: report.monthEnd
        ? `${money(report.monthEnd.total, currency)} (80% interval ${money(report.monthEnd.lower, currency)}–${money(report.monthEnd.upper, currency)})`
        : (report.noForecastReason ?? 'none'),
    },
  ];
}

function largestTable(report: CostReport, grouping: CostGrouping): ReplyPart {
  return table({
    columns: [{ title: grouping.kind === 'service' ? 'service' : grouping.key }, { title: 'cost', align: 'right' }, { title: 'share', align: 'right' }],
    rows: report.groups.slice(0, MAX_LARGEST_ROWS).map((group) => [
      group.name,
      money(group.total, report.currency),
      report.total > 0 ? `${Math.round((group.total / report.total) * 100)}%` : '–',
    ]),
    totalRows: report.groups.length,
  });
}

function moversTable(report: CostReport, grouping: CostGrouping): ReplyPart {
  return table({
    columns: [
      { title: `top movers (${grouping.kind === 'service' ? 'service' : grouping.key})` },
      { title: 'now', align: 'right' },
      { title: 'before', align: 'right' },
      { title: 'change', align: 'right' },
      { title: '%', align: 'right' },
    ],
    rows: report.movers.map((m) => [m.name, money(m.now, report.currency), money(m.before, report.currency), moneyChange(m.delta, report.currency), percentChange(m.now, m.before)]),
  });
}

function footnote(ledger: DailyCostTable, age: string): string {
  const estimated = ledger.firstEstimatedDay ? `; from ${shortDay(ledger.firstEstimatedDay)} on they are Cost Explorer's estimates` : '';
  return `_Amounts in ${ledger.currency}, unblended (reservations and savings plans not amortised)${estimated}. ${age}; it refreshes a few times a day._`;
}


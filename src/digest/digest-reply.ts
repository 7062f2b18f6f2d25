import type { ChartsConfig } from '../config/config.js';
import { costTrendParts } from '../cost/cost-chart.js';
import { dayRangeText, monthName, shortDay } from '../cost/cost-days.js';
import type { CostReport } from '../cost/cost-report.js';
import { ageText, money, moneyChange, percentChange } from '../cost/money-text.js';
import { standoutText } from '../cost/standout-text.js';
import { fields, note, table, text, type Field, type Reply, type ReplyPart, type Tone } from '../reply/reply.js';
import { MAX_COUNTED_INCIDENTS, PROJECT_TAG, type CostFacts, type DigestFacts, type IncidentFacts, type Section, type ZombieFacts } from './digest-facts.js';

/**
 * The digest as a `Reply`: pure, the facts in. Yesterday's spend and its change first (what
 * people read in the notification), then month-to-date against the budget and the forecast,
 * the largest services and projects, the days that stood out, zombies, open incidents, and the
 * 30-day chart last.
 */

const TOP_ROWS = 5;
const MAX_STANDOUT_LINES = 5;
const MAX_ZOMBIES_NAMED = 10;

export interface DigestReplyOptions {
  /** The digest's own time zone, for the date in the heading. */
  timeZone: string;
  monthlyBudgetUsd: number | undefined;
  charts: Pick<ChartsConfig, 'quickchartUrl'>;
}

const TONE_RANK: Record<Tone, number> = { info: 0, ok: 1, warning: 2, problem: 3 };

export function digestReply(facts: DigestFacts, options: DigestReplyOptions): Reply {
  const date = facts.now.toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: options.timeZone });
  const heading = `Cost digest · ${date}`;
  const parts: ReplyPart[] = [];
  const tones: Tone[] = [];
  const summary: string[] = [];
  let context = facts.region;

  const cost = facts.cost;
  if (cost.ok === true) {
    const c = cost.value;
    const budget = budgetLine(c.trend, options.monthlyBudgetUsd);
    const headline = yesterdayLine(c.yesterday);
    // Yesterday's own verdict: a rise of over 20% on the day before, or a day above the 14 days' mean + 2σ.
    tones.push(c.yesterday.verdict.tone, budget.tone);
    parts.push(note(c.yesterday.verdict.tone, headline), fields(costFields(c, budget)));
    if (c.trend.groups.length > 0) parts.push(topTable('service', c.trend, c.yesterday));
    if (c.projects.groups.length > 0) parts.push(topTable(`tag ${PROJECT_TAG}`, c.projects));
    if (c.trend.outliers.length > 0) parts.push(text(standoutText(c.trend, MAX_STANDOUT_LINES)));
    context = `${context} · yesterday = ${shortDay(c.yesterday.days[0] ?? c.trendWindow.today)} (UTC days, as Cost Explorer bills) · Cost Explorer data from ${ageText(c.fetchedAt, facts.now)}`;
    summary.push(headline.replace(/\*/g, ''));
    if (options.monthlyBudgetUsd !== undefined) summary.push(budget.short);
  } else if (cost.ok === false) {
    parts.push(note('warning', `Cost: ${cost.reason}.`));
    tones.push('warning');
    summary.push('cost unavailable');
  }

  const zombies = zombiePart(facts.zombies);
  if (zombies) {
    parts.push(zombies.part);
    tones.push(zombies.tone);
    if (zombies.short) summary.push(zombies.short);
  }
  const incidents = incidentPart(facts.incidents);
  if (incidents) {
    parts.push(incidents.part);
    tones.push(incidents.tone);
    summary.push(incidents.short);
  }

  if (cost.ok === true) {
    parts.push(...costTrendParts(cost.value.trend, `Cost by service · ${TREND_TITLE}`, options.charts));
    parts.push(text(footnote(cost.value)));
  }
  const tone = tones.reduce<Tone>((worst, t) => (TONE_RANK[t] > TONE_RANK[worst] ? t : worst), 'ok');
  return { heading, context, parts, visibility: 'channel', tone, summary: `${heading}: ${summary.join('; ')}` };
}

const TREND_TITLE = 'last 30 days';

function yesterdayLine(yesterday: CostReport): string {
  const day = yesterday.days[0];
  const spent = `*Yesterday${day ? ` (${shortDay(day)})` : ''}: ${money(yesterday.total, yesterday.currency)}*`;
  if (!yesterday.previous) return spent;
  const change = percentChange(yesterday.total, yesterday.previous.total);
  return `${spent}, ${moneyChange(yesterday.total - yesterday.previous.total, yesterday.currency)} (${change}) on the day before (${money(yesterday.previous.total, yesterday.currency)})`;
}

interface BudgetLine {
  tone: Tone;
  monthToDate: string;
  forecast: string;
  short: string;
}

/** Month-to-date and the forecast, each against the budget when there is one. */
function budgetLine(trend: CostReport, budget: number | undefined): BudgetLine {
  const currency = trend.currency;
  const mtd = money(trend.monthToDate, currency);
  const forecast = trend.monthEnd ? money(trend.monthEnd.total, currency) : undefined;
  if (budget === undefined) {
    return { tone: 'ok', monthToDate: mtd, forecast: forecast ?? trend.noForecastReason ?? 'none', short: `month-to-date ${mtd}` };
  }
  const share = `${Math.round((trend.monthToDate / budget) * 100)}%`;
  const monthToDate = `${mtd} of the ${money(budget, currency)} budget (${share})`;
  if (trend.monthToDate > budget) {
    return { tone: 'problem', monthToDate: `${monthToDate}: over by ${money(trend.monthToDate - budget, currency)}`, forecast: forecast ?? trend.noForecastReason ?? 'none', short: `over budget: ${mtd} of ${money(budget, currency)}` };
  }
  if (!trend.monthEnd) return { tone: 'ok', monthToDate, forecast: trend.noForecastReason ?? 'none', short: `month-to-date ${share} of budget` };
  const end = trend.monthEnd.total;
  const over = end > budget;
  return {
    tone: over ? 'warning' : 'ok',
    monthToDate,
    forecast: `${forecast}: ${over ? `over the budget by ${money(end - budget, currency)}` : `${money(budget - end, currency)} under the budget`} (80% interval ${money(trend.monthEnd.lower, currency)}–${money(trend.monthEnd.upper, currency)})`,
    short: over ? `forecast ${forecast} over the ${money(budget, currency)} budget` : `month-to-date ${share} of budget`,
  };
}

function costFields(c: CostFacts, budget: BudgetLine): Field[] {
  const { trend } = c;
  const before = trend.previous
    ? `, ${moneyChange(trend.total - trend.previous.total, trend.currency)} (${percentChange(trend.total, trend.previous.total)}) on the 30 days before`
    : '';
  return [
    { label: `Last 30 days (${dayRangeText(c.trendWindow.range)})`, value: `${money(trend.total, trend.currency)}${before}` },
    { label: `Month to date (${shortDay(c.trendWindow.month.startDay)}–${shortDay(c.trendWindow.today)}, today so far)`, value: budget.monthToDate },
    { label: `Forecast for ${monthName(c.trendWindow.today)}`, value: budget.forecast },
  ];
}

/** The largest groups over the 30 days, with yesterday's amount beside them when given. */
function topTable(title: string, report: CostReport, yesterday?: CostReport): ReplyPart {
  const yesterdayOf = (name: string) => yesterday?.groups.find((g) => g.name === name)?.total ?? 0;
  return table({
    columns: [
      { title: `top ${title}` },
      { title: '30 days', align: 'right' },
      { title: 'share', align: 'right' },
      ...(yesterday ? [{ title: 'yesterday', align: 'right' as const }] : []),
    ],
    rows: report.groups.slice(0, TOP_ROWS).map((group) => [
      group.name,
      money(group.total, report.currency),
      report.total > 0 ? `${Math.round((group.total / report.total) * 100)}%` : '–',
      ...(yesterday ? [money(yesterdayOf(group.name), report.currency)] : []),
    ]),
    totalRows: report.groups.length,
  });
}

function zombiePart(section: Section<ZombieFacts>): { part: ReplyPart; tone: Tone; short?: string } | undefined {
  if (section.ok === 'absent') return undefined;
  if (section.ok === false) return { part: note('warning', `Zombie endpoints: ${section.reason}.`), tone: 'warning' };
  const { zombies, windowDays } = section.value;
  if (zombies.length === 0) return { part: note('ok', `No zombie endpoints: every endpoint had invocations in the last ${windowDays} days.`), tone: 'ok' };
  const named = zombies.slice(0, MAX_ZOMBIES_NAMED).map((z) => {
    const name = z.variant === 'AllTraffic' ? z.endpoint : `${z.endpoint}/${z.variant}`;
    return z.monthlyCostUsd === undefined ? name : `${name} (${money(z.monthlyCostUsd)} a month)`;
  });
  const more = zombies.length - named.length;
  const count = `${zombies.length} zombie endpoint${zombies.length === 1 ? '' : 's'}`;
  return {
    part: note('problem', `${count} (no invocations in ${windowDays} days, instances running): ${named.join(', ')}${more > 0 ? `, … ${more} more` : ''}. \`rightsize\` has the details.`),
    tone: 'warning',
    short: count,
  };
}

function incidentPart(section: Section<IncidentFacts>): { part: ReplyPart; tone: Tone; short: string } | undefined {
  if (section.ok === 'absent') return undefined;
  if (section.ok === false) return { part: note('warning', `Open incidents: ${section.reason}.`), tone: 'warning', short: 'incidents unavailable' };
  const { open, unacknowledged } = section.value;
  const shown = open > MAX_COUNTED_INCIDENTS ? `${MAX_COUNTED_INCIDENTS}+` : String(open);
  if (open === 0) return { part: note('ok', 'No open incidents.'), tone: 'ok', short: 'no open incidents' };
  const line = `${shown} open incident${open === 1 ? '' : 's'}${unacknowledged > 0 ? `, ${unacknowledged} not acknowledged` : ', all acknowledged'} — \`incidents\` lists them.`;
  return { part: note(unacknowledged > 0 ? 'warning' : 'info', line), tone: unacknowledged > 0 ? 'warning' : 'ok', short: `${shown} open incident${open === 1 ? '' : 's'}` };
}

function footnote(c: CostFacts): string {
  const estimated = c.firstEstimatedDay ? `; from ${shortDay(c.firstEstimatedDay)} on they are Cost Explorer's estimates` : '';
  return `_Amounts in ${c.trend.currency}, unblended${estimated}. Same numbers as \`cost --since 30d\` and \`cost --since 30d --by tag:Project\`._`;
}

import { money } from '../cost/money-text.js';
import { count } from '../reply/quantity-text.js';
import type { Table } from '../reply/reply.js';
import type { Recommendation, VariantAssessment } from './rightsize-rules.js';

/**
 * `rightsize`'s answer as data: zombies first, then the biggest savings, then what to grow, then
 * what to keep; one row per endpoint variant, in a table narrow enough for Slack's code blocks.
 */

/** Rows in the table before "… N more rows": the renderer may cut further to fit Slack. */
const MAX_ROWS = 60;

export function orderAssessments(assessments: readonly VariantAssessment[]): VariantAssessment[] {
  const rank = (a: VariantAssessment) => (a.recommendation.kind === 'zombie' ? 0 : a.monthlySavingUsd > 0 ? 1 : a.monthlySavingUsd < 0 ? 2 : 3);
  return [...assessments].sort(
    (a, b) => rank(a) - rank(b) || Math.abs(b.monthlySavingUsd) - Math.abs(a.monthlySavingUsd) || a.endpoint.localeCompare(b.endpoint) || a.variant.localeCompare(b.variant),
  );
}

export function rightsizeTable(ordered: readonly VariantAssessment[]): Table {
  return {
    columns: [
      { title: 'Endpoint' },
      { title: 'Runs' },
      { title: 'p95 CPU·mem·GPU', align: 'right' },
      { title: 'Invocations', align: 'right' },
      { title: '$/1k inf.', align: 'right' },
      { title: 'Recommendation' },
      { title: 'Saving/mo', align: 'right' },
    ],
    rows: ordered.slice(0, MAX_ROWS).map((a) => [
      variantName(a),
      `${a.instanceType?.replace(/^ml\./, '') ?? '?'} × ${a.count}`,
      utilisationText(a),
      count(a.invocations),
      a.costPer1000Usd === undefined ? '–' : unitCost(a.costPer1000Usd),
      recommendationText(a.recommendation, a.count),
      savingText(a),
    ]),
    totalRows: ordered.length,
  };
}

export function recommendationText(recommendation: Recommendation, current: number): string {
  switch (recommendation.kind) {
    case 'zombie':
      return 'ZOMBIE: delete';
    case 'fewer':
    case 'more':
      return `${current} → ${recommendation.count} instances`;
    case 'smaller':
    case 'larger':
      return `→ ${recommendation.instance.name}`;
    case 'keep':
      return 'keep';
    case 'unknown':
      return 'no estimate';
  }
}

/** `ml.m5.large`'s idle note, for the lines under the table: why each non-obvious answer is what it is. */
export function reasonLine(a: VariantAssessment): string | undefined {
  const r = a.recommendation;
  const name = variantName(a);
  switch (r.kind) {
    case 'zombie':
      return `*${name}*: no invocations in the range while ${a.count} × ${a.instanceType ?? 'instance'} ran — ${money(a.monthlyCostUsd ?? 0)} a month for nothing.`;
    case 'unknown':
      return `${name}: ${r.reason}.`;
    case 'keep':
      return r.reason === 'utilisation within range' ? undefined : `${name}: keep — ${r.reason}.`;
    default:
      return undefined;
  }
}

/** `fraud-detector` for the usual single `AllTraffic` variant, `fraud-detector/canary` otherwise. */
function variantName(a: VariantAssessment): string {
  return a.variant === 'AllTraffic' ? a.endpoint : `${a.endpoint}/${a.variant}`;
}

function utilisationText(a: VariantAssessment): string {
  const p = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)}%`);
  return `${p(a.utilisation.cpuPercent)}·${p(a.utilisation.memoryPercent)}·${p(a.utilisation.gpuPercent)}`;
}

/** Cents are too coarse for a thousand inferences: `$0.0106`, `$0.592`, `$23.24`. */
function unitCost(usd: number): string {
  return usd >= 1 ? money(usd) : `$${usd.toPrecision(3)}`;
}

function savingText(a: VariantAssessment): string {
  if (a.monthlySavingUsd === 0) return '–';
  return a.monthlySavingUsd > 0 ? money(a.monthlySavingUsd) : `+${money(-a.monthlySavingUsd)} cost`;
}

import type { DailyCost } from '../../../fleet/index.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import { type BillingScope, dimensionValue, isModelledDimension, MODELLED_DIMENSIONS, tagValue } from './cost-dimensions.js';

/**
 * Cost Explorer's filter `Expression`, validated the way the service does (one operator per
 * node, And/Or with two or more operands) and compiled into a predicate over cost rows.
 */

export type RowPredicate = (row: DailyCost) => boolean;

interface ValueMatch {
  Key?: unknown;
  Values?: unknown;
  MatchOptions?: unknown;
}

interface ExpressionInput {
  And?: unknown;
  Or?: unknown;
  Not?: unknown;
  Dimensions?: ValueMatch;
  Tags?: ValueMatch;
  CostCategories?: ValueMatch;
}

const MATCH_OPTIONS = ['EQUALS', 'ABSENT', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'CASE_SENSITIVE', 'CASE_INSENSITIVE', 'GREATER_THAN_OR_EQUAL'];

const invalid = (message: string) => new SimulatedAwsError('ValidationException', message, 400);

export function compileFilter(input: unknown, scope: BillingScope, path = 'Filter'): RowPredicate {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid(`${path} must be an Expression object.`);
  const expression = input as ExpressionInput;
  const operators = (['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'] as const).filter((k) => expression[k] !== undefined);
  if (operators.length !== 1) {
    throw invalid(`${path}: an Expression must have exactly one of And, Or, Not, Dimensions, Tags or CostCategories (got ${operators.length === 0 ? 'none' : operators.join(', ')}).`);
  }
  const operator = operators[0];
  switch (operator) {
    case 'And':
    case 'Or': {
      const operands = expression[operator];
      if (!Array.isArray(operands) || operands.length < 2) throw invalid(`${path}.${operator} needs at least 2 expressions.`);
      const compiled = operands.map((e, i) => compileFilter(e, scope, `${path}.${operator}[${i}]`));
      return operator === 'And' ? (row) => compiled.every((p) => p(row)) : (row) => compiled.some((p) => p(row));
    }
    case 'Not': {
      const inner = compileFilter(expression.Not, scope, `${path}.Not`);
      return (row) => !inner(row);
    }
    case 'Dimensions': {
      const { key, match } = valueMatcher(expression.Dimensions, `${path}.Dimensions`, false);
      if (!isModelledDimension(key)) throw invalid(`${path}.Dimensions: the simulator does not model dimension ${key} (it models ${MODELLED_DIMENSIONS.join(', ')}).`);
      return (row) => match(dimensionValue(row, key, scope));
    }
    case 'Tags': {
      const { key, match } = valueMatcher(expression.Tags, `${path}.Tags`, true);
      return (row) => match(tagValue(row, key));
    }
    default:
      // The simulated account defines no cost categories: nothing belongs to one.
      valueMatcher(expression.CostCategories, `${path}.CostCategories`, true);
      return () => false;
  }
}

function valueMatcher(input: ValueMatch | undefined, path: string, allowAbsent: boolean): { key: string; match: (value: string) => boolean } {
  const key = input?.Key;
  if (typeof key !== 'string' || key === '') throw invalid(`${path}.Key is required.`);
  const options = input?.MatchOptions ?? ['EQUALS'];
  if (!Array.isArray(options) || options.some((o) => !MATCH_OPTIONS.includes(String(o)))) throw invalid(`${path}.MatchOptions must be among ${MATCH_OPTIONS.join(', ')}.`);
  if (options.includes('ABSENT')) {
    if (!allowAbsent) throw invalid(`${path}: MatchOptions ABSENT applies to Tags and CostCategories only.`);
    return { key, match: (value) => value === '' };
  }
  const values = input?.Values;
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) throw invalid(`${path}.Values must list at least one value.`);
  const insensitive = options.includes('CASE_INSENSITIVE');
  const fold = (s: string) => (insensitive ? s.toLowerCase() : s);
  const wanted = (values as string[]).map(fold);
  const test = options.includes('STARTS_WITH')
    ? (v: string, w: string) => v.startsWith(w)
    : options.includes('ENDS_WITH')
      ? (v: string, w: string) => v.endsWith(w)
      : options.includes('CONTAINS')
        ? (v: string, w: string) => v.includes(w)
        : (v: string, w: string) => v === w;
  return { key, match: (value) => wanted.some((w) => test(fold(value), w)) };
}

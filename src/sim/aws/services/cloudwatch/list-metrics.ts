import type { Fleet, MetricIdentity } from '../../../fleet/index.js';
import { asInput, constraintError, dimensionList, enumValue, type Input, optionalList, optionalString, requiredString } from './cloudwatch-input.js';
import { decodeNextToken, encodeNextToken, requestFingerprint } from './next-token.js';

/**
 * ListMetrics over the fleet's catalogue: filters by Namespace, MetricName and dimension filters
 * (a metric matches when it has every named dimension, with the value when one is given; it may
 * have others), 500 per page. Every fleet metric is published each minute (or hour), so
 * `RecentlyActive: PT3H` filters nothing out.
 */
export const LIST_METRICS_PAGE_SIZE = 500;

interface DimensionFilter {
  name: string;
  value: string | undefined;
}

export function listMetrics(input: Input, fleet: Fleet): { Metrics: Array<{ Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> }>; NextToken?: string } {
  const namespace = optionalString(input, 'Namespace');
  const metricName = optionalString(input, 'MetricName');
  enumValue(optionalString(input, 'RecentlyActive'), ['PT3H'] as const, 'recentlyActive');
  const filterList = optionalList(input, 'Dimensions') ?? [];
  if (filterList.length > 10) throw constraintError('dimensions', filterList.length, 'have length less than or equal to 10');
  const filters: DimensionFilter[] = filterList.map((item, i) => {
    const entry = asInput(item);
    return { name: requiredString(entry, 'Name', `Dimensions.member.${i + 1}.Name`), value: optionalString(entry, 'Value', `Dimensions.member.${i + 1}.Value`) };
  });

  const matching = fleet.listMetrics().filter(
    (metric) => (namespace === undefined || metric.namespace === namespace) && (metricName === undefined || metric.metricName === metricName) && matchesDimensions(metric, filters),
  );
  const fingerprint = requestFingerprint({ namespace, metricName, filters });
  const position = decodeNextToken(input.NextToken, fingerprint);
  const offset = typeof position === 'number' && position >= 0 ? position : 0;
  const page = matching.slice(offset, offset + LIST_METRICS_PAGE_SIZE);
  return {
    Metrics: page.map((metric) => ({ Namespace: metric.namespace, MetricName: metric.metricName, Dimensions: dimensionList(metric.dimensions) })),
    ...(offset + LIST_METRICS_PAGE_SIZE < matching.length && { NextToken: encodeNextToken(fingerprint, offset + LIST_METRICS_PAGE_SIZE) }),
  };
}

function matchesDimensions(metric: MetricIdentity, filters: DimensionFilter[]): boolean {
  return filters.every(({ name, value }) => name in metric.dimensions && (value === undefined || metric.dimensions[name] === value));
}

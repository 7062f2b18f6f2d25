import { GetCostAndUsageCommand, GetCostForecastCommand, type Expression, type GroupDefinition } from '@aws-sdk/client-cost-explorer';
import type { AwsClients, AwsScope } from './aws-clients.js';
import { CostQueryRejected, type CostCell, type CostDay, type CostForecast, type CostForecastRequest, type CostQueryRejection, type Costs, type DailyCostRequest, type DailyCostTable } from './ports/costs.js';

/**
 * Unblended cost: what the bill shows for on-demand usage. Amortised cost would spread
 * reservations' and savings plans' upfront fees over the days; the ML fleets this bot watches
 * mostly pay on demand, and unblended is what a team recognises on its invoice.
 */
const METRIC = 'UnblendedCost';
/** GetCostForecast spells the same metric as an enum. */
const FORECAST_METRIC = 'UNBLENDED_COST';
const PREDICTION_INTERVAL_LEVEL = 80;
/** Each page costs $0.01; 100 pages of daily groups is far past any sane answer and stops a token that never ends. */
const MAX_PAGES = 100;
const DAY_MS = 86_400_000;

const REJECTIONS: Record<string, CostQueryRejection> = {
  DataUnavailableException: 'data-unavailable',
  BillExpirationException: 'too-old',
  LimitExceededException: 'throttled',
  RequestChangedException: 'invalid-request',
  InvalidNextTokenException: 'invalid-request',
  ValidationException: 'invalid-request',
  AccessDeniedException: 'access-denied',
};

/**
 * The `Costs` port over Cost Explorer: ONE GetCostAndUsage (all its pages) grouped by SERVICE,
 * and by a tag when asked, for daily costs; GetCostForecast for the forecast. Cost Explorer has
 * one endpoint, in us-east-1, whatever region the command named (`AwsClients` sees to that).
 */
export class CostExplorerCosts implements Costs {
  constructor(private readonly clients: AwsClients) {}

  async dailyCosts(request: DailyCostRequest, scope: AwsScope, now: Date): Promise<DailyCostTable> {
    const costExplorer = this.clients.client('costExplorer', scope);
    const days = daysOf(request.startDay, request.endDay);
    const dayIndex = new Map(days.map((day, i) => [day, i]));
    const groupBy: GroupDefinition[] = [{ Type: 'DIMENSION', Key: 'SERVICE' }, ...(request.tagKey === undefined ? [] : [{ Type: 'TAG' as const, Key: request.tagKey }])];
    const cells = new Map<string, CostCell>();
    let currency: string | undefined;
    let firstEstimatedDay: CostDay | undefined;
    let nextPageToken: string | undefined;

    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await rejectionsOf(() =>
        costExplorer.send(
          new GetCostAndUsageCommand({
            TimePeriod: { Start: request.startDay, End: request.endDay },
            Granularity: 'DAILY',
            Metrics: [METRIC],
            GroupBy: groupBy,
            ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
          }),
        ),
      );
      for (const result of answer.ResultsByTime ?? []) {
        const index = dayIndex.get(result.TimePeriod?.Start ?? '');
        if (index === undefined) continue;
        if (result.Estimated && (firstEstimatedDay === undefined || days[index]! < firstEstimatedDay)) firstEstimatedDay = days[index];
        for (const group of result.Groups ?? []) {
          const value = group.Metrics?.[METRIC];
          const amount = Number(value?.Amount ?? 0);
          if (!Number.isFinite(amount)) continue;
          currency ??= value?.Unit;
          const service = group.Keys?.[0] ?? '';
          const tagValue = request.tagKey === undefined ? undefined : tagValueOf(group.Keys?.[1] ?? '', request.tagKey);
          const id = JSON.stringify([service, tagValue ?? null]);
          let cell = cells.get(id);
          if (!cell) {
            cell = { service, ...(tagValue === undefined ? {} : { tagValue }), amounts: days.map(() => 0) };
            cells.set(id, cell);
          }
          cell.amounts[index]! += amount;
        }
      }
      nextPageToken = answer.NextPageToken;
      if (!nextPageToken) break;
    }
    return { days, cells: [...cells.values()], currency: currency ?? 'USD', ...(firstEstimatedDay ? { firstEstimatedDay } : {}), fetchedAt: now };
  }

  async forecast(request: CostForecastRequest, scope: AwsScope, now: Date): Promise<CostForecast> {
    const costExplorer = this.clients.client('costExplorer', scope);
    const filter: Expression | undefined = request.service === undefined ? undefined : { Dimensions: { Key: 'SERVICE', Values: [request.service] } };
    try {
      const answer = await rejectionsOf(() =>
        costExplorer.send(
          new GetCostForecastCommand({
            TimePeriod: { Start: request.startDay, End: request.endDay },
            Metric: FORECAST_METRIC,
            Granularity: 'MONTHLY',
            PredictionIntervalLevel: PREDICTION_INTERVAL_LEVEL,
            ...(filter ? { Filter: filter } : {}),
          }),
        ),
      );
      const periods = answer.ForecastResultsByTime ?? [];
      const sum = (pick: (p: (typeof periods)[number]) => string | undefined) => periods.reduce((total, p) => total + Number(pick(p) ?? 0), 0);
      const amount = Number(answer.Total?.Amount ?? sum((p) => p.MeanValue));
      return {
        available: true,
        amount,
        lower: sum((p) => p.PredictionIntervalLowerBound),
        upper: sum((p) => p.PredictionIntervalUpperBound),
        currency: answer.Total?.Unit ?? 'USD',
        fetchedAt: now,
      };
    } catch (error) {
      // No history to forecast from, or a day Cost Explorer will not forecast: an answer, not a failure.
      if (error instanceof CostQueryRejected && (error.reason === 'data-unavailable' || error.reason === 'invalid-request')) {
        return { available: false, reason: `Cost Explorer gave no forecast: ${error.message}`, fetchedAt: now };
      }
      throw error;
    }
  }
}

/** `Project$fraud` → `fraud`; `Project$` (untagged) → `''`. */
function tagValueOf(key: string, tagKey: string): string {
  const prefix = `${tagKey}$`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : key.slice(key.indexOf('$') + 1);
}

function daysOf(startDay: CostDay, endDay: CostDay): CostDay[] {
  const days: CostDay[] = [];
  for (let ms = Date.parse(`${startDay}T00:00:00Z`); ms < Date.parse(`${endDay}T00:00:00Z`); ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/** The service's refusals become `CostQueryRejected` with its message; anything else is unexpected. */
async function rejectionsOf<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const { name, message } = error as { name?: string; message?: string };
    const reason = name === undefined ? undefined : REJECTIONS[name];
    if (reason) throw new CostQueryRejected(reason, message ?? name ?? 'rejected');
    throw error;
  }
}

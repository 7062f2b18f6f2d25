import type { AwsScope } from '../aws-clients.js';

/**
 * What the account spent, day by day, as Cost Explorer bills it: unblended cost (what the bill
 * shows for on-demand usage; no amortised upfront fees), per service and optionally per value of
 * one cost-allocation tag. Implemented by `src/aws/cost-explorer-costs.ts`, cached by
 * `src/aws/cached-costs.ts`; nothing here knows the SDK.
 *
 * Cost Explorer charges $0.01 per request (per page) and refreshes a few times a day, so every
 * answer says when it was fetched: a cached answer can be hours old.
 */

/** A UTC calendar day, `YYYY-MM-DD`: Cost Explorer's unit of time. */
export type CostDay = string;

export interface DailyCostRequest {
  /** First day, inclusive. */
  startDay: CostDay;
  /** The day after the last one (exclusive), as Cost Explorer's `End`. */
  endDay: CostDay;
  /** Also split each service's cost by this cost-allocation tag's value (`Project`). */
  tagKey?: string;
}

/** One service (and tag value, when asked), with its cost on each day of the table. */
export interface CostCell {
  /** Cost Explorer's SERVICE value: `Amazon SageMaker`, `AWS Lambda`. */
  service: string;
  /** The tag's value; `''` for cost not tagged with the key. Absent unless a tag key was asked. */
  tagValue?: string;
  /** Aligned with the table's `days`. */
  amounts: number[];
}

export interface DailyCostTable {
  /** Every day of the request, oldest first, including days without cost. */
  days: CostDay[];
  cells: CostCell[];
  /** `USD` unless the account is billed in another currency. */
  currency: string;
  /** The first day Cost Explorer marks as estimated (not final yet), if any. */
  firstEstimatedDay?: CostDay;
  /** When Cost Explorer answered (the cache's fetch time for a cached answer). */
  fetchedAt: Date;
}

export interface CostForecastRequest {
  /** Today or later: Cost Explorer refuses to forecast the past. */
  startDay: CostDay;
  endDay: CostDay;
  /** Only this service (Cost Explorer's SERVICE value). */
  service?: string;
}

export type CostForecast =
  | {
      available: true;
      /** Mean forecast cost of [startDay, endDay). */
      amount: number;
      /** The 80 % prediction interval. */
      lower: number;
      upper: number;
      currency: string;
      fetchedAt: Date;
    }
  | {
      available: false;
      /** Why there is none, in words a person can act on. */
      reason: string;
      fetchedAt: Date;
    };

export interface Costs {
  /** Daily unblended cost per service (and tag value) over the days asked, all pages. */
  dailyCosts(request: DailyCostRequest, scope: AwsScope, now: Date): Promise<DailyCostTable>;
  /** Cost Explorer's forecast of unblended cost; `available: false` with the reason when it has none. */
  forecast(request: CostForecastRequest, scope: AwsScope, now: Date): Promise<CostForecast>;
}

/**
 * Where cached Cost Explorer answers are kept (`src/store/cost-cache.ts`: a table every replica
 * shares). `key` is a stable text of the normalised request.
 */
export interface CostAnswerCache {
  read(key: string): Promise<{ valueJson: string; fetchedAt: Date } | undefined>;
  write(key: string, valueJson: string, fetchedAt: Date): Promise<void>;
}

export type CostQueryRejection = 'data-unavailable' | 'too-old' | 'throttled' | 'access-denied' | 'invalid-request';

/** Cost Explorer refused a request; `message` is the service's own words. */
export class CostQueryRejected extends Error {
  override readonly name = 'CostQueryRejected';

  constructor(
    readonly reason: CostQueryRejection,
    message: string,
  ) {
    super(message);
  }
}

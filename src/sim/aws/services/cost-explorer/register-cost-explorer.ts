import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { OperationContext } from '../../server/operation-registry.js';
import type { Simulation } from '../../simulation.js';
import { type CostQueryContext, getCostAndUsage } from './cost-and-usage.js';
import { getCostForecast } from './cost-forecast.js';
import { CostLedger } from './cost-ledger.js';

/**
 * Simulated Cost Explorer (JSON 1.1, `AWSInsightsIndexService.<Op>`): GetCostAndUsage and
 * GetCostForecast over the fleet's daily costs. Every request — every page — costs $0.01 on
 * AWS, so the state counts them: a test can assert that the bot's cache made no call.
 */

export interface CostExplorerOptions {
  /** A GetCostAndUsage page ends between two periods once it holds this many groups (default 1,000). */
  groupsPerPage?: number;
}

export interface CostExplorerRequest {
  operation: string;
  at: Date;
}

export interface CostExplorerState {
  /** Requests served (errors included, injected faults not: those never reach Cost Explorer). */
  readonly requests: readonly CostExplorerRequest[];
  readonly requestCount: number;
  /** What those requests would have cost on AWS, in USD. */
  readonly billedUsd: number;
  readonly ledger: CostLedger;
}

export const PRICE_PER_REQUEST_USD = 0.01;

export function registerCostExplorer(server: AwsSimulatorServer, sim: Simulation, options: CostExplorerOptions = {}): CostExplorerState {
  const ledger = new CostLedger(sim);
  const requests: CostExplorerRequest[] = [];
  const context = (ctx: OperationContext): CostQueryContext => {
    const fleet = sim.fleet();
    const hourlyPrices = new Map(fleet.endpoints().flatMap((e) => e.variants.map((v) => [v.instanceType, v.hourlyPriceUsd] as const)));
    return { ledger, scope: { region: fleet.region, accountId: fleet.accountId }, today: ctx.now.toISOString().slice(0, 10), hourlyPrices, groupsPerPage: options.groupsPerPage ?? 1_000 };
  };
  const counted =
    (operation: string, answer: (input: Record<string, unknown>, context: CostQueryContext) => unknown) =>
    (input: Record<string, unknown>, ctx: OperationContext) => {
      requests.push({ operation, at: ctx.now });
      return answer(input, context(ctx));
    };

  server.register('cost-explorer', 'GetCostAndUsage', counted('GetCostAndUsage', getCostAndUsage));
  server.register('cost-explorer', 'GetCostForecast', counted('GetCostForecast', getCostForecast));

  return {
    requests,
    get requestCount() {
      return requests.length;
    },
    get billedUsd() {
      return Math.round(requests.length * PRICE_PER_REQUEST_USD * 100) / 100;
    },
    ledger,
  };
}

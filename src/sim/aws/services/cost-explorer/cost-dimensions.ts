import type { DailyCost } from '../../../fleet/index.js';

/**
 * What a cost row says for each Cost Explorer dimension the simulator models. The fleet bills
 * one account in one region, every row usage (no credits, refunds or reservations).
 */

export const MODELLED_DIMENSIONS = ['SERVICE', 'USAGE_TYPE', 'REGION', 'LINKED_ACCOUNT', 'RECORD_TYPE', 'INSTANCE_TYPE'] as const;
export type ModelledDimension = (typeof MODELLED_DIMENSIONS)[number];

export function isModelledDimension(key: string): key is ModelledDimension {
  return (MODELLED_DIMENSIONS as readonly string[]).includes(key);
}

export interface BillingScope {
  region: string;
  accountId: string;
}

export function dimensionValue(row: DailyCost, key: ModelledDimension, scope: BillingScope): string {
  switch (key) {
    case 'SERVICE':
      return row.service;
    case 'USAGE_TYPE':
      return row.usageType ?? '';
    case 'REGION':
      return scope.region;
    case 'LINKED_ACCOUNT':
      return scope.accountId;
    case 'RECORD_TYPE':
      return 'Usage';
    case 'INSTANCE_TYPE':
      return /:(ml\.[a-z0-9]+\.[a-z0-9]+)$/.exec(row.usageType ?? '')?.[1] ?? 'NoInstanceType';
  }
}

/** A tag's value on a row; '' when the row is untagged (Cost Explorer's `Key$` group). */
export function tagValue(row: DailyCost, key: string): string {
  return row.tags[key] ?? '';
}

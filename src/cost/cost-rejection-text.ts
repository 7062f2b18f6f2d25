import type { CostQueryRejected } from '../aws/ports/costs.js';

const ADVICE: Record<CostQueryRejected['reason'], string> = {
  'data-unavailable': 'Cost Explorer has no data for that range yet (it takes up to 24 hours after it is enabled)',
  'too-old': 'Cost Explorer no longer has that range',
  throttled: 'Cost Explorer is throttling requests: try again in a minute',
  'access-denied': 'the bot may not read Cost Explorer (it needs ce:GetCostAndUsage and ce:GetCostForecast)',
  'invalid-request': 'Cost Explorer refused the request',
};

/** Cost Explorer's refusal in words a person can act on, with the service's own message. */
export function costRejectionText(error: CostQueryRejected): string {
  return `${ADVICE[error.reason]}: ${error.message}`;
}

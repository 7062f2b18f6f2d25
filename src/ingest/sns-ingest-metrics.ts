import { Counter } from 'prom-client';
import type { BotMetrics } from '../telemetry/metrics.js';
import type { SnsAcceptedOutcome, SnsRejectionOutcome } from './sns-rejection.js';

const NAME = 'mlobs_sns_messages_total';

export type SnsOutcomeCounter = (outcome: SnsAcceptedOutcome | SnsRejectionOutcome) => void;

/**
 * `mlobs_sns_messages_total{outcome}`: every POST /sns, by what became of it (`stored`,
 * `duplicate`, … or the rejection: `bad_signature`, `stale`, `topic_not_allowed`, …). Registered
 * on the bot's registry once, however many routes are built on it.
 */
export function snsOutcomeCounter(metrics: BotMetrics | undefined): SnsOutcomeCounter {
  if (!metrics) return () => undefined;
  const counter =
    (metrics.registry.getSingleMetric(NAME) as Counter<'outcome'> | undefined) ??
    new Counter({
      name: NAME,
      help: 'SNS deliveries to POST /sns, by outcome (stored, duplicate, subscription_confirmed, or the rejection reason).',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
  return (outcome) => counter.inc({ outcome });
}

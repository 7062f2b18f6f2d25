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
  return outcomeCounter(metrics, NAME, 'SNS deliveries to POST /sns, by outcome (stored, duplicate, subscription_confirmed, or the rejection reason).');
}

/** A `{outcome}` counter on the bot's registry, registered once however many callers ask for it. */
export function outcomeCounter(metrics: BotMetrics | undefined, name: string, help: string): (outcome: string) => void {
  if (!metrics) return () => undefined;
  const counter =
    (metrics.registry.getSingleMetric(name) as Counter<'outcome'> | undefined) ??
    new Counter({ name, help, labelNames: ['outcome'] as const, registers: [metrics.registry] });
  return (outcome) => counter.inc({ outcome });
}

import type { Config, DiagnosisConfig } from '../config/config.js';
import { latencyObjectiveOf, type LatencyObjective } from '../latency/latency-verdict.js';

/** What the checks judge against: the `diagnosis:` config section and the endpoint's SLA. */
export interface Thresholds extends DiagnosisConfig {
  objective: LatencyObjective | undefined;
  /** The endpoint's own error-rate SLA (percent) when set, else `errorRatePercent`. */
  endpointErrorRatePercent: number;
}

export function thresholdsFor(config: Config, endpoint: string): Thresholds {
  const sla = config.endpoints[endpoint]?.sla;
  return { ...config.diagnosis, objective: latencyObjectiveOf(sla), endpointErrorRatePercent: sla?.errorRatePercent ?? config.diagnosis.errorRatePercent };
}

/** Without an SLA, a p99 this many times the window's median p99 is a warning. */
export const LATENCY_RISE_FACTOR = 3;
/** A Lambda whose duration p99 reaches this share of its timeout hits it. */
export const TIMEOUT_SHARE = 0.95;
/** Errors per minute that follow invocations per minute this closely rise with traffic. */
export const TRAFFIC_CORRELATION = 0.7;
/** Traffic this many times the hour before is a spike. */
export const SPIKE_FACTOR = 2;

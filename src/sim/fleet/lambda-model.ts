/**
 * The fraud path's front half: API Gateway `fraud-api` → Lambda `fraud-preprocess`, one minute at
 * a time. The Lambda's duration is its own pre-processing plus the SageMaker call it waits for;
 * under memory pressure the pre-processing slows (GC thrash) and the slowest invocations hit the
 * 3 s timeout. Timeouts are counted once here and reused by metrics, logs and traces.
 */
import { MINUTE_MS } from './clock.js';
import type { ModelContext } from './model-context.js';
import { normalCdf } from './normal-distribution.js';
import { countWithMean, ditheredRound } from './prng.js';
import { PREPROCESS_MEMORY } from './scenarios.js';
import { FRAUD_API, FRAUD_DETECTOR, FRAUD_PREPROCESS } from './topology.js';
import { diurnalFactor, requestCounts } from './traffic.js';

export interface LambdaMinute {
  readonly minute: number;
  /** Requests at API Gateway. */
  readonly apiRequests: number;
  /** Requests API Gateway rejected (4XX) before invoking the function. */
  readonly apiClientErrors: number;
  readonly invocations: number;
  readonly timeouts: number;
  readonly otherErrors: number;
  readonly coldStarts: number;
  /** Invocations that called fraud-detector (the others failed first). */
  readonly endpointCalls: number;
  /** 0…1, from the story. */
  readonly pressure: number;
  readonly preprocessMedianMs: number;
  readonly preprocessSigma: number;
  readonly durationMedianMs: number;
  readonly durationSigma: number;
  readonly memoryPercent: number;
  readonly concurrency: number;
}

/** A window of minutes as columns (one typed array per field): cheap to compute and keep. */
export interface LambdaWindow {
  readonly from: number;
  readonly to: number;
  readonly apiRequests: Int32Array;
  readonly apiClientErrors: Int32Array;
  readonly invocations: Int32Array;
  readonly timeouts: Int32Array;
  readonly otherErrors: Int32Array;
  readonly coldStarts: Int32Array;
  readonly endpointCalls: Int32Array;
  readonly pressure: Float64Array;
  readonly preprocessMedianMs: Float64Array;
  readonly preprocessSigma: Float64Array;
  readonly durationMedianMs: Float64Array;
  readonly durationSigma: Float64Array;
  readonly memoryPercent: Float64Array;
  readonly concurrency: Float64Array;
}

const TIMEOUT_MS = FRAUD_PREPROCESS.timeoutS * 1_000;
const NETWORK_MS = 3;
const BASE_COLD_START_RATE = 0.0015;
const OTHER_ERROR_RATE = 0.0001;

export function lambdaWindow(context: ModelContext, from: number, to: number): LambdaWindow {
  return context.windows.get(`lambda:${from}:${to}`, () => computeLambdaWindow(context, from, to));
}

/** The minutes of [from, to) as objects (for logs and traces; metrics read the columns). */
export function lambdaMinutes(context: ModelContext, from: number, to: number): LambdaMinute[] {
  const w = lambdaWindow(context, from, to);
  return Array.from({ length: to - from }, (_, i) => lambdaMinuteAt(w, i));
}

export function lambdaMinuteAt(w: LambdaWindow, i: number): LambdaMinute {
  const at = (column: Int32Array | Float64Array) => column[i] ?? 0;
  return {
    minute: w.from + i,
    apiRequests: at(w.apiRequests),
    apiClientErrors: at(w.apiClientErrors),
    invocations: at(w.invocations),
    timeouts: at(w.timeouts),
    otherErrors: at(w.otherErrors),
    coldStarts: at(w.coldStarts),
    endpointCalls: at(w.endpointCalls),
    pressure: at(w.pressure),
    preprocessMedianMs: at(w.preprocessMedianMs),
    preprocessSigma: at(w.preprocessSigma),
    durationMedianMs: at(w.durationMedianMs),
    durationSigma: at(w.durationSigma),
    memoryPercent: at(w.memoryPercent),
    concurrency: at(w.concurrency),
  };
}

function computeLambdaWindow(context: ModelContext, from: number, to: number): LambdaWindow {
  const n = Math.max(0, to - from);
  const ints = () => new Int32Array(n);
  const floats = () => new Float64Array(n);
  const w = {
    from, to,
    apiRequests: requestCounts(context, FRAUD_DETECTOR, from, to),
    apiClientErrors: ints(), invocations: ints(), timeouts: ints(), otherErrors: ints(), coldStarts: ints(), endpointCalls: ints(),
    pressure: floats(), preprocessMedianMs: floats(), preprocessSigma: floats(), durationMedianMs: floats(), durationSigma: floats(), memoryPercent: floats(), concurrency: floats(),
  };
  const { noise, story, calendar } = context;
  const stream = noise.stream(`${FRAUD_PREPROCESS.name}/minute`);
  for (let i = 0; i < n; i++) {
    const minute = from + i;
    const apiRequests = w.apiRequests[i] ?? 0;
    const apiClientErrors = ditheredRound(apiRequests * FRAUD_API.clientErrorRate, noise.uniform(stream, minute, 1));
    const invocations = apiRequests - apiClientErrors;
    const pressure = story.preprocessPressure(minute);
    const strain = pressure ** 4;
    const preprocessMedianMs = FRAUD_PREPROCESS.preprocessMedianMs + PREPROCESS_MEMORY.preprocessPenaltyMs * strain;
    const sigma = 0.35 + 0.15 * pressure * pressure;
    const endpointCallMedianMs = FRAUD_DETECTOR.modelMedianMs + FRAUD_DETECTOR.overheadMedianMs + PREPROCESS_MEMORY.overheadPenaltyMs * strain + NETWORK_MS;
    const durationMedianMs = preprocessMedianMs + endpointCallMedianMs;
    const timeoutShare = pressure > 0 ? 1 - normalCdf(Math.log(TIMEOUT_MS / durationMedianMs) / sigma) : 0;
    const timeouts = Math.min(invocations, ditheredRound(invocations * timeoutShare, noise.uniform(stream, minute, 2)));
    const otherErrors = Math.min(invocations - timeouts, ditheredRound(invocations * OTHER_ERROR_RATE, noise.uniform(stream, minute, 3)));
    const meanDurationMs = Math.min(TIMEOUT_MS, durationMedianMs * Math.exp((sigma * sigma) / 2));
    const concurrency = (invocations * meanDurationMs) / MINUTE_MS;
    const redeployed = calendar.lambdaUpdateMinutes.has(minute) ? Math.ceil(concurrency) + 2 : 0;
    const memoryPercent =
      FRAUD_PREPROCESS.memoryPercent +
      2 * (diurnalFactor(minute) - 1) +
      PREPROCESS_MEMORY.memoryRisePercent * Math.min(1, 1.25 * pressure) +
      0.5 * noise.normal(stream, minute, 5);
    w.apiClientErrors[i] = apiClientErrors;
    w.invocations[i] = invocations;
    w.timeouts[i] = timeouts;
    w.otherErrors[i] = otherErrors;
    w.coldStarts[i] = Math.min(invocations, countWithMean(invocations * BASE_COLD_START_RATE + redeployed, noise.uniform(stream, minute, 4)));
    w.endpointCalls[i] = invocations - timeouts - otherErrors;
    w.pressure[i] = pressure;
    w.preprocessMedianMs[i] = preprocessMedianMs;
    w.preprocessSigma[i] = sigma;
    w.durationMedianMs[i] = durationMedianMs;
    w.durationSigma[i] = sigma;
    w.memoryPercent[i] = Math.min(99.5, Math.max(1, memoryPercent));
    w.concurrency[i] = concurrency;
  }
  return w;
}

export { TIMEOUT_MS as LAMBDA_TIMEOUT_MS };

/**
 * CloudWatch Logs of the fleet, derived from the same minute models as the metrics: the Lambda's
 * START/END/REPORT lines (with `Task timed out after 3.00 seconds` for exactly the minutes whose
 * Errors metric counts timeouts) and each endpoint container's access, error and start-up lines.
 *
 * Volume is sampled, not one line per request: per minute at most {@link SAMPLED_REQUESTS_PER_MINUTE}
 * ordinary requests per log group, and every error or timeout up to {@link ERROR_LINES_PER_MINUTE}.
 * So a 7-day query stays fast, while `filter @message like /Task timed out/ | stats count(*) by bin(1m)`
 * still matches the Errors metric minute for minute (below the cap).
 */
import { DAY_MS, MINUTE_MS, dataMinutes } from './clock.js';
import { type EndpointMinute, endpointMinutes } from './endpoint-model.js';
import { LAMBDA_TIMEOUT_MS, type LambdaMinute, lambdaMinutes } from './lambda-model.js';
import type { ModelContext } from './model-context.js';
import { type Rng, hashInts } from './prng.js';
import { ENDPOINT_SPECS, type EndpointSpec, FRAUD_PREPROCESS } from './topology.js';
import { inverseNormalCdf, normalCdf } from './normal-distribution.js';
import { containerLines } from './container-log-lines.js';

export interface SimLogEvent {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly message: string;
  readonly logStream: string;
}

export const SAMPLED_REQUESTS_PER_MINUTE = 2;
export const ERROR_LINES_PER_MINUTE = 20;
/** Minutes computed at a time while iterating (bounds memory on long ranges). */
const CHUNK_MINUTES = 1_440;

export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

export function endpointLogGroupName(endpointName: string): string {
  return `/aws/sagemaker/Endpoints/${endpointName}`;
}

export function* logEvents(context: ModelContext, logGroup: string, start: Date, end: Date): Generator<SimLogEvent> {
  const startMs = start.getTime();
  const endMs = end.getTime();
  const spec = ENDPOINT_SPECS.find((candidate) => endpointLogGroupName(candidate.name) === logGroup);
  const isLambda = logGroup === lambdaLogGroupName(FRAUD_PREPROCESS.name);
  if (!spec && !isLambda) return;
  const { from, to } = dataMinutes(context.clock, startMs, endMs);
  for (let chunk = from; chunk < to; chunk += CHUNK_MINUTES) {
    const chunkEnd = Math.min(to, chunk + CHUNK_MINUTES);
    const minuteEvents = spec ? endpointChunk(context, spec, chunk, chunkEnd) : lambdaChunk(context, chunk, chunkEnd);
    for (const events of minuteEvents) {
      for (const event of events) if (event.timestamp >= startMs && event.timestamp < endMs) yield event;
    }
  }
}

function* lambdaChunk(context: ModelContext, from: number, to: number): Generator<SimLogEvent[]> {
  const stream = context.noise.stream(`${FRAUD_PREPROCESS.name}/logs`);
  for (const minute of lambdaMinutes(context, from, to)) {
    yield lambdaMinuteEvents(minute, context.noise.rng(stream, minute.minute), stream);
  }
}

function* endpointChunk(context: ModelContext, spec: EndpointSpec, from: number, to: number): Generator<SimLogEvent[]> {
  const stream = context.noise.stream(`${spec.name}/logs`);
  const minutes = endpointMinutes(context, spec, from - 1, to);
  for (let i = 1; i < minutes.length; i++) {
    const minute = minutes[i] as EndpointMinute;
    const previous = minutes[i - 1] as EndpointMinute;
    const events = containerLines(spec, minute, previous.instances, context.noise.rng(stream, minute.minute));
    yield events.sort((a, b) => a.timestamp - b.timestamp);
  }
}

function lambdaMinuteEvents(m: LambdaMinute, rng: Rng, stream: number): SimLogEvent[] {
  const events: SimLogEvent[] = [];
  const minuteMs = m.minute * MINUTE_MS;
  const finished = m.invocations - m.timeouts - m.otherErrors;
  const sampled = Math.min(finished, Math.max(SAMPLED_REQUESTS_PER_MINUTE, Math.min(m.coldStarts, 5)));
  const environments = Math.max(1, Math.min(20, Math.ceil(m.concurrency)));
  const logStream = () => lambdaStreamName(minuteMs, hashInts(stream, Math.floor(minuteMs / DAY_MS), rng.int(environments)));
  const memoryMb = (extra: number) => Math.min(FRAUD_PREPROCESS.memorySizeMb, Math.round((m.memoryPercent / 100) * FRAUD_PREPROCESS.memorySizeMb + extra));
  const keptMass = normalCdf(Math.log(LAMBDA_TIMEOUT_MS / m.durationMedianMs) / m.durationSigma);

  for (let i = 0; i < sampled; i++) {
    const durationMs = m.durationMedianMs * Math.exp(m.durationSigma * inverseNormalCdf(rng.next() * keptMass));
    const cold = i < m.coldStarts;
    invocation(events, rng, minuteMs, durationMs, logStream(), (id, at) => {
      const lines: BodyLine[] = [[at + 1, `${iso(at + 1)}\t${id}\tINFO\tscored transaction features=48 merchant_cache_entries=${Math.round(18_000 + m.pressure * 182_000)}`]];
      if (m.pressure > 0.5) {
        lines.push([at + 2, `${iso(at + 2)}\t${id}\tWARNING\tgc pause ${Math.round(durationMs * 0.6)} ms; heap ${memoryMb(0)} MB of ${FRAUD_PREPROCESS.memorySizeMb} MB`]);
      }
      return lines;
    }, `Max Memory Used: ${memoryMb(rng.int(8))} MB${cold ? `\tInit Duration: ${(780 * Math.exp(0.12 * rng.normal())).toFixed(2)} ms` : ''}`);
  }
  for (let i = 0; i < Math.min(m.timeouts, ERROR_LINES_PER_MINUTE); i++) {
    invocation(events, rng, minuteMs, LAMBDA_TIMEOUT_MS, logStream(), (id, at) => [
      [at + LAMBDA_TIMEOUT_MS, `${iso(at + LAMBDA_TIMEOUT_MS)} ${id} Task timed out after ${FRAUD_PREPROCESS.timeoutS.toFixed(2)} seconds`],
    ], `Max Memory Used: ${memoryMb(12)} MB\tStatus: timeout`);
  }
  for (let i = 0; i < Math.min(m.otherErrors, ERROR_LINES_PER_MINUTE); i++) {
    invocation(events, rng, minuteMs, 40 + rng.int(30), logStream(), (id, at) => [
      [at + 30, `[ERROR] KeyError: 'merchant_id'\nTraceback (most recent call last):\n  File "/var/task/app.py", line 41, in handler\n    merchant = event["merchant_id"]`],
      [at + 31, `${iso(at + 31)}\t${id}\tERROR\tInvoke Error \t{"errorType":"KeyError","errorMessage":"'merchant_id'"}`],
    ], `Max Memory Used: ${memoryMb(0)} MB\tStatus: error\tError Type: Runtime.Unknown`);
  }
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** A line an invocation writes between START and END: [timestamp, message]. */
type BodyLine = [number, string];

/** Appends one invocation's START, body, END and REPORT lines, all inside the minute. */
function invocation(
  events: SimLogEvent[],
  rng: Rng,
  minuteMs: number,
  durationMs: number,
  logStream: string,
  body: (requestId: string, at: number) => BodyLine[],
  reportTail: string,
): void {
  const at = minuteMs + Math.floor(rng.next() * Math.max(1, MINUTE_MS - durationMs - 5));
  const id = rng.uuid();
  const billed = Math.ceil(durationMs);
  const endAt = at + Math.ceil(durationMs) + 1;
  events.push(
    { timestamp: at, message: `START RequestId: ${id} Version: $LATEST`, logStream },
    ...body(id, at).map(([timestamp, message]) => ({ timestamp, message, logStream })),
    { timestamp: endAt, message: `END RequestId: ${id}`, logStream },
    {
      timestamp: endAt,
      message: `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${FRAUD_PREPROCESS.memorySizeMb} MB\t${reportTail}`,
      logStream,
    },
  );
}

function lambdaStreamName(minuteMs: number, environmentHash: number): string {
  const day = new Date(minuteMs).toISOString().slice(0, 10).replace(/-/g, '/');
  const hex = [0, 1, 2, 3].map((k) => hashInts(environmentHash, k).toString(16).padStart(8, '0')).join('');
  return `${day}/[$LATEST]${hex}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

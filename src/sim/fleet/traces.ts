/**
 * Sampled X-Ray traces, drawn from the same minute models as the metrics: up to
 * {@link TRACES_PER_MINUTE} traces per minute per path (every request when fewer), with timings
 * sampled from that minute's latency distributions and outcomes (timeouts, 5XX) at that minute's
 * rates. Paths: API Gateway fraud-api → Lambda fraud-preprocess → SageMaker fraud-detector;
 * recsys-gateway → recsys-ranker; churn-scorer → churn-model.
 */
import { MINUTE_MS, dataMinutes } from './clock.js';
import { type EndpointMinute, endpointMinutes } from './endpoint-model.js';
import { LAMBDA_TIMEOUT_MS, type LambdaMinute, lambdaMinutes } from './lambda-model.js';
import type { ModelContext } from './model-context.js';
import type { Rng } from './prng.js';
import { ACCOUNT_ID, CHURN_MODEL, type EndpointSpec, FRAUD_API, FRAUD_DETECTOR, FRAUD_PREPROCESS, RECSYS_RANKER, REGION, lambdaArn } from './topology.js';
import { summarizeTrace } from './trace-summary.js';
import type { SimTrace, XRaySegmentDocument } from './trace-shapes.js';

export const TRACES_PER_MINUTE = 5;
/** Name of the inferred node for InvokeEndpoint calls. */
export const SAGEMAKER_RUNTIME = 'SageMaker Runtime';

export function traces(context: ModelContext, start: Date, end: Date): SimTrace[] {
  const startMs = start.getTime();
  const endMs = end.getTime();
  const { from, to } = dataMinutes(context.clock, startMs, endMs);
  if (to <= from) return [];
  const lambda = lambdaMinutes(context, from, to);
  const fraud = endpointMinutes(context, FRAUD_DETECTOR, from, to);
  const direct = [RECSYS_RANKER, CHURN_MODEL].map((spec) => ({ spec, minutes: endpointMinutes(context, spec, from, to) }));
  const stream = context.noise.stream('traces');
  const result: SimTrace[] = [];
  for (let minute = from; minute < to; minute++) {
    const i = minute - from;
    const rng = context.noise.rng(stream, minute);
    const l = lambda[i];
    const f = fraud[i];
    if (l && f) for (let k = 0; k < Math.min(TRACES_PER_MINUTE, l.invocations); k++) result.push(fraudTrace(rng, l, f));
    for (const { spec, minutes } of direct) {
      const m = minutes[i];
      if (m) for (let k = 0; k < Math.min(TRACES_PER_MINUTE, m.invocations); k++) result.push(directTrace(rng, spec, m));
    }
  }
  return result.filter((trace) => trace.summary.StartTime * 1_000 >= startMs && trace.summary.StartTime * 1_000 < endMs).sort((a, b) => a.summary.StartTime - b.summary.StartTime);
}

function traceId(rng: Rng, startS: number): string {
  return `1-${Math.floor(startS).toString(16).padStart(8, '0')}-${rng.hex(24)}`;
}

/** Start of a trace inside its minute, leaving room for the longest (timed-out) request. */
function startOf(rng: Rng, minute: number): number {
  return (minute * MINUTE_MS + rng.int(MINUTE_MS - LAMBDA_TIMEOUT_MS - 100)) / 1_000;
}

function endpointCall(rng: Rng, endpointName: string, m: EndpointMinute, startS: number): { doc: XRaySegmentDocument; seconds: number; status: number } {
  const rejected = rng.next() < m.serverErrors / Math.max(1, m.invocations);
  const modelMs = (m.modelMedianUs / 1_000) * Math.exp(m.modelSigma * rng.normal());
  const overheadMs = (m.overheadMedianUs / 1_000) * Math.exp(m.overheadSigma * rng.normal());
  const seconds = (rejected ? 4 + rng.next() * 4 : modelMs + overheadMs + 3) / 1_000;
  const status = rejected ? 503 : 200;
  const doc: XRaySegmentDocument = {
    id: rng.hex(16),
    name: SAGEMAKER_RUNTIME,
    start_time: startS,
    end_time: startS + seconds,
    namespace: 'aws',
    http: { response: { status } },
    aws: { operation: 'InvokeEndpoint', region: REGION, request_id: rng.uuid(), endpoint_name: endpointName },
    ...(rejected
      ? { fault: true, cause: { exceptions: [{ id: rng.hex(16), type: 'ServiceUnavailable', message: 'The endpoint is overloaded: request rejected (503)', remote: true }] } }
      : {}),
  };
  return { doc, seconds, status };
}

function fraudTrace(rng: Rng, l: LambdaMinute, f: EndpointMinute): SimTrace {
  const t0 = startOf(rng, l.minute);
  const id = traceId(rng, t0);
  const apiHalf = (FRAUD_API.overheadMs / 2 + rng.next() * 2) / 1_000;
  const cold = rng.next() < l.coldStarts / Math.max(1, l.invocations);
  const initS = cold ? (780 * Math.exp(0.12 * rng.normal())) / 1_000 : 0;
  const sampledMs = l.durationMedianMs * Math.exp(l.durationSigma * rng.normal());
  const timedOut = sampledMs >= LAMBDA_TIMEOUT_MS;
  const failed = !timedOut && rng.next() < l.otherErrors / Math.max(1, l.invocations);

  const serviceStart = t0 + apiHalf;
  const functionStart = serviceStart + 0.001 + rng.next() * 0.002;
  const invocationStart = functionStart + initS;
  const sub: XRaySegmentDocument[] = [];
  let invocationS: number;
  let status = 200;
  if (timedOut || failed) {
    invocationS = timedOut ? LAMBDA_TIMEOUT_MS / 1_000 : 0.03 + rng.next() * 0.02;
    sub.push({ id: rng.hex(16), name: 'preprocess_features', start_time: invocationStart, end_time: invocationStart + invocationS });
    status = 502;
  } else {
    const call = endpointCall(rng, FRAUD_DETECTOR.name, f, 0);
    const preprocessS = Math.max(0.002, sampledMs / 1_000 - call.seconds);
    call.doc.start_time = invocationStart + preprocessS;
    call.doc.end_time = call.doc.start_time + call.seconds;
    sub.push({ id: rng.hex(16), name: 'preprocess_features', start_time: invocationStart, end_time: invocationStart + preprocessS }, call.doc);
    invocationS = preprocessS + call.seconds;
    status = call.status === 200 ? 200 : 502;
  }
  const invocationEnd = invocationStart + invocationS;
  const functionEnd = invocationEnd + 0.0004;
  const serviceEnd = functionEnd + 0.001;
  const end = serviceEnd + apiHalf;
  const invokeSub: XRaySegmentDocument = {
    id: rng.hex(16),
    name: 'Lambda',
    namespace: 'aws',
    start_time: serviceStart - 0.0005,
    end_time: serviceEnd + 0.0005,
    http: { response: { status: 200 } },
    aws: { function_name: FRAUD_PREPROCESS.name, region: REGION, operation: 'Invoke', resource_names: [FRAUD_PREPROCESS.name] },
  };
  const apiSegment: XRaySegmentDocument = {
    id: rng.hex(16),
    trace_id: id,
    name: `${FRAUD_API.name}/${FRAUD_API.stage}`,
    origin: 'AWS::ApiGateway::Stage',
    start_time: t0,
    end_time: end,
    resource_arn: `arn:aws:apigateway:${REGION}::/restapis/${FRAUD_API.id}/stages/${FRAUD_API.stage}`,
    http: {
      request: { method: 'POST', url: `https://${FRAUD_API.id}.execute-api.${REGION}.amazonaws.com/${FRAUD_API.stage}${FRAUD_API.path}`, client_ip: `203.0.113.${1 + rng.int(250)}`, user_agent: 'checkout-service/3.2' },
      response: { status, content_length: status === 200 ? 64 : 36 },
    },
    aws: { api_gateway: { account_id: ACCOUNT_ID, rest_api_id: FRAUD_API.id, stage: FRAUD_API.stage, request_id: rng.uuid() } },
    ...(status >= 500 ? { fault: true } : {}),
    subsegments: [invokeSub],
  };
  const serviceSegment: XRaySegmentDocument = {
    id: rng.hex(16),
    trace_id: id,
    parent_id: invokeSub.id,
    name: FRAUD_PREPROCESS.name,
    origin: 'AWS::Lambda',
    start_time: serviceStart,
    end_time: serviceEnd,
    resource_arn: lambdaArn(FRAUD_PREPROCESS.name),
    http: { response: { status: 200 } },
    aws: { request_id: rng.uuid() },
  };
  const functionSegment: XRaySegmentDocument = {
    id: rng.hex(16),
    trace_id: id,
    parent_id: serviceSegment.id,
    name: FRAUD_PREPROCESS.name,
    origin: 'AWS::Lambda::Function',
    start_time: functionStart,
    end_time: functionEnd,
    resource_arn: lambdaArn(FRAUD_PREPROCESS.name),
    aws: { function_arn: lambdaArn(FRAUD_PREPROCESS.name), resource_names: [FRAUD_PREPROCESS.name], account_id: ACCOUNT_ID },
    ...(timedOut
      ? { fault: true, cause: { exceptions: [{ id: rng.hex(16), type: 'Sandbox.Timedout', message: `Task timed out after ${FRAUD_PREPROCESS.timeoutS.toFixed(2)} seconds` }] } }
      : failed
        ? { error: true, fault: true, cause: { exceptions: [{ id: rng.hex(16), type: 'KeyError', message: "'merchant_id'" }] } }
        : {}),
    subsegments: [
      ...(cold ? [{ id: rng.hex(16), name: 'Initialization', start_time: functionStart, end_time: invocationStart }] : []),
      { id: rng.hex(16), name: 'Invocation', start_time: invocationStart, end_time: invocationEnd, subsegments: sub },
      { id: rng.hex(16), name: 'Overhead', start_time: invocationEnd, end_time: functionEnd },
    ],
  };
  const segments = [apiSegment, serviceSegment, functionSegment];
  return { id, summary: summarizeTrace(id, segments, { endpoint_name: FRAUD_DETECTOR.name }), segments };
}

function directTrace(rng: Rng, spec: EndpointSpec, m: EndpointMinute): SimTrace {
  const t0 = startOf(rng, m.minute);
  const id = traceId(rng, t0);
  const prepareS = (2 + rng.next() * 3) / 1_000;
  const call = endpointCall(rng, spec.name, m, t0 + prepareS);
  const end = call.doc.end_time + (1 + rng.next()) / 1_000;
  const isRecsys = spec.name === RECSYS_RANKER.name;
  const segment: XRaySegmentDocument = {
    id: rng.hex(16),
    trace_id: id,
    name: spec.caller.name,
    origin: spec.caller.type,
    start_time: t0,
    end_time: end,
    http: {
      request: {
        method: isRecsys ? 'GET' : 'POST',
        url: isRecsys ? `http://recsys-gateway.internal/recommendations?user=${rng.int(1_000_000)}` : 'http://churn-scorer.internal/score',
        client_ip: `10.0.${1 + rng.int(3)}.${10 + rng.int(200)}`,
        user_agent: isRecsys ? 'storefront-web/8.1' : 'airflow/2.9',
      },
      response: { status: call.status },
    },
    ...(call.status >= 500 ? { fault: true } : {}),
    subsegments: [{ id: rng.hex(16), name: isRecsys ? 'fetch_candidates' : 'load_customer', start_time: t0, end_time: t0 + prepareS }, call.doc],
  };
  return { id, summary: summarizeTrace(id, [segment], { endpoint_name: spec.name }), segments: [segment] };
}

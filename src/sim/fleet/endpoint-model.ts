/**
 * One minute of a SageMaker endpoint variant: requests, instances, utilisation, the lognormal
 * latency distributions (medians in microseconds, as AWS reports ModelLatency/OverheadLatency),
 * errors and instance utilisation. Queueing makes latency grow steeply as utilisation nears 1;
 * beyond 1 the excess requests are rejected with 5XX.
 */
import { instanceCounts } from './instance-counts.js';
import { lambdaWindow } from './lambda-model.js';
import type { ModelContext } from './model-context.js';
import { ditheredRound } from './prng.js';
import { PREPROCESS_MEMORY } from './scenarios.js';
import type { EndpointSpec } from './topology.js';
import { requestCounts } from './traffic.js';

/** A window of minutes as columns; instance gauges (CPU…) are derived on demand ({@link instanceGauges}). */
export interface EndpointWindow {
  readonly spec: EndpointSpec;
  readonly from: number;
  readonly to: number;
  /** InvokeEndpoint requests (Invocations). */
  readonly invocations: Int32Array;
  readonly instances: Int16Array;
  /** Requests that reached the model container (they have a ModelLatency). */
  readonly served: Int32Array;
  readonly clientErrors: Int32Array;
  /** 5XX: model errors plus requests rejected for lack of capacity. */
  readonly serverErrors: Int32Array;
  readonly rejected: Int32Array;
  /** Requests ÷ what the instances can serve. */
  readonly utilisation: Float64Array;
  readonly modelMedianUs: Float64Array;
  readonly modelSigma: Float64Array;
  readonly overheadMedianUs: Float64Array;
  readonly overheadSigma: Float64Array;
}

export interface InstanceGauges {
  /** Percent of one core × cores (400 % max on 4 vCPUs), like /aws/sagemaker/Endpoints. */
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly gpuPercent: number;
  readonly gpuMemoryPercent: number;
  readonly diskPercent: number;
}

/** One minute as an object (logs and traces); metrics read the columns. */
export interface EndpointMinute {
  readonly minute: number;
  readonly invocations: number;
  readonly instances: number;
  readonly utilisation: number;
  readonly served: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  readonly rejected: number;
  readonly modelMedianUs: number;
  readonly modelSigma: number;
  readonly overheadMedianUs: number;
  readonly overheadSigma: number;
}

/** Storm: flapping multiplies latency by this much. */
export const STORM_LATENCY_FACTOR = 2.5;

/** Latency multiplier of a queue at utilisation ρ: ~1 when idle, ×13 at saturation. */
export function queueingFactor(utilisation: number): number {
  const rho = Math.min(1, utilisation);
  return 1 + (1.2 * rho ** 4) / (1.1 - rho);
}

export function endpointWindow(context: ModelContext, spec: EndpointSpec, from: number, to: number): EndpointWindow {
  return context.windows.get(`${spec.name}:${from}:${to}`, () => computeEndpointWindow(context, spec, from, to));
}

export function endpointMinutes(context: ModelContext, spec: EndpointSpec, from: number, to: number): EndpointMinute[] {
  const w = endpointWindow(context, spec, from, to);
  return Array.from({ length: to - from }, (_, i) => endpointMinuteAt(w, i));
}

export function endpointMinuteAt(w: EndpointWindow, i: number): EndpointMinute {
  const at = (column: Int32Array | Int16Array | Float64Array) => column[i] ?? 0;
  return {
    minute: w.from + i,
    invocations: at(w.invocations),
    instances: at(w.instances),
    utilisation: at(w.utilisation),
    served: at(w.served),
    clientErrors: at(w.clientErrors),
    serverErrors: at(w.serverErrors),
    rejected: at(w.rejected),
    modelMedianUs: at(w.modelMedianUs),
    modelSigma: at(w.modelSigma),
    overheadMedianUs: at(w.overheadMedianUs),
    overheadSigma: at(w.overheadSigma),
  };
}

function computeEndpointWindow(context: ModelContext, spec: EndpointSpec, from: number, to: number): EndpointWindow {
  const n = Math.max(0, to - from);
  const ints = () => new Int32Array(n);
  const floats = () => new Float64Array(n);
  const invocations = spec.lambdaName ? lambdaWindow(context, from, to).endpointCalls : requestCounts(context, spec, from, to);
  const w: EndpointWindow = {
    spec, from, to, invocations,
    instances: instanceCounts(context, spec, from, to),
    served: ints(), clientErrors: ints(), serverErrors: ints(), rejected: ints(),
    utilisation: floats(), modelMedianUs: floats(), modelSigma: floats(), overheadMedianUs: floats(), overheadSigma: floats(),
  };
  const { noise, story } = context;
  const stream = noise.stream(`${spec.name}/minute`);
  const latencyKey = `${spec.name}/latency`;
  const pressured = spec.lambdaName === PREPROCESS_MEMORY.lambdaName;
  const capacity = spec.capacityPerInstancePerMinute;
  for (let i = 0; i < n; i++) {
    const minute = from + i;
    const requests = invocations[i] ?? 0;
    const instances = w.instances[i] ?? spec.initialInstanceCount;
    const utilisation = requests / (instances * capacity);
    const rho = Math.min(1, utilisation);
    const rejected = utilisation > 1 ? Math.round(requests - instances * capacity) : 0;
    const clientErrors = ditheredRound(requests * spec.clientErrorRate, noise.uniform(stream, minute, 1));
    const served = Math.max(0, requests - rejected - clientErrors);
    const modelErrors = ditheredRound(served * spec.serverErrorRate, noise.uniform(stream, minute, 2));
    const queue = queueingFactor(utilisation);
    const flap = story.flapping(latencyKey, minute) ? STORM_LATENCY_FACTOR : 1;
    const strain = pressured ? story.preprocessPressure(minute) ** 4 : 0;
    w.utilisation[i] = utilisation;
    w.rejected[i] = rejected;
    w.clientErrors[i] = clientErrors;
    w.served[i] = served;
    w.serverErrors[i] = rejected + modelErrors;
    w.modelMedianUs[i] = spec.modelMedianMs * 1_000 * queue * flap * (1 + 0.04 * noise.normal(stream, minute, 3));
    w.modelSigma[i] = spec.modelSigma + 0.25 * rho * rho;
    w.overheadMedianUs[i] =
      (spec.overheadMedianMs * (1 + (queue - 1) / 2) * flap + PREPROCESS_MEMORY.overheadPenaltyMs * strain) * 1_000 * (1 + 0.05 * noise.normal(stream, minute, 4));
    w.overheadSigma[i] = spec.overheadSigma + 0.05 * strain + 0.15 * rho * rho;
  }
  return w;
}

/** CPU, memory, GPU and disk of the variant's instances at minute `from + i` of the window. */
export function instanceGauges(context: ModelContext, w: EndpointWindow, i: number): InstanceGauges {
  const { noise, story } = context;
  const spec = w.spec;
  const minute = w.from + i;
  const stream = noise.stream(`${spec.name}/gauges`);
  const rho = Math.min(1, w.utilisation[i] ?? 0);
  const loadFlap = story.flapping(`${spec.name}/load`, minute);
  const cpuShare = (0.04 + 0.55 * rho) * (1 + 0.03 * noise.normal(stream, minute, 5)) + (loadFlap ? 0.55 : 0);
  return {
    cpuPercent: Math.min(100, cpuShare * 100) * spec.instance.vcpus,
    memoryPercent: spec.memoryPercent + 3 * rho + (loadFlap ? 35 : 0) + 0.4 * noise.normal(stream, minute, 6),
    gpuPercent: spec.instance.gpus * Math.min(100, (0.05 + 0.85 * rho) * 100 * (1 + 0.03 * noise.normal(stream, minute, 7))),
    gpuMemoryPercent: spec.instance.gpus * (38 + 2 * rho + 0.3 * noise.normal(stream, minute, 8)),
    diskPercent: spec.diskPercent + 0.05 * noise.normal(stream, minute, 9),
  };
}

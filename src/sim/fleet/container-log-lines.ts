/**
 * What an endpoint's model-server container writes in one minute, in the style of its server
 * (nginx in front of a scikit-learn server, TorchServe, gunicorn): a few sampled access lines,
 * one line per 5XX/4XX (capped), and start-up lines on instances that joined this minute.
 */
import { MINUTE_MS } from './clock.js';
import type { EndpointMinute } from './endpoint-model.js';
import type { SimLogEvent } from './log-lines.js';
import { type Rng, hashInts } from './prng.js';
import type { EndpointSpec } from './topology.js';

const SAMPLED_ACCESS_LINES = 2;
const ERROR_LINES = 20;
const CLIENT_ERROR_LINES = 3;
/** churn-model is idle enough to log every request. */
const LOG_EVERY_REQUEST_BELOW = 10;

export function instanceId(spec: EndpointSpec, slot: number): string {
  const hash = hashInts(hashInts(spec.name.length, ...[...spec.name].map((c) => c.charCodeAt(0))), slot);
  return `i-0${hash.toString(16).padStart(8, '0')}${hashInts(hash, 1).toString(16).padStart(8, '0')}`;
}

export function containerStreamName(spec: EndpointSpec, slot: number): string {
  return `${spec.variant}/${instanceId(spec, slot)}`;
}

export function containerLines(spec: EndpointSpec, m: EndpointMinute, previousInstances: number, rng: Rng): SimLogEvent[] {
  const events: SimLogEvent[] = [];
  const minuteMs = m.minute * MINUTE_MS;
  const at = () => minuteMs + rng.int(MINUTE_MS);
  const slot = () => rng.int(Math.max(1, m.instances));
  const push = (timestamp: number, slotIndex: number, message: string) =>
    events.push({ timestamp, message, logStream: containerStreamName(spec, slotIndex) });

  const access = m.served <= LOG_EVERY_REQUEST_BELOW ? m.served : Math.min(SAMPLED_ACCESS_LINES, m.served);
  for (let i = 0; i < access; i++) {
    const latencyMs = (m.modelMedianUs / 1_000) * Math.exp(m.modelSigma * rng.normal());
    const when = at();
    push(when, slot(), accessLine(spec, when, 200, latencyMs, rng));
  }
  for (let i = 0; i < Math.min(m.serverErrors, ERROR_LINES); i++) {
    const when = at();
    const rejected = i < m.rejected;
    push(when, slot(), rejected ? overloadLine(spec, when, m.instances) : modelErrorLine(spec, when));
  }
  for (let i = 0; i < Math.min(m.clientErrors, CLIENT_ERROR_LINES); i++) {
    const when = at();
    push(when, slot(), accessLine(spec, when, 400, 1 + rng.next() * 3, rng));
  }
  for (let newSlot = previousInstances; newSlot < m.instances; newSlot++) {
    const when = minuteMs + 1_000 + rng.int(5_000);
    for (const [offset, message] of startupLines(spec, rng)) push(when + offset, newSlot, message);
  }
  return events;
}

function accessLine(spec: EndpointSpec, ms: number, status: number, latencyMs: number, rng: Rng): string {
  const date = new Date(ms);
  const client = `10.0.${1 + rng.int(3)}.${10 + rng.int(200)}`;
  switch (spec.logStyle) {
    case 'nginx':
      return `${client} - - [${nginxTime(date)}] "POST /invocations HTTP/1.1" ${status} ${status === 200 ? 58 : 96} "-" "AHC/2.0"`;
    case 'torchserve':
      return `${torchTime(date)} [INFO ] W-9000-${modelId(spec)} ACCESS_LOG - /${client}:${40_000 + rng.int(20_000)} "POST /invocations HTTP/1.1" ${status} ${Math.round(latencyMs)}`;
    case 'gunicorn':
      return `[${gunicornTime(date)}] [${40 + rng.int(4)}] [INFO] POST /invocations ${status} ${Math.round(latencyMs)}ms`;
  }
}

function overloadLine(spec: EndpointSpec, ms: number, instances: number): string {
  const date = new Date(ms);
  if (spec.logStyle === 'torchserve') {
    return `${torchTime(date)} [WARN ] W-9000-${modelId(spec)} org.pytorch.serve.wlm.WorkLoadManager - Job queue full (500 jobs on ${instances} instance(s)), rejecting request: 503 ServiceUnavailable`;
  }
  return `${new Date(ms).toISOString()} [error] worker pool exhausted, upstream queue full: 503 ServiceUnavailable`;
}

function modelErrorLine(spec: EndpointSpec, ms: number): string {
  const date = new Date(ms);
  switch (spec.logStyle) {
    case 'torchserve':
      return `${torchTime(date)} [ERROR] W-9000-${modelId(spec)} MODEL_LOG - RuntimeError: CUDA error: an illegal memory access was encountered`;
    case 'nginx':
      return `${date.toISOString()} ERROR prediction failed: ValueError: Input contains NaN, infinity or a value too large for dtype('float32').`;
    case 'gunicorn':
      return `[${gunicornTime(date)}] [41] [ERROR] Exception on /invocations [POST]: ValueError: could not convert string to float: ''`;
  }
}

function startupLines(spec: EndpointSpec, rng: Rng): [number, string][] {
  const loadS = (30 + rng.next() * 20).toFixed(1);
  return [
    [0, `Starting model server for ${spec.name} (${spec.instance.name})`],
    [2_000, `Loading model ${modelId(spec)} from /opt/ml/model`],
    [Math.round(Number(loadS) * 1_000), `Model ${modelId(spec)} loaded in ${loadS} s; ready for /invocations`],
  ];
}

function modelId(spec: EndpointSpec): string {
  return `${spec.name.replace(/-/g, '_')}_1.0`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function nginxTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function torchTime(date: Date): string {
  return date.toISOString().replace('Z', '').replace('.', ',');
}

function gunicornTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}

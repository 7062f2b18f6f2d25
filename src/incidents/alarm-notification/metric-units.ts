/**
 * Numbers as an on-call engineer reads them: SageMaker latencies arrive in microseconds and
 * read as "2.1 s"; utilisation reads as "96.4%"; counts as "1,204" or "2.1M". The alarm's
 * `Unit` wins when it has one; otherwise the metric's documented unit; otherwise a plain number.
 */
import type { WatchedMetric } from './alarm-transition.js';

export type ValueUnit =
  | { kind: 'duration'; toMs: number }
  | { kind: 'bytes'; toBytes: number; perSecond: boolean }
  | { kind: 'percent' }
  | { kind: 'count'; perSecond: boolean }
  | { kind: 'plain' };

const PLAIN: ValueUnit = { kind: 'plain' };
const MICROSECONDS: ValueUnit = { kind: 'duration', toMs: 0.001 };
const MILLISECONDS: ValueUnit = { kind: 'duration', toMs: 1 };
const PERCENT: ValueUnit = { kind: 'percent' };
const COUNT: ValueUnit = { kind: 'count', perSecond: false };
const MEGABYTES: ValueUnit = { kind: 'bytes', toBytes: 1024 ** 2, perSecond: false };

const BYTE_UNITS: Record<string, number> = {
  Bytes: 1,
  Kilobytes: 1024,
  Megabytes: 1024 ** 2,
  Gigabytes: 1024 ** 3,
  Terabytes: 1024 ** 4,
};

/** CloudWatch's `StandardUnit` names. */
function fromCloudWatchUnit(unit: string): ValueUnit | undefined {
  if (unit === 'Microseconds') return MICROSECONDS;
  if (unit === 'Milliseconds') return MILLISECONDS;
  if (unit === 'Seconds') return { kind: 'duration', toMs: 1000 };
  if (unit === 'Percent') return PERCENT;
  if (unit === 'Count') return COUNT;
  if (unit === 'Count/Second') return { kind: 'count', perSecond: true };
  const [base = '', per] = unit.split('/');
  if (Object.hasOwn(BYTE_UNITS, base)) {
    return { kind: 'bytes', toBytes: BYTE_UNITS[base] ?? 1, perSecond: per === 'Second' };
  }
  return undefined;
}

/** Documented units of the metrics this bot is about (see the reference's metric table). */
const KNOWN_METRICS: Record<string, Record<string, ValueUnit>> = {
  'AWS/SageMaker': {
    ModelLatency: MICROSECONDS,
    OverheadLatency: MICROSECONDS,
    ModelSetupTime: MICROSECONDS,
    ModelLoadingWaitTime: MICROSECONDS,
    ModelDownloadingTime: MICROSECONDS,
    ModelLoadingTime: MICROSECONDS,
    ModelUnloadingTime: MICROSECONDS,
    Invocations: COUNT,
    InvocationsPerInstance: COUNT,
    Invocation4XXErrors: COUNT,
    Invocation5XXErrors: COUNT,
    InvocationModelErrors: COUNT,
  },
  '/aws/sagemaker/Endpoints': {
    CPUUtilization: PERCENT,
    MemoryUtilization: PERCENT,
    GPUUtilization: PERCENT,
    GPUMemoryUtilization: PERCENT,
    DiskUtilization: PERCENT,
  },
  'AWS/Lambda': {
    Duration: MILLISECONDS,
    PostRuntimeExtensionsDuration: MILLISECONDS,
    IteratorAge: MILLISECONDS,
    Invocations: COUNT,
    Errors: COUNT,
    Throttles: COUNT,
    ConcurrentExecutions: COUNT,
    DeadLetterErrors: COUNT,
  },
  LambdaInsights: {
    memory_utilization: PERCENT,
    init_duration: MILLISECONDS,
    cpu_total_time: MILLISECONDS,
    used_memory_max: MEGABYTES,
    total_memory: MEGABYTES,
    rx_bytes: { kind: 'bytes', toBytes: 1, perSecond: false },
    tx_bytes: { kind: 'bytes', toBytes: 1, perSecond: false },
  },
};

export function unitOf(metric: Pick<WatchedMetric, 'namespace' | 'metricName' | 'unit'> | undefined): ValueUnit {
  if (metric === undefined) return PLAIN;
  const declared = metric.unit === undefined ? undefined : fromCloudWatchUnit(metric.unit);
  if (declared !== undefined) return declared;
  const inNamespace = Object.hasOwn(KNOWN_METRICS, metric.namespace) ? KNOWN_METRICS[metric.namespace] : undefined;
  if (inNamespace !== undefined && Object.hasOwn(inNamespace, metric.metricName)) return inNamespace[metric.metricName] ?? PLAIN;
  return /Utilization$/i.test(metric.metricName) ? PERCENT : PLAIN;
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const TWO_DECIMALS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const SMALL = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** 2100000 → "2.1M", 1204 → "1,204", 96.43 → "96.43", 0.05124 → "0.0512". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || (magnitude > 0 && magnitude < 1e-6)) return value.toExponential(2);
  if (magnitude >= 1e6) return COMPACT.format(value);
  if (magnitude >= 100) return WHOLE.format(value);
  if (magnitude >= 1) return TWO_DECIMALS.format(value);
  return SMALL.format(value);
}

function formatDuration(ms: number): string {
  const magnitude = Math.abs(ms);
  if (magnitude < 1) return `${formatNumber(ms * 1000)} µs`;
  if (magnitude < 1000) return `${formatNumber(ms)} ms`;
  if (magnitude < 60_000) return `${formatNumber(ms / 1000)} s`;
  if (magnitude < 3_600_000) return `${formatNumber(ms / 60_000)} min`;
  return `${formatNumber(ms / 3_600_000)} h`;
}

function formatBytes(bytes: number): string {
  const steps = ['B', 'KB', 'MB', 'GB', 'TB'];
  let scaled = bytes;
  let step = 0;
  while (Math.abs(scaled) >= 1024 && step < steps.length - 1) {
    scaled /= 1024;
    step += 1;
  }
  return `${formatNumber(scaled)} ${steps[step] ?? 'B'}`;
}

export function formatValue(value: number, unit: ValueUnit): string {
  switch (unit.kind) {
    case 'duration':
      return formatDuration(value * unit.toMs);
    case 'bytes':
      return `${formatBytes(value * unit.toBytes)}${unit.perSecond ? '/s' : ''}`;
    case 'percent':
      return `${formatNumber(value)}%`;
    case 'count':
      return `${formatNumber(value)}${unit.perSecond ? '/s' : ''}`;
    case 'plain':
      return formatNumber(value);
  }
}

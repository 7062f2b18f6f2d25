import { BatchGetTracesCommand, GetServiceGraphCommand, GetTraceSummariesCommand, type RootCauseException, type TraceSummary as XRayTraceSummary } from '@aws-sdk/client-xray';
import type { AwsClients, AwsScope } from './aws-clients.js';
import type { ServiceEdge, ServiceNode, TimeWindow, TraceDetail, TraceRootCause, TraceSearch, TraceSummary, Traces } from './ports/traces.js';
import { SageMakerEndpoints } from './sagemaker-endpoints.js';
import { segmentTimings } from './xray-segment-documents.js';

/** GetTraceSummaries and GetServiceGraph refuse windows longer than this: longer ranges are split. */
export const XRAY_MAX_WINDOW_MS = 6 * 3_600_000;
/** BatchGetTraces takes at most five ids. */
const TRACES_PER_BATCH = 5;
const DEFAULT_MAX_TRACES = 5_000;
/** A stop for a NextToken that never ends. */
const MAX_PAGES_PER_WINDOW = 1_000;

/**
 * The `Traces` port over X-Ray: summaries filtered by service or `endpoint_name` annotation,
 * segment timings of chosen traces, and the service graph, each window at most six hours.
 */
export class XRayTraces implements Traces {
  private readonly endpoints: SageMakerEndpoints;

  constructor(private readonly clients: AwsClients) {
    this.endpoints = new SageMakerEndpoints(clients);
  }

  async search(subject: string, window: TimeWindow, scope: AwsScope, options: { maxTraces?: number } = {}): Promise<TraceSearch> {
    const xray = this.clients.client('xray', scope);
    const maxTraces = options.maxTraces ?? DEFAULT_MAX_TRACES;
    const filter = subjectFilter(subject);
    const summaries: TraceSummary[] = [];
    for (const part of xrayWindows(window)) {
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES_PER_WINDOW; page++) {
        const answer = await xray.send(new GetTraceSummariesCommand({ StartTime: part.start, EndTime: part.end, FilterExpression: filter, ...(nextToken ? { NextToken: nextToken } : {}) }));
        for (const summary of answer.TraceSummaries ?? []) {
          if (summaries.length >= maxTraces) return { summaries, truncated: true };
          summaries.push(traceSummary(summary));
        }
        nextToken = answer.NextToken;
        if (!nextToken) break;
      }
    }
    return { summaries, truncated: false };
  }

  async details(traceIds: readonly string[], scope: AwsScope): Promise<TraceDetail[]> {
    const xray = this.clients.client('xray', scope);
    const details: TraceDetail[] = [];
    for (let i = 0; i < traceIds.length; i += TRACES_PER_BATCH) {
      const answer = await xray.send(new BatchGetTracesCommand({ TraceIds: traceIds.slice(i, i + TRACES_PER_BATCH) }));
      for (const trace of answer.Traces ?? []) {
        if (!trace.Id) continue;
        const documents = (trace.Segments ?? []).flatMap((segment) => (segment.Document ? [segment.Document] : []));
        details.push({ id: trace.Id, durationMs: (trace.Duration ?? 0) * 1_000, segments: segmentTimings(documents) });
      }
    }
    // BatchGetTraces does not promise the order asked for.
    return details.sort((a, b) => traceIds.indexOf(a.id) - traceIds.indexOf(b.id));
  }

  async serviceEdges(window: TimeWindow, scope: AwsScope): Promise<ServiceEdge[]> {
    const xray = this.clients.client('xray', scope);
    const edges = new Map<string, ServiceEdge & { totalMs: number }>();
    for (const part of xrayWindows(window)) {
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES_PER_WINDOW; page++) {
        const answer = await xray.send(new GetServiceGraphCommand({ StartTime: part.start, EndTime: part.end, ...(nextToken ? { NextToken: nextToken } : {}) }));
        const nodes = new Map<number, ServiceNode>();
        for (const service of answer.Services ?? []) {
          if (service.ReferenceId !== undefined) nodes.set(service.ReferenceId, { name: service.Name ?? '(unnamed)', type: service.Type ?? 'unknown' });
        }
        for (const service of answer.Services ?? []) {
          const from = service.ReferenceId === undefined ? undefined : nodes.get(service.ReferenceId);
          for (const edge of service.Edges ?? []) {
            const to = edge.ReferenceId === undefined ? undefined : nodes.get(edge.ReferenceId);
            const stats = edge.SummaryStatistics;
            if (!from || !to || !stats) continue;
            const key = `${from.name}|${from.type}→${to.name}|${to.type}`;
            const merged = edges.get(key) ?? { from, to, calls: 0, averageMs: 0, errors: 0, faults: 0, throttles: 0, totalMs: 0 };
            merged.calls += stats.TotalCount ?? 0;
            merged.totalMs += (stats.TotalResponseTime ?? 0) * 1_000;
            merged.errors += stats.ErrorStatistics?.TotalCount ?? 0;
            merged.throttles += stats.ErrorStatistics?.ThrottleCount ?? 0;
            merged.faults += stats.FaultStatistics?.TotalCount ?? 0;
            edges.set(key, merged);
          }
        }
        nextToken = answer.NextToken;
        if (!nextToken) break;
      }
    }
    return [...edges.values()].map(({ totalMs, ...edge }) => ({ ...edge, averageMs: edge.calls > 0 ? totalMs / edge.calls : 0 }));
  }

  knownEndpoints(scope: AwsScope): Promise<string[]> {
    return this.endpoints.names(scope);
  }
}

/** Traces through a service of that name, or annotated with it as their SageMaker endpoint. */
export function subjectFilter(subject: string): string {
  // The command validates names; this keeps a quote from ever ending the string literal early.
  if (/["\\]/.test(subject)) throw new Error(`a trace subject cannot contain quotes or backslashes: ${subject}`);
  return `service("${subject}") OR annotation.endpoint_name = "${subject}"`;
}

/** The window in consecutive pieces of at most six hours, oldest first. */
export function xrayWindows(window: TimeWindow): TimeWindow[] {
  const parts: TimeWindow[] = [];
  for (let start = window.start.getTime(); start < window.end.getTime(); start += XRAY_MAX_WINDOW_MS) {
    parts.push({ start: new Date(start), end: new Date(Math.min(window.end.getTime(), start + XRAY_MAX_WINDOW_MS)) });
  }
  return parts;
}

function traceSummary(summary: XRayTraceSummary): TraceSummary {
  const responseTimeRootCause = rootCause(summary.ResponseTimeRootCauses);
  const faultRootCause = rootCause(summary.FaultRootCauses);
  const errorRootCause = rootCause(summary.ErrorRootCauses);
  return {
    id: summary.Id ?? '',
    startedAt: summary.StartTime ?? new Date(0),
    responseTimeMs: (summary.ResponseTime ?? summary.Duration ?? 0) * 1_000,
    durationMs: (summary.Duration ?? 0) * 1_000,
    fault: summary.HasFault === true,
    error: summary.HasError === true,
    throttle: summary.HasThrottle === true,
    ...(summary.Http?.HttpStatus === undefined ? {} : { httpStatus: summary.Http.HttpStatus }),
    serviceKeys: (summary.ServiceIds ?? []).map((id) => `${id.Name ?? ''}|${id.Type ?? ''}`),
    ...(summary.EntryPoint ? { entryPoint: `${summary.EntryPoint.Name ?? ''}|${summary.EntryPoint.Type ?? ''}` } : {}),
    ...(responseTimeRootCause ? { responseTimeRootCause } : {}),
    ...(faultRootCause ? { faultRootCause } : {}),
    ...(errorRootCause ? { errorRootCause } : {}),
  };
}

interface RootCauseShape {
  Services?: { Name?: string; Type?: string; EntityPath?: { Name?: string; Exceptions?: RootCauseException[] }[] }[];
}

/** The first service of the first root cause: what X-Ray's console shows first. */
function rootCause(causes: readonly RootCauseShape[] | undefined): TraceRootCause | undefined {
  const service = causes?.[0]?.Services?.[0];
  if (!service?.Name) return undefined;
  const path = service.EntityPath ?? [];
  const exception = path.at(-1)?.Exceptions?.[0]?.Name;
  return {
    service: service.Name,
    serviceType: service.Type ?? 'unknown',
    entityPath: path.length > 0 ? path.map((entity) => entity.Name ?? '?') : [service.Name],
    ...(exception ? { exception } : {}),
  };
}

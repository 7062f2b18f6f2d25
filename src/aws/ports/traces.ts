import type { AwsScope } from '../aws-clients.js';

/** X-Ray traces of a request path: summaries, the slowest traces' segments, and the service map. */

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** The part of a trace X-Ray blames: a service and the path inside it (`Invocation › preprocess_features`). */
export interface TraceRootCause {
  service: string;
  serviceType: string;
  /** Entity names from the service down to the culprit, the service itself first. */
  entityPath: string[];
  /** Fault and error causes: the exception's name (`Sandbox.Timedout`). */
  exception?: string;
}

export interface TraceSummary {
  id: string;
  startedAt: Date;
  responseTimeMs: number;
  durationMs: number;
  fault: boolean;
  error: boolean;
  throttle: boolean;
  httpStatus?: number;
  /** `name|type` of every service on the trace's path. */
  serviceKeys: string[];
  entryPoint?: string;
  responseTimeRootCause?: TraceRootCause;
  faultRootCause?: TraceRootCause;
  errorRootCause?: TraceRootCause;
}

export interface TraceSearch {
  summaries: TraceSummary[];
  /** True when the search stopped at its limit before the end of the range. */
  truncated: boolean;
}

/** One segment or subsegment of a trace, with the time spent in it and not in its children. */
export interface TraceSegmentTiming {
  /** The segment's name, then the subsegments down to this one: `fraud-preprocess`, `Invocation`, `preprocess_features`. */
  path: string[];
  /** The segment's origin (`AWS::Lambda::Function`), `remote` for a call to another service. */
  origin?: string;
  startOffsetMs: number;
  durationMs: number;
  exclusiveMs: number;
  fault: boolean;
  error: boolean;
}

export interface TraceDetail {
  id: string;
  durationMs: number;
  segments: TraceSegmentTiming[];
}

export interface ServiceNode {
  name: string;
  /** `AWS::Lambda::Function`, `remote`, `client`… */
  type: string;
}

export interface ServiceEdge {
  from: ServiceNode;
  to: ServiceNode;
  calls: number;
  averageMs: number;
  errors: number;
  faults: number;
  throttles: number;
}

export interface Traces {
  /**
   * Summaries of the traces that pass through a service of that name or carry the
   * `endpoint_name` annotation with it, over the window (split into X-Ray's 6-hour windows).
   */
  search(subject: string, window: TimeWindow, scope: AwsScope, options?: { maxTraces?: number }): Promise<TraceSearch>;
  /** Segment timings of these traces (X-Ray takes five ids a call). */
  details(traceIds: readonly string[], scope: AwsScope): Promise<TraceDetail[]>;
  /** The service map's edges over the window. */
  serviceEdges(window: TimeWindow, scope: AwsScope): Promise<ServiceEdge[]>;
  /** Names of the SageMaker endpoints that exist, sorted, for "no endpoint or service named …" answers. */
  knownEndpoints(scope: AwsScope): Promise<string[]>;
}

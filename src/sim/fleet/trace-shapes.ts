/**
 * X-Ray shapes as the X-Ray JSON API has them (PascalCase summaries, snake_case segment documents,
 * times in epoch seconds), so the protocol server can hand them out unchanged: a summary goes into
 * GetTraceSummaries' `TraceSummaries`, and each segment into BatchGetTraces as
 * `{ Id: segment.id, Document: JSON.stringify(segment) }`.
 */

export interface XRayServiceId {
  readonly Name: string;
  readonly Names: string[];
  readonly AccountId?: string;
  readonly Type: string;
}

export interface XRayEntityPath {
  readonly Name: string;
  readonly Coverage?: number;
  readonly Remote: boolean;
  readonly Exceptions?: { readonly Name: string; readonly Message: string }[];
}

export interface XRayRootCause {
  readonly Services: { readonly Name: string; readonly Names: string[]; readonly Type: string; readonly AccountId?: string; readonly EntityPath: XRayEntityPath[]; readonly Inferred: boolean }[];
  readonly ClientImpacting: boolean;
}

export interface XRayTraceSummary {
  readonly Id: string;
  /** Epoch seconds. */
  readonly StartTime: number;
  /** Seconds. */
  readonly Duration: number;
  readonly ResponseTime: number;
  readonly HasFault: boolean;
  readonly HasError: boolean;
  readonly HasThrottle: boolean;
  readonly IsPartial: boolean;
  readonly Http: { readonly HttpURL: string; readonly HttpStatus: number; readonly HttpMethod: string; readonly UserAgent: string; readonly ClientIp: string };
  readonly Annotations: Record<string, { AnnotationValue: { StringValue: string }; ServiceIds: XRayServiceId[] }[]>;
  readonly Users: never[];
  readonly ServiceIds: XRayServiceId[];
  readonly ResourceARNs: { readonly ARN: string }[];
  readonly InstanceIds: never[];
  readonly AvailabilityZones: never[];
  readonly EntryPoint: XRayServiceId;
  readonly FaultRootCauses: XRayRootCause[];
  readonly ErrorRootCauses: XRayRootCause[];
  readonly ResponseTimeRootCauses: XRayRootCause[];
  readonly Revision: number;
  /** Epoch seconds. */
  readonly MatchedEventTime: number;
}

export interface XRayHttp {
  request?: { method?: string; url?: string; client_ip?: string; user_agent?: string };
  response?: { status: number; content_length?: number };
}

/** A segment or subsegment document. */
export interface XRaySegmentDocument {
  id: string;
  name: string;
  /** Epoch seconds with fractions. */
  start_time: number;
  end_time: number;
  trace_id?: string;
  parent_id?: string;
  origin?: string;
  namespace?: 'aws' | 'remote';
  resource_arn?: string;
  http?: XRayHttp;
  aws?: Record<string, unknown>;
  annotations?: Record<string, string | number | boolean>;
  fault?: boolean;
  error?: boolean;
  throttle?: boolean;
  cause?: { exceptions: { id: string; message: string; type: string; remote?: boolean }[] };
  subsegments?: XRaySegmentDocument[];
}

export interface SimTrace {
  readonly id: string;
  readonly summary: XRayTraceSummary;
  /** Top-level segments; subsegments are nested inside them. */
  readonly segments: XRaySegmentDocument[];
}

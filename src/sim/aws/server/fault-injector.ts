import type { ServiceName } from '../protocol/aws-services.js';

/** Shares of calls that fail: `throttleRate` answer the service's throttling error, `errorRate` `InternalFailure` (500). */
export interface FaultRates {
  throttleRate?: number;
  errorRate?: number;
}

export interface FaultOptions extends FaultRates {
  /** Same seed, same sequence of calls → same faults. */
  seed?: number;
  /** Per-service rates, overriding the global ones field by field. */
  services?: Partial<Record<ServiceName, FaultRates>>;
  /** Per-operation rates, keyed `service.Operation` (e.g. `sagemaker.DescribeEndpoint`), overriding the service's. */
  operations?: Record<string, FaultRates>;
}

export type InjectedFault = 'throttle' | 'error';

/**
 * Decides, deterministically, which calls fail. The draw for the n-th call of an operation is
 * a hash of (seed, service, operation, n), so concurrent calls to other operations don't shift
 * an operation's faults.
 */
export class FaultInjector {
  private readonly counts = new Map<string, number>();

  constructor(private readonly options: FaultOptions = {}) {}

  get enabled(): boolean {
    const { throttleRate = 0, errorRate = 0, services = {}, operations = {} } = this.options;
    const any = (r: FaultRates | undefined) => (r?.throttleRate ?? 0) > 0 || (r?.errorRate ?? 0) > 0;
    return any({ throttleRate, errorRate }) || Object.values(services).some(any) || Object.values(operations).some(any);
  }

  ratesFor(service: ServiceName, operation: string): Required<FaultRates> {
    const { services = {}, operations = {} } = this.options;
    const forService = services[service] ?? {};
    const forOperation = operations[`${service}.${operation}`] ?? {};
    return {
      throttleRate: forOperation.throttleRate ?? forService.throttleRate ?? this.options.throttleRate ?? 0,
      errorRate: forOperation.errorRate ?? forService.errorRate ?? this.options.errorRate ?? 0,
    };
  }

  decide(service: ServiceName, operation: string): InjectedFault | undefined {
    const { throttleRate, errorRate } = this.ratesFor(service, operation);
    if (throttleRate <= 0 && errorRate <= 0) return undefined;
    const key = `${service}.${operation}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    const draw = unitHash(`${this.options.seed ?? 0}|${key}|${n}`);
    if (draw < throttleRate) return 'throttle';
    if (draw < throttleRate + errorRate) return 'error';
    return undefined;
  }
}

/** A uniform draw in [0, 1) from a string: FNV-1a, then murmur3's finaliser to spread the bits. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

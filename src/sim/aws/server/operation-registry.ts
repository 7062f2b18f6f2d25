import { awsServices, type ServiceName, type WireProtocol } from '../protocol/aws-services.js';
import { knownRestRoutes, matchRestPath, type RestRoute } from '../protocol/rest-json-route.js';

export interface OperationContext {
  service: ServiceName;
  operation: string;
  /** From the SigV4 credential scope of the request. */
  region: string;
  accountId: string;
  /** The caller's access key id (SigV4), so CloudTrail can say who made a change. */
  accessKeyId: string;
  /** The simulator's clock (which may run faster than the wall clock). */
  now: Date;
  requestId: string;
  protocol: WireProtocol;
  /** Aborts when the caller hangs up (or the simulator closes) before the answer: long polls end early. */
  signal: AbortSignal;
}

/**
 * Serves one operation. `input` is the request as the JSON protocols carry it (timestamps as
 * epoch seconds: read them with `readTimestamp`); for REST operations, path labels and query
 * parameters are merged into it. Return the output shape (Dates allowed); throw
 * `SimulatedAwsError` for an AWS error.
 */
export type OperationHandler = (input: any, ctx: OperationContext) => Promise<unknown> | unknown;

export interface RegisteredOperation {
  service: ServiceName;
  operation: string;
  handler: OperationHandler;
  route?: RestRoute;
}

/** Which operations the simulator serves, and for REST services, on which routes. */
export class OperationRegistry {
  private readonly operations = new Map<string, RegisteredOperation>();

  register(service: ServiceName, operation: string, handler: OperationHandler, route?: RestRoute): void {
    const registered: RegisteredOperation = { service, operation, handler };
    if (awsServices[service].protocol === 'restJson1') {
      const known = route ?? knownRestRoutes[service]?.[operation];
      if (!known) throw new Error(`no REST route known for ${service} ${operation}: pass one (method and path from the SDK's http trait)`);
      registered.route = known;
    }
    this.operations.set(`${service}.${operation}`, registered);
  }

  find(service: ServiceName, operation: string): RegisteredOperation | undefined {
    return this.operations.get(`${service}.${operation}`);
  }

  /** The REST operation a method and path address; `preferred` (from the signing scope) wins a tie. */
  findRoute(method: string, path: string, preferred?: ServiceName): { registered: RegisteredOperation; labels: Record<string, string> } | undefined {
    const matches: Array<{ registered: RegisteredOperation; labels: Record<string, string> }> = [];
    for (const registered of this.operations.values()) {
      if (!registered.route || registered.route.method !== method) continue;
      const labels = matchRestPath(registered.route.path, path);
      if (labels) matches.push({ registered, labels });
    }
    // A literal segment beats a label (`/functions/{Name}` vs `/functions/{Name}/configuration` never collide, but be safe).
    matches.sort((a, b) => Object.keys(a.labels).length - Object.keys(b.labels).length);
    return matches.find((m) => m.registered.service === preferred) ?? matches[0];
  }

  operationsOf(service: ServiceName): string[] {
    return [...this.operations.values()].filter((o) => o.service === service).map((o) => o.operation).sort();
  }

  /** For error messages: `sagemaker (DescribeEndpoint, ListEndpoints); xray (GetTraceSummaries)`. */
  describe(): string {
    const services = [...new Set([...this.operations.values()].map((o) => o.service))].sort();
    if (services.length === 0) return 'no operations are registered';
    return services.map((s) => `${s} (${this.operationsOf(s).join(', ')})`).join('; ');
  }
}

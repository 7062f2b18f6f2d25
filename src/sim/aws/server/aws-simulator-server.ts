import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceName } from '../protocol/aws-services.js';
import { writeAwsError, writeAwsResult } from '../protocol/aws-response.js';
import type { RestRoute } from '../protocol/rest-json-route.js';
import { internalFailure, SimulatedAwsError, throttlingErrorFor } from '../protocol/simulated-aws-error.js';
import type { AwsCall } from './aws-call.js';
import { FaultInjector, type FaultOptions, type InjectedFault } from './fault-injector.js';
import { identifyAwsRequest } from './identify-aws-request.js';
import { OperationRegistry, type OperationHandler } from './operation-registry.js';

/**
 * The simulator's HTTP server (src/sim/aws/server/): one node:http server that unmodified
 * AWS SDK v3 clients reach through `endpoint` / `AWS_ENDPOINT_URL`. It recognises the
 * protocol of each request, checks it is SigV4-signed (without verifying the signature),
 * injects `--faults`, dispatches to the operation handlers other modules register, answers in
 * the protocol's shape, and logs every call. It knows no service's state.
 */

/** A plain HTTP route beside the AWS APIs (SNS's SubscribeURL and certificate), unsigned, unlogged. */
export interface HttpRoute {
  method: string;
  path: string | RegExp;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

export interface AwsSimulatorServerOptions {
  faults?: FaultOptions;
  accountId?: string;
  /** The simulator's clock; handlers get it as `ctx.now`. */
  clock?: () => Date;
}

export class AwsSimulatorServer {
  readonly accountId: string;
  readonly clock: () => Date;
  private readonly registry = new OperationRegistry();
  private readonly httpRoutes: HttpRoute[] = [];
  private readonly callLog: AwsCall[] = [];
  private faults: FaultInjector;
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(options: AwsSimulatorServerOptions = {}) {
    this.accountId = options.accountId ?? '123456789012';
    this.clock = options.clock ?? (() => new Date());
    this.faults = new FaultInjector(options.faults);
  }

  /** Serves `operation` of `service`. REST operations need a route unless the simulator knows it (`knownRestRoutes`). */
  register(service: ServiceName, operation: string, handler: OperationHandler, route?: RestRoute): this {
    this.registry.register(service, operation, handler, route);
    return this;
  }

  addHttpRoute(route: HttpRoute): this {
    this.httpRoutes.push(route);
    return this;
  }

  /** Replaces the fault configuration (and restarts its deterministic sequence). */
  setFaults(options: FaultOptions | undefined): void {
    this.faults = new FaultInjector(options);
  }

  /** Every AWS call answered so far, oldest first. */
  get calls(): readonly AwsCall[] {
    return this.callLog;
  }

  clearCalls(): void {
    this.callLog.length = 0;
  }

  /** `http://127.0.0.1:<port>`; throws before `listen`. */
  get url(): string {
    if (!this.baseUrl) throw new Error('the AWS simulator is not listening yet');
    return this.baseUrl;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator failure: ${error instanceof Error ? error.message : String(error)}\n`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // SDK clients keep connections alive; don't wait for them to time out.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const httpRoute = this.httpRoutes.find((r) => r.method === method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)));
    if (httpRoute) return httpRoute.handle(req, res, url);

    const started = performance.now();
    const body = await readBody(req);
    const requestId = randomUUID();
    const request = identifyAwsRequest({ method, url, headers: req.headers, body }, this.registry, requestId);
    const { exchange, scope, registered } = request;
    const record = (status: number, error?: SimulatedAwsError, fault?: InjectedFault): void => {
      this.callLog.push({
        service: exchange.service,
        operation: exchange.operation,
        protocol: exchange.protocol,
        region: scope?.region,
        status,
        ...(error && { errorCode: error.code, errorMessage: error.message }),
        ...(fault && { fault }),
        durationMs: performance.now() - started,
        requestId,
        at: new Date(),
      });
    };
    const fail = (error: SimulatedAwsError, fault?: InjectedFault): void => record(writeAwsError(res, exchange, error), error, fault);

    if (!scope) {
      const signed = req.headers.authorization !== undefined;
      return fail(
        signed
          ? new SimulatedAwsError('IncompleteSignatureException', 'the Authorization header is not a SigV4 signature (AWS4-HMAC-SHA256 Credential=…/date/region/service/aws4_request, SignedHeaders=…, Signature=…)', 400)
          : new SimulatedAwsError('MissingAuthenticationTokenException', 'Missing Authentication Token: sign requests with SigV4 (any credentials will do)', 403),
      );
    }
    if (request.problem || !registered) return fail(request.problem ?? new SimulatedAwsError('UnknownOperationException', 'unknown operation', 400));

    const fault = this.faults.decide(registered.service, registered.operation);
    if (fault === 'throttle') return fail(throttlingErrorFor(registered.service, registered.operation), fault);
    if (fault === 'error') return fail(internalFailure(registered.operation), fault);

    const hangUp = new AbortController();
    res.once('close', () => hangUp.abort());
    try {
      const output = await registered.handler(request.input, {
        service: registered.service,
        operation: registered.operation,
        region: scope.region,
        accountId: this.accountId,
        accessKeyId: scope.accessKeyId,
        now: this.clock(),
        requestId,
        protocol: exchange.protocol,
        signal: hangUp.signal,
      });
      record(writeAwsResult(res, exchange, output));
    } catch (error) {
      if (error instanceof SimulatedAwsError) return fail(error);
      const message = error instanceof Error ? error.message : String(error);
      fail(new SimulatedAwsError('InternalFailure', `the simulator failed serving ${registered.service} ${registered.operation}: ${message}`, 500));
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

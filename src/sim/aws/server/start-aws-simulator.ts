import type { SnsDeliveryPolicy } from '../sns/sns-delivery.js';
import type { SnsSignatureVersion } from '../sns/sns-message.js';
import { registerSqs } from '../services/sqs/register-sqs.js';
import { SimulatedSqs } from '../services/sqs/simulated-sqs.js';
import { registerSnsApi } from '../sns/register-sns-api.js';
import { SimulatedSns } from '../sns/simulated-sns.js';
import { AwsSimulatorServer } from './aws-simulator-server.js';
import type { FaultOptions } from './fault-injector.js';

export interface AwsSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  faults?: FaultOptions;
  accountId?: string;
  clock?: () => Date;
  /** SignatureVersion of the simulator's topics: '2' (SHA256, default) or '1' (SHA1). */
  snsSignatureVersion?: SnsSignatureVersion;
  /** SNS delivery retries; shorten `retryDelayMs` in tests. */
  snsDelivery?: Partial<SnsDeliveryPolicy>;
}

export interface AwsSimulator {
  /** `http://127.0.0.1:<port>`: the SDK clients' `endpoint` / `AWS_ENDPOINT_URL`. */
  url: string;
  /** Register services onto it (`server.register(service, operation, handler)`); read `server.calls`. */
  server: AwsSimulatorServer;
  sns: SimulatedSns;
  /** Queues, which SNS `sqs` subscriptions deliver to. */
  sqs: SimulatedSqs;
  close(): Promise<void>;
}

/** Starts the AWS simulator with SNS and SQS served (SNS delivers to SQS); other services are registered onto `server` by their modules. */
export async function startAwsSimulator(options: AwsSimulatorOptions = {}): Promise<AwsSimulator> {
  const server = new AwsSimulatorServer({
    ...(options.faults && { faults: options.faults }),
    ...(options.accountId && { accountId: options.accountId }),
    ...(options.clock && { clock: options.clock }),
  });
  const sqs = registerSqs(server, new SimulatedSqs({ baseUrl: () => server.url, accountId: server.accountId, clock: server.clock }));
  const sns = new SimulatedSns({
    baseUrl: () => server.url,
    accountId: server.accountId,
    clock: server.clock,
    ...(options.snsSignatureVersion && { signatureVersion: options.snsSignatureVersion }),
    ...(options.snsDelivery && { delivery: options.snsDelivery }),
    queues: {
      exists: (queueArn) => sqs.queueWithArn(queueArn) !== undefined,
      send: (queueArn, body) => sqs.queueWithArn(queueArn)?.send(body, server.clock()),
    },
  });
  registerSnsApi(server, sns);
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url,
    server,
    sns,
    sqs,
    async close() {
      sns.close();
      sqs.close();
      await server.close();
    },
  };
}

import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SQSClient } from '@aws-sdk/client-sqs';
import { XRayClient } from '@aws-sdk/client-xray';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Config } from '../config/config.js';
import type { Logger } from '../telemetry/logger.js';
import { AwsCallLog } from './aws-call-log.js';

/** Where a call goes: the region, and the configured account (by name) when not the bot's own. */
export interface AwsScope {
  region: string;
  account?: string;
}

const CLIENTS = {
  cloudwatch: CloudWatchClient,
  logs: CloudWatchLogsClient,
  xray: XRayClient,
  costExplorer: CostExplorerClient,
  sagemaker: SageMakerClient,
  autoscaling: ApplicationAutoScalingClient,
  cloudtrail: CloudTrailClient,
  lambda: LambdaClient,
  sqs: SQSClient,
} as const;

export type AwsServiceName = keyof typeof CLIENTS;
type ClientOf<S extends AwsServiceName> = InstanceType<(typeof CLIENTS)[S]>;

/** The simulator accepts any signature; these make the SDK sign without looking for real credentials. */
const SIMULATOR_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' };

/**
 * One SDK client per service, region and account, created on first use and reused. The only
 * place that knows how the bot reaches AWS: the endpoint override (the simulator in local mode and
 * tests), credentials (the standard chain, or a role per configured account), retries, and the
 * call log every adapter's calls are counted in.
 */
export class AwsClients {
  readonly calls: AwsCallLog;
  private readonly clients = new Map<string, unknown>();
  private readonly roleCredentials = new Map<string, AwsCredentialIdentityProvider>();

  constructor(
    private readonly config: Config,
    private readonly options: { log?: Logger; calls?: AwsCallLog; credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider; maxAttempts?: number } = {},
  ) {
    this.calls = options.calls ?? new AwsCallLog();
  }

  client<S extends AwsServiceName>(service: S, scope: AwsScope): ClientOf<S> {
    // Cost Explorer has one global endpoint, in us-east-1, whatever region was asked.
    const region = service === 'costExplorer' ? 'us-east-1' : scope.region;
    const cacheKey = `${service}|${region}|${scope.account ?? ''}`;
    const cached = this.clients.get(cacheKey);
    if (cached) return cached as ClientOf<S>;

    const Client = CLIENTS[service] as unknown as new (config: object) => ClientOf<S>;
    const client = new Client({
      region,
      maxAttempts: this.options.maxAttempts ?? 4,
      retryMode: 'adaptive',
      ...(this.config.aws.endpointUrl ? { endpoint: this.config.aws.endpointUrl } : {}),
      ...this.credentialsFor(scope, region),
    });
    this.calls.instrument(client as never, service, region);
    this.clients.set(cacheKey, client);
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) (client as { destroy(): void }).destroy();
    this.clients.clear();
  }

  private credentialsFor(scope: AwsScope, region: string): { credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider } {
    if (this.options.credentials) return { credentials: this.options.credentials };
    if (this.config.mode === 'local') return { credentials: SIMULATOR_CREDENTIALS };
    const account = scope.account === undefined ? undefined : this.config.aws.accounts.find((a) => a.name === scope.account || a.id === scope.account);
    if (!account?.roleArn) return {};
    const roleKey = `${account.roleArn}|${region}`;
    let provider = this.roleCredentials.get(roleKey);
    if (!provider) {
      provider = fromTemporaryCredentials({
        params: { RoleArn: account.roleArn, RoleSessionName: 'mlobs', DurationSeconds: 3600 },
        clientConfig: { region, ...(this.config.aws.endpointUrl ? { endpoint: this.config.aws.endpointUrl } : {}) },
      });
      this.roleCredentials.set(roleKey, provider);
    }
    return { credentials: provider };
  }
}

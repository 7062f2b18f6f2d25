import { DescribeEndpointCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import type { AwsClients, AwsScope } from './aws-clients.js';
import type { EndpointDescription } from './ports/endpoint-metrics.js';

/** ListEndpoints' largest page. */
const PAGE_SIZE = 100;
/** 2,000 endpoints: past any real account's, and a stop for a NextToken that never ends. */
const MAX_PAGES = 20;

/**
 * SageMaker's answers about endpoints (DescribeEndpoint, ListEndpoints), as the endpoint ports
 * need them. One call each; a missing endpoint is an answer (undefined), not an error.
 */
export class SageMakerEndpoints {
  constructor(private readonly clients: AwsClients) {}

  async describe(endpoint: string, scope: AwsScope): Promise<EndpointDescription | undefined> {
    try {
      const answer = await this.clients.client('sagemaker', scope).send(new DescribeEndpointCommand({ EndpointName: endpoint }));
      return {
        name: answer.EndpointName ?? endpoint,
        status: answer.EndpointStatus ?? 'Unknown',
        variants: (answer.ProductionVariants ?? []).flatMap((variant) => (variant.VariantName ? [variant.VariantName] : [])),
      };
    } catch (error) {
      if (isEndpointNotFound(error)) return undefined;
      throw error;
    }
  }

  async names(scope: AwsScope): Promise<string[]> {
    const sagemaker = this.clients.client('sagemaker', scope);
    const names: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await sagemaker.send(new ListEndpointsCommand({ MaxResults: PAGE_SIZE, SortBy: 'Name', SortOrder: 'Ascending', ...(nextToken ? { NextToken: nextToken } : {}) }));
      for (const summary of answer.Endpoints ?? []) if (summary.EndpointName) names.push(summary.EndpointName);
      nextToken = answer.NextToken;
      if (!nextToken) break;
    }
    return names.sort((a, b) => a.localeCompare(b));
  }
}

/** SageMaker answers a missing endpoint with a ValidationException: `Could not find endpoint "arn:…"`. */
function isEndpointNotFound(error: unknown): boolean {
  const failure = error as { name?: string; message?: string };
  return failure.name === 'ValidationException' && /could not find endpoint/i.test(failure.message ?? '');
}

import { InvalidNextToken, ListMetricsCommand, ValidationException } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { cloudWatchWorld, failure } from './cloudwatch-test-world.js';

describe('ListMetrics', () => {
  it('filters by namespace and dimension value: fraud-detector endpoint metrics only', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'preprocess-memory' });

    const { Metrics = [], NextToken } = await client.send(new ListMetricsCommand({ Namespace: 'AWS/SageMaker', Dimensions: [{ Name: 'EndpointName', Value: 'fraud-detector' }] }));

    expect(NextToken).toBeUndefined();
    expect(Metrics.map((m) => m.MetricName).sort()).toEqual(
      ['Invocation4XXErrors', 'Invocation5XXErrors', 'Invocations', 'InvocationsPerInstance', 'ModelLatency', 'OverheadLatency'].sort(),
    );
    for (const metric of Metrics) {
      expect(metric.Namespace).toBe('AWS/SageMaker');
      expect(metric.Dimensions).toEqual([
        { Name: 'EndpointName', Value: 'fraud-detector' },
        { Name: 'VariantName', Value: 'AllTraffic' },
      ]);
    }
  });

  it('a dimension filter without a value matches every metric having that dimension', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'steady' });

    const { Metrics = [] } = await client.send(new ListMetricsCommand({ Dimensions: [{ Name: 'function_name' }] }));

    expect(new Set(Metrics.map((m) => m.Namespace))).toEqual(new Set(['LambdaInsights']));
    expect(Metrics.map((m) => m.MetricName)).toContain('memory_utilization');
  });

  it('finds Model Monitor drift metrics by metric name alone, whatever their namespace', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'drift' });

    const { Metrics = [] } = await client.send(new ListMetricsCommand({ MetricName: 'feature_baseline_drift_transaction_amount', RecentlyActive: 'PT3H' }));

    expect(Metrics).toEqual([
      {
        Namespace: 'aws/sagemaker/Endpoints/data-metrics',
        MetricName: 'feature_baseline_drift_transaction_amount',
        Dimensions: [
          { Name: 'Endpoint', Value: 'fraud-detector' },
          { Name: 'MonitoringSchedule', Value: 'fraud-detector-data-quality' },
        ],
      },
    ]);
  });

  it('lists the storm scenario’s 307 metrics in one page (pages hold 500)', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'storm' });

    const { Metrics = [], NextToken } = await client.send(new ListMetricsCommand({}));

    expect(Metrics).toHaveLength(307);
    expect(Metrics.filter((m) => m.Namespace === 'MLPlatform/Pipelines')).toHaveLength(250);
    expect(NextToken).toBeUndefined();
  });

  it('refuses a RecentlyActive other than PT3H and a NextToken it did not issue', async () => {
    const { client } = await cloudWatchWorld({ scenario: 'steady' });

    const recently = await failure(client.send(new ListMetricsCommand({ RecentlyActive: 'PT1H' as 'PT3H' })));
    const token = await failure(client.send(new ListMetricsCommand({ NextToken: 'not-a-token' })));

    expect(recently).toBeInstanceOf(ValidationException);
    expect(recently.message).toContain('[PT3H]');
    expect(token).toBeInstanceOf(InvalidNextToken);
  });
});

import { DescribeMonitoringScheduleCommand, ListMonitoringExecutionsCommand, ListMonitoringSchedulesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { DRIFT } from '../../../../../src/sim/fleet/index.js';
import { clientConfig } from '../../server/simulator-test-kit.js';
import { controlPlaneWorld, DAY, HOUR, MINUTE, rejection } from './control-plane-world.js';

const SCHEDULE = 'fraud-detector-data-quality';
const FEATURES = ['transaction_amount', 'merchant_category', 'customer_age', 'distance_from_home', 'hour_of_day'];

describe('SageMaker ListMonitoringSchedules', () => {
  it("lists fraud-detector's data-quality schedule, and none for an endpoint Model Monitor does not watch", async () => {
    const { clients, fleet } = await controlPlaneWorld();
    const fraud = await clients.sagemaker.send(new ListMonitoringSchedulesCommand({ EndpointName: 'fraud-detector' }));
    expect(fraud.MonitoringScheduleSummaries).toEqual([
      {
        MonitoringScheduleName: SCHEDULE,
        MonitoringScheduleArn: `arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/${SCHEDULE}`,
        CreationTime: expect.any(Date),
        LastModifiedTime: expect.any(Date),
        MonitoringScheduleStatus: 'Scheduled',
        EndpointName: 'fraud-detector',
        MonitoringType: 'DataQuality',
      },
    ]);
    const endpointCreated = fleet.endpoints().find((e) => e.name === 'fraud-detector')!.creationTime;
    expect(fraud.MonitoringScheduleSummaries?.[0]?.CreationTime!.getTime()).toBeGreaterThan(endpointCreated.getTime());

    expect((await clients.sagemaker.send(new ListMonitoringSchedulesCommand({ EndpointName: 'recsys-ranker' }))).MonitoringScheduleSummaries).toEqual([]);
    expect((await clients.sagemaker.send(new ListMonitoringSchedulesCommand({ StatusEquals: 'Stopped' }))).MonitoringScheduleSummaries).toEqual([]);
    expect((await clients.sagemaker.send(new ListMonitoringSchedulesCommand({ MonitoringTypeEquals: 'ModelQuality' }))).MonitoringScheduleSummaries).toEqual([]);
    expect((await clients.sagemaker.send(new ListMonitoringSchedulesCommand({ NameContains: 'DATA-QUALITY' }))).MonitoringScheduleSummaries).toHaveLength(1);
  });

  it('another region has no schedules', async () => {
    const world = await controlPlaneWorld();
    const west = new SageMakerClient(clientConfig(world.aws, { region: 'us-west-2', maxAttempts: 1 }));
    expect((await west.send(new ListMonitoringSchedulesCommand({}))).MonitoringScheduleSummaries).toEqual([]);
    expect((await west.send(new ListMonitoringExecutionsCommand({ EndpointName: 'fraud-detector' }))).MonitoringExecutionSummaries).toEqual([]);
  });

  it('refuses MaxResults above 100 and an unknown status', async () => {
    const { clients } = await controlPlaneWorld();
    expect((await rejection(clients.sagemaker.send(new ListMonitoringSchedulesCommand({ MaxResults: 101 })))).name).toBe('ValidationException');
    const error = await rejection(clients.sagemaker.send(new ListMonitoringSchedulesCommand({ StatusEquals: 'Running' as 'Scheduled' })));
    expect(error.message).toContain("Value 'Running' at 'statusEquals' failed to satisfy constraint");
  });
});

describe('SageMaker DescribeMonitoringSchedule', () => {
  it('describes the hourly schedule, its baseline and outputs, and its last run', async () => {
    const { clients, fleet } = await controlPlaneWorld({ scenario: 'drift' });
    const schedule = await clients.sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: SCHEDULE }));
    expect(schedule.MonitoringScheduleStatus).toBe('Scheduled');
    expect(schedule.MonitoringType).toBe('DataQuality');
    expect(schedule.EndpointName).toBe('fraud-detector');
    expect(schedule.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression).toBe('cron(0 * ? * * *)');
    expect(schedule.MonitoringScheduleConfig?.MonitoringJobDefinition?.BaselineConfig?.ConstraintsResource?.S3Uri).toMatch(/^s3:\/\/.*constraints\.json$/);
    expect(schedule.MonitoringScheduleConfig?.MonitoringJobDefinition?.MonitoringOutputConfig?.MonitoringOutputs?.[0]?.S3Output?.S3Uri).toMatch(/^s3:\/\//);
    // The clock stands at 16:00 sharp: the 15:00 run is the last one that is over.
    const last = schedule.LastMonitoringExecutionSummary;
    expect(last?.ScheduledTime).toEqual(new Date(fleet.now.getTime() - HOUR));
    expect(last?.MonitoringExecutionStatus).toBe('CompletedWithViolations');
    expect(last?.ProcessingJobArn).toMatch(/^arn:aws:sagemaker:us-east-1:123456789012:processing-job\/model-monitoring-202611231500-[0-9a-f]{24}$/);
  });

  it('an unknown schedule is ResourceNotFound', async () => {
    const { clients } = await controlPlaneWorld();
    const error = await rejection(clients.sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'recsys-ranker-data-quality' })));
    expect(error.name).toBe('ResourceNotFound');
    expect(error.message).toContain('monitoring-schedule/recsys-ranker-data-quality');
  });
});

describe('SageMaker ListMonitoringExecutions', () => {
  it('one run per hourly drift datapoint; those with a feature over the threshold completed with violations', async () => {
    const { clients, fleet } = await controlPlaneWorld({ scenario: 'drift' });
    const start = new Date(fleet.now.getTime() - DAY);
    const answer = await clients.sagemaker.send(
      new ListMonitoringExecutionsCommand({ EndpointName: 'fraud-detector', ScheduledTimeAfter: new Date(start.getTime() - 1), ScheduledTimeBefore: fleet.now, SortBy: 'ScheduledTime', SortOrder: 'Ascending', MaxResults: 100 }),
    );
    const runs = answer.MonitoringExecutionSummaries ?? [];
    expect(runs).toHaveLength(24);
    expect(answer.NextToken).toBeUndefined();

    // The same story as CloudWatch: a run has violations exactly when some feature's drift is over.
    const overAt = new Set<number>();
    for (const feature of FEATURES) {
      const data = fleet.metricData({ namespace: 'aws/sagemaker/Endpoints/data-metrics', metricName: `feature_baseline_drift_${feature}`, dimensions: { Endpoint: 'fraud-detector', MonitoringSchedule: SCHEDULE } }, start, fleet.now, 3_600, 'Maximum');
      data.timestamps.forEach((t, i) => (data.values[i]! > DRIFT.threshold ? overAt.add(t.getTime()) : undefined));
    }
    expect(runs.map((r) => r.ScheduledTime?.getTime())).toEqual(Array.from({ length: 24 }, (_, i) => start.getTime() + i * HOUR));
    expect(runs.map((r) => r.MonitoringExecutionStatus)).toEqual(runs.map((r) => (overAt.has(r.ScheduledTime!.getTime()) ? 'CompletedWithViolations' : 'Completed')));
    // The change lands at 12:00; the 13:00, 14:00 and 15:00 runs see it.
    expect(runs.filter((r) => r.MonitoringExecutionStatus === 'CompletedWithViolations').map((r) => r.ScheduledTime?.toISOString())).toEqual([
      '2026-11-23T13:00:00.000Z',
      '2026-11-23T14:00:00.000Z',
      '2026-11-23T15:00:00.000Z',
    ]);
    expect(runs.every((r) => r.MonitoringScheduleName === SCHEDULE && r.EndpointName === 'fraud-detector' && r.MonitoringType === 'DataQuality')).toBe(true);
    expect(new Set(runs.map((r) => r.ProcessingJobArn)).size).toBe(24);
  });

  it('steady has no violations in its whole history', async () => {
    const { clients } = await controlPlaneWorld({ scenario: 'steady' });
    const flagged = await clients.sagemaker.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: SCHEDULE, StatusEquals: 'CompletedWithViolations' }));
    expect(flagged.MonitoringExecutionSummaries).toEqual([]);
    const some = await clients.sagemaker.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: SCHEDULE }));
    expect(some.MonitoringExecutionSummaries).toHaveLength(10);
    expect(some.NextToken).toBeTruthy();
  });

  it('pages newest first, and a new run appears once its hour has been analysed', async () => {
    const world = await controlPlaneWorld({ scenario: 'drift' });
    const { clients, fleet } = world;
    const after = new Date(fleet.now.getTime() - 5 * HOUR);
    const first = await clients.sagemaker.send(new ListMonitoringExecutionsCommand({ EndpointName: 'fraud-detector', ScheduledTimeAfter: after, SortBy: 'ScheduledTime', MaxResults: 3 }));
    const second = await clients.sagemaker.send(new ListMonitoringExecutionsCommand({ EndpointName: 'fraud-detector', ScheduledTimeAfter: after, SortBy: 'ScheduledTime', MaxResults: 3, NextToken: first.NextToken }));
    const times = [...(first.MonitoringExecutionSummaries ?? []), ...(second.MonitoringExecutionSummaries ?? [])].map((r) => r.ScheduledTime!.getTime());
    // Strictly after 11:00: 12:00 to 15:00.
    expect(times).toEqual([15, 14, 13, 12].map((h) => Date.UTC(2026, 10, 23, h)));
    expect(second.NextToken).toBeUndefined();

    world.advance(MINUTE);
    const latest = await clients.sagemaker.send(new ListMonitoringExecutionsCommand({ EndpointName: 'fraud-detector', SortBy: 'ScheduledTime', MaxResults: 1 }));
    expect(latest.MonitoringExecutionSummaries?.[0]?.ScheduledTime).toEqual(new Date(Date.UTC(2026, 10, 23, 16)));
    expect(latest.MonitoringExecutionSummaries?.[0]?.MonitoringExecutionStatus).toBe('CompletedWithViolations');
  });

  it('an endpoint without a schedule has no runs; bad input is refused', async () => {
    const { clients } = await controlPlaneWorld();
    expect((await clients.sagemaker.send(new ListMonitoringExecutionsCommand({ EndpointName: 'recsys-ranker' }))).MonitoringExecutionSummaries).toEqual([]);
    expect((await rejection(clients.sagemaker.send(new ListMonitoringExecutionsCommand({ MaxResults: 0 })))).name).toBe('ValidationException');
    expect((await rejection(clients.sagemaker.send(new ListMonitoringExecutionsCommand({ SortBy: 'Name' as 'Status' })))).name).toBe('ValidationException');
    expect((await rejection(clients.sagemaker.send(new ListMonitoringExecutionsCommand({ EndpointName: 'fraud_detector' })))).name).toBe('ValidationException');
    const token = await rejection(clients.sagemaker.send(new ListMonitoringExecutionsCommand({ NextToken: 'not-a-token' })));
    expect(token.message).toBe('Invalid pagination token: pass the NextToken of the previous ListMonitoringExecutions answer unchanged.');
  });
});

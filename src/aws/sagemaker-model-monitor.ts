import { ListMonitoringExecutionsCommand, ListMonitoringSchedulesCommand, type MonitoringExecutionSummary } from '@aws-sdk/client-sagemaker';
import type { AwsClients, AwsScope } from './aws-clients.js';
import type { MonitoringRun, MonitoringRunStatus, MonitoringRuns } from './ports/model-quality.js';

/** ListMonitoringExecutions' and ListMonitoringSchedules' largest page. */
const PAGE_SIZE = 100;
/** Two pages of runs: 8 days of an hourly schedule; a longer window shows its newest 200 runs. */
const MAX_RUN_PAGES = 2;
const RUN_STATUSES: readonly MonitoringRunStatus[] = ['Pending', 'InProgress', 'Completed', 'CompletedWithViolations', 'Failed', 'Stopping', 'Stopped'];

/**
 * Model Monitor's executions and schedules (SageMaker), as the `ModelQuality` port needs them.
 * Only data-quality runs count: model-quality, bias and explainability schedules on the same
 * endpoint are other questions.
 */
export class SageMakerModelMonitor {
  constructor(private readonly clients: AwsClients) {}

  async runs(endpoint: string, window: { start: Date; end: Date }, scope: AwsScope): Promise<MonitoringRuns> {
    const sagemaker = this.clients.client('sagemaker', scope);
    const summaries: MonitoringExecutionSummary[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const answer = await sagemaker.send(
        new ListMonitoringExecutionsCommand({
          EndpointName: endpoint,
          // The filter's bounds may be exclusive: widen by a millisecond, then keep [start, end).
          ScheduledTimeAfter: new Date(window.start.getTime() - 1),
          ScheduledTimeBefore: window.end,
          SortBy: 'ScheduledTime',
          SortOrder: 'Descending',
          MaxResults: PAGE_SIZE,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      pages++;
      summaries.push(...(answer.MonitoringExecutionSummaries ?? []));
      nextToken = answer.NextToken;
    } while (nextToken && pages < MAX_RUN_PAGES);
    const runs = summaries
      .filter((s) => s.MonitoringType === undefined || s.MonitoringType === 'DataQuality')
      .flatMap((s) => runOf(s, window))
      .sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
    // Two calls at most: a second page of runs leaves no call to ask for the schedules.
    if (runs.length > 0 || pages >= MAX_RUN_PAGES) return { runs, truncated: nextToken !== undefined };

    // No run in the window: is there a schedule at all? One page is plenty for one endpoint.
    const answer = await sagemaker.send(new ListMonitoringSchedulesCommand({ EndpointName: endpoint, MaxResults: PAGE_SIZE }));
    const schedules = (answer.MonitoringScheduleSummaries ?? [])
      .filter((s) => s.MonitoringType === undefined || s.MonitoringType === 'DataQuality')
      .map((s) => ({ name: s.MonitoringScheduleName ?? '', status: s.MonitoringScheduleStatus ?? 'Unknown' }));
    return { runs, truncated: false, schedules };
  }
}

function runOf(summary: MonitoringExecutionSummary, window: { start: Date; end: Date }): MonitoringRun[] {
  const at = summary.ScheduledTime;
  if (!at || at < window.start || at >= window.end) return [];
  const status = RUN_STATUSES.find((s) => s === summary.MonitoringExecutionStatus);
  if (!status) return [];
  return [
    {
      schedule: summary.MonitoringScheduleName ?? '',
      scheduledAt: at,
      status,
      ...(summary.ProcessingJobArn ? { processingJobArn: summary.ProcessingJobArn } : {}),
      ...(summary.FailureReason ? { failureReason: summary.FailureReason } : {}),
    },
  ];
}

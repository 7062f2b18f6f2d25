import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeEndpointCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_TOKEN } from '../../src/sim/slack/slack-simulator.js';
import { startSimulators, type Simulators } from '../../src/sim/start-simulators.js';

const credentials = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator' };

describe('startSimulators', () => {
  let simulators: Simulators | undefined;
  afterEach(async () => simulators?.close());

  it('serves every simulated AWS service and the Slack Web API over one scenario', async () => {
    simulators = await startSimulators({ scenario: 'preprocess-memory', speed: 0, start: new Date('2026-11-23T14:00:00Z') });
    const sagemaker = new SageMakerClient({ endpoint: simulators.aws.url, region: 'us-east-1', credentials });
    const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' }));
    expect(endpoint.EndpointStatus).toBe('InService');

    const cloudwatch = new CloudWatchClient({ endpoint: simulators.aws.url, region: 'us-east-1', credentials });
    const alarms = await cloudwatch.send(new DescribeAlarmsCommand({}));
    expect(alarms.MetricAlarms?.length).toBeGreaterThan(0);

    const slack = new WebClient(DEFAULT_BOT_TOKEN, { slackApiUrl: simulators.slack.url });
    expect((await slack.auth.test()).ok).toBe(true);
  });

  it('puts the incident ahead of the start, so an alarm fires as simulated time passes', async () => {
    simulators = await startSimulators({ scenario: 'preprocess-memory', speed: 0, start: new Date('2026-11-23T14:00:00Z'), incidentLeadMs: 15 * 60_000 });
    let firedAfterMinutes: number | undefined;
    for (let minute = 1; minute <= 20 && firedAfterMinutes === undefined; minute++) {
      simulators.simulation.clock.advance(60_000);
      const changes = await simulators.alarms!.tick();
      const latency = changes.find((change) => change.newState === 'ALARM' && change.alarmName.startsWith('fraud-detector'));
      if (latency) {
        firedAfterMinutes = minute;
        expect(latency.notifications.length).toBeGreaterThan(0);
      }
    }
    // The breach starts about 13 minutes before the peak and needs its datapoints to alarm.
    expect(firedAfterMinutes).toBeGreaterThanOrEqual(2);
    expect(firedAfterMinutes).toBeLessThanOrEqual(12);
  });
});

import { afterEach } from 'vitest';
import { startAlarmEvaluator, type AlarmEvaluator, type AlarmEvaluatorOptions, type AlarmStateChange } from '../../../../src/sim/aws/alarm-evaluator/start-alarm-evaluator.js';
import { DEFAULT_NOW, type FleetOptions } from '../../../../src/sim/fleet/index.js';
import { cloudWatchWorld, HOUR, MINUTE, type CloudWatchWorld } from '../services/cloudwatch/cloudwatch-test-world.js';
import { startSnsTestEndpoint, type SnsTestEndpoint } from '../sns/sns-test-endpoint.js';

export const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ml-alarms';
/** The scenarios' incident peak with the default clock: 2026-11-23T15:00Z. */
export const INCIDENT = new Date(DEFAULT_NOW.getTime() - HOUR);

export interface EvaluatorWorld extends CloudWatchWorld {
  evaluator: AlarmEvaluator;
  /** Moves the clock a minute at a time up to `minutes` from the incident, ticking each minute; returns every change. */
  runUntil(minutes: number): Promise<AlarmStateChange[]>;
}

const running: AlarmEvaluator[] = [];
afterEach(() => {
  for (const evaluator of running.splice(0)) evaluator.stop();
});

/** A CloudWatch world whose clock starts `startMinutes` from the incident peak, with an alarm evaluator started on it. */
export async function evaluatorWorld(options: Omit<FleetOptions, 'incidentAt' | 'now'> & { startMinutes: number }, evaluatorOptions: Partial<AlarmEvaluatorOptions> = {}): Promise<EvaluatorWorld> {
  const { startMinutes, ...fleetOptions } = options;
  const world = await cloudWatchWorld({ ...fleetOptions, incidentAt: INCIDENT, now: new Date(INCIDENT.getTime() + startMinutes * MINUTE) });
  const evaluator = startAlarmEvaluator({ sim: world.sim, sns: world.aws.sns, cloudwatch: world.cloudwatch, ...evaluatorOptions });
  running.push(evaluator);
  return {
    ...world,
    evaluator,
    async runUntil(minutes) {
      const changes: AlarmStateChange[] = [];
      while (world.sim.now().getTime() < world.at(minutes).getTime()) {
        world.sim.clock.advance(MINUTE);
        changes.push(...(await evaluator.tick()));
      }
      return changes;
    },
  };
}

/** A tiny HTTP endpoint subscribed to the topic through the simulated SNS, confirmed by fetching its SubscribeURL. */
export async function subscribedEndpoint(world: CloudWatchWorld, topicArn = TOPIC): Promise<SnsTestEndpoint> {
  const endpoint = await startSnsTestEndpoint();
  world.aws.sns.subscribe(topicArn, { protocol: 'http', endpoint: endpoint.url });
  const confirmation = await endpoint.next('SubscriptionConfirmation');
  await fetch(confirmation.message.SubscribeURL ?? '');
  return endpoint;
}

/** The parsed CloudWatch documents of the notifications an endpoint received. */
export function alarmMessages(endpoint: SnsTestEndpoint): Array<Record<string, unknown>> {
  return endpoint.received.filter((r) => r.message.Type === 'Notification').map((r) => JSON.parse(r.message.Message ?? '{}') as Record<string, unknown>);
}

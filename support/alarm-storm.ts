/**
 * An alarm storm through the simulated SNS: `alarmCount` alarms, each on its own endpoint (so
 * its own incident), each changing state `notificationsEach` times within `durationMs` of real
 * time — ALARM, OK, ALARM… Odd alarms start with an OK the bot never saw firing (ignored) and
 * end in ALARM; even ones end OK. One alarm's notifications are published one after the other,
 * as CloudWatch does; the alarms run concurrently.
 */
import type { AlarmDefinition, AlarmState, AlarmTransition, MetricAlarmDefinition } from '../src/sim/aws/sns/alarm-notification.js';

export interface StormAlarm {
  alarm: MetricAlarmDefinition;
  endpoint: string;
  states: AlarmState[];
  final: AlarmState;
}

export function stormAlarms(alarmCount: number, notificationsEach: number): StormAlarm[] {
  return Array.from({ length: alarmCount }, (_, i) => {
    const endpoint = `storm-ep-${String(i).padStart(3, '0')}`;
    const states = Array.from({ length: notificationsEach }, (_, j): AlarmState => ((i + j) % 2 === 0 ? 'ALARM' : 'OK'));
    return { alarm: stormLatencyAlarm(endpoint), endpoint, states, final: states.at(-1)! };
  });
}

export interface StormOptions {
  durationMs: number;
  /** Awaited before each publish: lets a test hold the storm back (while the bot restarts). */
  gate?: () => Promise<void>;
  /** The storm's jitter; a seeded one makes a failing run easier to replay. Default Math.random. */
  random?: () => number;
}

/** What a storm needs from its world: something that publishes an alarm's change through SNS. */
export interface StormWorld {
  publish(alarm: AlarmDefinition, state: AlarmState, at: Date, transition?: Partial<AlarmTransition>): Promise<{ messageId: string; status: number | undefined }>;
}

export interface StormResult {
  notifications: number;
  /** Deliveries the bot did not answer 200 (SNS would retry them; none expected). */
  notDelivered: number;
  elapsedMs: number;
}

export async function runStorm(world: StormWorld, alarms: readonly StormAlarm[], options: StormOptions): Promise<StormResult> {
  const started = Date.now();
  const stormStart = Date.now() - 3_600_000;
  let notifications = 0;
  let notDelivered = 0;
  const random = options.random ?? Math.random;
  await Promise.all(
    alarms.map(async (storm, i) => {
      const stepMs = options.durationMs / storm.states.length;
      await sleep(random() * stepMs);
      for (const [j, state] of storm.states.entries()) {
        await options.gate?.();
        // StateChangeTime: 6 s apart per alarm (a flapping alarm), offset per alarm.
        const at = new Date(stormStart + j * 6_000 + i);
        const oldState = j === 0 ? (state === 'ALARM' ? 'OK' : 'ALARM') : storm.states[j - 1]!;
        const { status } = await world.publish(storm.alarm, state, at, { oldState });
        notifications += 1;
        if (status !== 200) notDelivered += 1;
        await sleep(stepMs * (0.5 + random()));
      }
    }),
  );
  return { notifications, notDelivered, elapsedMs: Date.now() - started };
}

/** The p99 ModelLatency alarm of one SageMaker endpoint, as CloudWatch describes it in a notification. */
function stormLatencyAlarm(endpointName: string): MetricAlarmDefinition {
  return {
    kind: 'metric',
    accountId: '123456789012',
    region: 'us-east-1',
    configurationUpdatedAt: new Date('2026-11-01T10:00:00.000Z'),
    alarmActions: ['arn:aws:sns:us-east-1:123456789012:ml-alarms'],
    name: `${endpointName}-p99-latency`,
    description: 'p99 above the 500 ms SLA.',
    namespace: 'AWS/SageMaker',
    metricName: 'ModelLatency',
    dimensions: { EndpointName: endpointName, VariantName: 'AllTraffic' },
    extendedStatistic: 'p99',
    unit: 'Microseconds',
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 500_000,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

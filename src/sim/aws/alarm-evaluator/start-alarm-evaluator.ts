import { ALARM_TOPIC_ARN } from '../../fleet/index.js';
import { evaluateAlarmSet } from '../services/cloudwatch/alarm-set-evaluation.js';
import type { CloudWatchState } from '../services/cloudwatch/cloudwatch-state.js';
import type { Simulation } from '../simulation.js';
import type { SimulatedSns } from '../sns/simulated-sns.js';
import { evaluateMinute, type AlarmStateChange } from './evaluate-minute.js';

export type { AlarmStateChange } from './evaluate-minute.js';

/**
 * The alarm evaluator (src/sim/aws/alarm-evaluator/): turns the scenario into CloudWatch alarm
 * notifications. Every simulated minute it evaluates every alarm (the scenario's and those put
 * through the API) and publishes each state change through the simulated SNS. At start it only
 * takes each alarm's current state — CloudWatch doesn't notify for history — so an incident
 * shows up when a state changes after start.
 *
 * With a running clock it ticks on a real timer (a simulated minute, but no more often than
 * every 250 ms, catching up on the minutes in between); with a frozen clock (tests) call
 * `tick()` after `sim.clock.advance(60_000)`.
 */
export interface AlarmEvaluatorOptions {
  sim: Simulation;
  sns: SimulatedSns;
  cloudwatch: CloudWatchState;
  /** Where the scenario's alarms notify (default the scenario's `ml-alarms` topic); created in SNS when missing. */
  topicArn?: string;
  /** Real milliseconds between ticks; default from the clock's speed. A frozen clock without it gets no timer. */
  intervalMs?: number;
  /** Called when a timer tick fails (tests call `tick()` and see the rejection instead). */
  onError?: (error: unknown) => void;
}

export interface AlarmEvaluator {
  /** Evaluates every minute boundary passed since the last tick; resolves with the state changes. */
  tick(): Promise<AlarmStateChange[]>;
  stop(): void;
}

const MINUTE_MS = 60_000;
const MIN_INTERVAL_MS = 250;
/** A tick evaluates at most this many minutes; a longer gap (a paused process) skips to the latest. */
const MAX_CATCH_UP_MINUTES = 60;

export function startAlarmEvaluator(options: AlarmEvaluatorOptions): AlarmEvaluator {
  const { sim, sns, cloudwatch } = options;
  if (cloudwatch.evaluatorStartedAt) throw new Error(`an alarm evaluator already runs for this CloudWatch (since ${cloudwatch.evaluatorStartedAt.toISOString()})`);
  const topicArn = ensureTopic(sns, options.topicArn ?? ALARM_TOPIC_ARN);
  if (topicArn !== ALARM_TOPIC_ARN) cloudwatch.useScenarioTopic(topicArn);

  const startedAt = sim.now();
  cloudwatch.evaluatorStartedAt = startedAt;
  const initial = evaluateAlarmSet(sim.fleet(), cloudwatch.alarms(), startedAt, (name) => cloudwatch.status(name));
  for (const [name, evaluated] of initial) {
    const known = cloudwatch.status(name);
    // How long the state has held is derived on demand (DescribeAlarms), unless it is already known.
    const updatedAt = known?.value === evaluated.state ? known.updatedAt : undefined;
    cloudwatch.setStatus(name, { value: evaluated.state, reason: evaluated.reason, ...(evaluated.reasonData && { reasonData: evaluated.reasonData }), ...(updatedAt && { updatedAt }) });
  }

  let lastMinute = Math.floor(startedAt.getTime() / MINUTE_MS);
  let stopped = false;
  let queue: Promise<AlarmStateChange[]> = Promise.resolve([]);
  const run = (): AlarmStateChange[] => {
    if (stopped) return [];
    const nowMinute = Math.floor(sim.now().getTime() / MINUTE_MS);
    const changes: AlarmStateChange[] = [];
    for (let minute = Math.max(lastMinute + 1, nowMinute - MAX_CATCH_UP_MINUTES + 1); minute <= nowMinute; minute++) {
      changes.push(...evaluateMinute(sim.fleet(), cloudwatch, sns, new Date(minute * MINUTE_MS)));
    }
    lastMinute = Math.max(lastMinute, nowMinute);
    return changes;
  };
  const tick = (): Promise<AlarmStateChange[]> => {
    // Ticks never overlap: each waits for the previous one.
    queue = queue.catch(() => []).then(run);
    return queue;
  };

  const interval = options.intervalMs ?? (sim.clock.speed > 0 ? Math.max(MIN_INTERVAL_MS, MINUTE_MS / sim.clock.speed) : undefined);
  const timer =
    interval !== undefined && interval > 0
      ? setInterval(() => {
          tick().catch((error: unknown) => options.onError?.(error));
        }, interval)
      : undefined;
  // The simulator's server keeps the process alive; the evaluator alone shouldn't.
  timer?.unref();

  return {
    tick,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}

/**
 * The alarm topic's ARN in the simulated SNS, created when missing (same name and region; the
 * SNS account's own ARN when the simulator runs under another account than the scenario's).
 */
function ensureTopic(sns: SimulatedSns, topicArn: string): string {
  if (sns.topics().some((topic) => topic.arn === topicArn)) return topicArn;
  const [, , service, region, , name] = topicArn.split(':');
  if (service !== 'sns' || !region || !name) throw new Error(`the alarm topic must be an SNS topic ARN (got ${topicArn})`);
  return sns.createTopic(name, region);
}

import type { SimCloudTrailEvent } from '../../../fleet/index.js';
import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { OperationContext } from '../../server/operation-registry.js';
import { SimulatedAwsError } from '../../protocol/simulated-aws-error.js';
import type { Simulation } from '../../simulation.js';
import { lookupEvents, parseLookupRequest } from './lookup-events.js';
import { type ApiActivity, type ApiActivityLog, RecordedEvents } from './recorded-events.js';
import { type RateLimit, RequestRateLimiter } from './request-rate-limiter.js';

/**
 * Simulated CloudTrail (JSON 1.1, `CloudTrail_20131101.LookupEvents`): the fleet's change
 * history (deploys by deploy-bot, alice's Lambda tuning, bob's load test) plus every change
 * the simulator's own SageMaker and Application Auto Scaling served, with the caller.
 */

export interface CloudTrailOptions {
  /**
   * LookupEvents' rate limit per account and region, on the simulated clock. Default: AWS's
   * 2 requests/second (burst 2); `false` turns it off (most tests).
   */
  rateLimit?: RateLimit | false;
}

export interface CloudTrailState extends ApiActivityLog {
  /** The simulator's own changes, oldest first. */
  readonly recorded: RecordedEvents;
  /** Everything LookupEvents can see in a region at `now`, newest first. */
  eventsAt(region: string, start: Date, end: Date): SimCloudTrailEvent[];
}

export const AWS_LOOKUP_EVENTS_RATE: RateLimit = { requestsPerSecond: 2, burst: 2 };

export function registerCloudTrail(server: AwsSimulatorServer, sim: Simulation, options: CloudTrailOptions = {}): CloudTrailState {
  const recorded = new RecordedEvents();
  const limit = options.rateLimit === undefined ? AWS_LOOKUP_EVENTS_RATE : options.rateLimit;
  const limiter = limit ? new RequestRateLimiter(limit) : undefined;
  const settlers: Array<(now: Date) => void> = [];

  const state: CloudTrailState = {
    recorded,
    record: (activity: ApiActivity) => recorded.record(activity),
    catchUpWith: (settle) => {
      settlers.push(settle);
    },
    eventsAt(region, start, end) {
      for (const settle of settlers) settle(sim.now());
      const fleet = sim.fleet();
      // The fleet lives in one region; other regions only hold what the simulator recorded there.
      const history = region === fleet.region ? fleet.cloudTrailEvents(start, new Date(end.getTime() + 1)) : [];
      const own = recorded.inRegion(region).filter((e) => e.EventTime >= start && e.EventTime <= end);
      return [...history, ...own];
    },
  };

  server.register('cloudtrail', 'LookupEvents', (input: Record<string, unknown>, ctx: OperationContext) => {
    if (limiter && !limiter.tryAcquire(`${ctx.accountId}/${ctx.region}`, ctx.now)) {
      throw new SimulatedAwsError('ThrottlingException', 'Rate exceeded', 429);
    }
    const request = parseLookupRequest(input, ctx.now);
    return lookupEvents(state.eventsAt(ctx.region, request.start, request.end), request);
  });
  return state;
}

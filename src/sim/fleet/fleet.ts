/**
 * `createFleet`: the scenario engine's entry point. A Fleet is a pure, deterministic model of a
 * small ML platform on AWS; every method derives its answer from the same minute models, so the
 * metrics, logs, traces, costs, alarms and CloudTrail events tell one story. No I/O, no wall
 * clock: the same options give the same data, byte for byte, for any window asked in any order.
 */
import type { SimAlarmDefinition } from './alarm-definitions.js';
import { type AlarmEvaluation, type AlarmState, evaluateAlarm, evaluateAlarmRule } from './alarm-evaluation.js';
import { scenarioAlarms } from './alarms.js';
import { createChangeCalendar } from './change-calendar.js';
import { MINUTE_MS, resolveClock } from './clock.js';
import { type SimCloudTrailEvent, cloudTrailEvents } from './cloudtrail.js';
import { type DailyCost, dailyCosts } from './costs.js';
import { instanceCountAt } from './instance-counts.js';
import { type SimLogEvent, logEvents } from './log-lines.js';
import { type MetricDataResult, metricData } from './metric-data.js';
import { type MetricIdentity, type MetricUnit, buildMetricCatalog, metricKey } from './metrics-catalog.js';
import { WindowCache, type ModelContext } from './model-context.js';
import { Noise } from './prng.js';
import { describeEndpoints, describeLambdas, describeLogGroups, type SimEndpoint, type SimLambda, type SimLogGroup } from './resources.js';
import { type ScenarioName, SCENARIO_NAMES, type TimelineMark, createStory, isScenarioName } from './scenarios.js';
import { ACCOUNT_ID, ENDPOINT_SPECS, REGION, RECSYS_RANKER_V1, findEndpointSpec } from './topology.js';
import { TRACES_PER_MINUTE, traces } from './traces.js';
import type { SimTrace } from './trace-shapes.js';

export const DEFAULT_SEED = 1;

export interface FleetOptions {
  scenario: ScenarioName;
  /** Noise seed (default 1). A different seed changes the noise, never the story. */
  seed?: number;
  /** The scenario's incident peaks at this instant (default: an hour before `now`). */
  incidentAt?: Date;
  /** The fleet's clock: data exists up to here (default: an hour after `incidentAt`, or 2026-11-23T16:00Z). */
  now?: Date;
  /**
   * Adds `recsys-ranker-v1`, a zombie endpoint (an instance running, no invocations), to any
   * scenario; off by default so the scenarios' endpoint lists and costs stay as they are.
   */
  zombieEndpoint?: boolean;
}

export interface Fleet {
  readonly scenario: ScenarioName;
  readonly accountId: string;
  readonly region: string;
  readonly seed: number;
  readonly now: Date;
  /** The incident instant, floored to the minute. */
  readonly incidentAt: Date;

  /** The same story and noise seen from a later (or earlier) clock — for a simulator whose time runs. */
  at(now: Date): Fleet;
  /** Named instants of the story (deploys, change points, the incident). */
  timeline(): TimelineMark[];

  endpoints(): SimEndpoint[];
  lambdas(): SimLambda[];
  /** Instances serving a variant at an instant (DescribeEndpoint's CurrentInstanceCount). */
  instanceCount(endpointName: string, variantName: string, at: Date): number;

  /** Every metric the fleet emits (ListMetrics). */
  listMetrics(): MetricIdentity[];
  metricUnit(metric: MetricIdentity): MetricUnit | undefined;
  /**
   * One value per period of [start, end) for the statistic: Average | Sum | Minimum | Maximum |
   * SampleCount | pNN(.N) | tmNN(.N). Periods start at `start` rounded down to the minute; periods
   * without samples are left out; an unknown metric gives no data. Throws RangeError for an
   * unsupported statistic or a period that is not a positive multiple of 60.
   */
  metricData(metric: MetricIdentity, start: Date, end: Date, periodS: number, stat: string): MetricDataResult;

  logGroups(): SimLogGroup[];
  /** Events of [start, end) in time order; nothing for an unknown group. Sampled: see log-lines.ts. */
  logEvents(logGroup: string, start: Date, end: Date): Iterable<SimLogEvent>;

  /** Sampled traces started in [start, end), oldest first. */
  traces(start: Date, end: Date): SimTrace[];

  /** Rows of days overlapping [start, end), within the last 90 days; today's row covers the day so far. */
  dailyCosts(start: Date, end: Date): DailyCost[];

  alarms(): SimAlarmDefinition[];
  /** An alarm's state at an instant (composite alarms from their children's). */
  evaluateAlarm(alarm: SimAlarmDefinition, at: Date): AlarmEvaluation;

  /** Changes in [start, end) up to `now`, newest first. */
  cloudTrailEvents(start: Date, end: Date): SimCloudTrailEvent[];
}

export function createFleet(options: FleetOptions): Fleet {
  return buildFleet(options, new WindowCache());
}

/**
 * A minute's model depends on the story, the seed and the changes, never on `now` — so fleets
 * that differ only by their clock (`at()`) share computed windows.
 */
function buildFleet(options: FleetOptions, windows: WindowCache): Fleet {
  if (!isScenarioName(options.scenario)) {
    throw new RangeError(`unknown scenario "${String(options.scenario)}" (known: ${SCENARIO_NAMES.join(', ')})`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer (got ${seed})`);
  const clock = resolveClock(options.now, options.incidentAt);
  const scenario = options.scenario;
  const story = createStory(scenario, clock);
  const calendar = createChangeCalendar(scenario, clock);
  const zombieEndpoint = options.zombieEndpoint === true;
  const endpointSpecs = zombieEndpoint ? [...ENDPOINT_SPECS, RECSYS_RANKER_V1] : ENDPOINT_SPECS;
  const context: ModelContext = { clock, story, noise: new Noise(seed), calendar, endpointSpecs, windows };
  const catalog = buildMetricCatalog(context);
  const alarms = scenarioAlarms(scenario);
  const alarmsByName = new Map(alarms.map((alarm) => [alarm.alarmName, alarm]));

  const fleet: Fleet = {
    scenario,
    accountId: ACCOUNT_ID,
    region: REGION,
    seed,
    now: new Date(clock.nowMs),
    incidentAt: new Date(clock.incidentMs),
    at: (now) => buildFleet({ scenario, seed, incidentAt: new Date(clock.incidentMs), now, zombieEndpoint }, windows),
    timeline: () => story.timeline(),
    endpoints: () => describeEndpoints(clock, calendar, endpointSpecs),
    lambdas: () => describeLambdas(clock, calendar),
    instanceCount(endpointName, variantName, at) {
      const spec = findEndpointSpec(endpointName, endpointSpecs);
      if (!spec || spec.variant !== variantName) throw new RangeError(`no variant ${variantName} on an endpoint named "${endpointName}"`);
      return instanceCountAt(context, spec, Math.floor(at.getTime() / MINUTE_MS));
    },
    listMetrics: () => [...catalog.values()].map((series) => series.identity),
    metricUnit: (metric) => catalog.get(metricKey(metric))?.unit,
    metricData: (metric, start, end, periodS, stat) => metricData(catalog.get(metricKey(metric)), clock, start, end, periodS, stat),
    logGroups: () => describeLogGroups(clock),
    logEvents: (logGroup, start, end) => ({ [Symbol.iterator]: () => logEvents(context, logGroup, start, end) }),
    traces: (start, end) => traces(context, start, end),
    dailyCosts: (start, end) => dailyCosts(context, start, end, alarms.length, 2 * TRACES_PER_MINUTE),
    alarms: () => [...alarms],
    evaluateAlarm(alarm, at) {
      if (alarm.kind !== 'composite') return evaluateAlarm(fleet.metricData, alarm, at);
      const stateOf = (name: string): AlarmState | undefined => {
        const child = alarmsByName.get(name) ?? alarms.find((candidate) => candidate.alarmArn === name);
        return child ? fleet.evaluateAlarm(child, at).state : undefined;
      };
      const firing = evaluateAlarmRule(alarm.alarmRule, stateOf);
      return { state: firing ? 'ALARM' : 'OK', datapoints: [], reason: `${firing ? 'ALARM' : 'OK'}: ${alarm.alarmRule}` };
    },
    cloudTrailEvents: (start, end) => cloudTrailEvents(calendar, clock, start, end),
  };
  return fleet;
}

import { createFleet, type ScenarioName } from './fleet/index.js';
import { startAlarmEvaluator, type AlarmEvaluator } from './aws/alarm-evaluator/start-alarm-evaluator.js';
import type { FaultOptions } from './aws/server/fault-injector.js';
import { startAwsSimulator, type AwsSimulator } from './aws/server/start-aws-simulator.js';
import { registerAutoScaling, type AutoScalingState } from './aws/services/autoscaling/register-auto-scaling.js';
import { registerCloudTrail, type CloudTrailState } from './aws/services/cloudtrail/register-cloudtrail.js';
import { registerCloudWatch } from './aws/services/cloudwatch/register-cloudwatch.js';
import type { CloudWatchState } from './aws/services/cloudwatch/cloudwatch-state.js';
import { registerCostExplorer, type CostExplorerState } from './aws/services/cost-explorer/register-cost-explorer.js';
import { registerLambda } from './aws/services/lambda/register-lambda.js';
import { registerLogs, type LogsState } from './aws/services/logs/register-logs.js';
import { registerSageMaker, type SageMakerState } from './aws/services/sagemaker/register-sagemaker.js';
import { registerXRay } from './aws/services/xray/register-xray.js';
import { Simulation } from './aws/simulation.js';
import { SimClock } from './sim-clock.js';
import { startSlackSimulator, type SlackSimulator } from './slack/slack-simulator.js';

export interface SimulatorsOptions {
  scenario?: ScenarioName;
  seed?: number;
  /** Adds the zombie endpoint `recsys-ranker-v1` to the fleet (see `FleetOptions`). */
  zombieEndpoint?: boolean;
  /** Simulated seconds per real second (default 1; 0 freezes the clock for tests). */
  speed?: number;
  /**
   * Simulated time at start. Default: the real time now, with the scenario's incident peaking
   * `incidentLeadMs` later, so a person watching sees it unfold.
   */
  start?: Date;
  /** How long after start the scenario's incident peaks (default 15 simulated minutes). */
  incidentLeadMs?: number;
  awsPort?: number;
  slackPort?: number;
  host?: string;
  faults?: FaultOptions;
  /** Evaluate alarms and deliver SNS notifications as time passes (default true). */
  alarms?: boolean;
  /** SNS delivery retry policy; tests shorten the delay. */
  snsRetryDelayMs?: number;
}

export interface Simulators {
  simulation: Simulation;
  aws: AwsSimulator;
  slack: SlackSimulator;
  services: {
    cloudwatch: CloudWatchState;
    logs: LogsState;
    sagemaker: SageMakerState;
    autoscaling: AutoScalingState;
    cloudtrail: CloudTrailState;
    costExplorer: CostExplorerState;
  };
  alarms: AlarmEvaluator | undefined;
  close(): Promise<void>;
}

const DEFAULT_INCIDENT_LEAD_MS = 15 * 60_000;

/**
 * The AWS and Slack simulators over one scenario: what `mlobs sim` serves, what local mode runs
 * the bot against, and what integration tests and benchmarks start.
 */
export async function startSimulators(options: SimulatorsOptions = {}): Promise<Simulators> {
  const scenario = options.scenario ?? 'preprocess-memory';
  const start = new Date(Math.floor((options.start ?? new Date()).getTime() / 60_000) * 60_000);
  const base = createFleet({
    scenario,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.zombieEndpoint ? { zombieEndpoint: true } : {}),
    incidentAt: new Date(start.getTime() + (options.incidentLeadMs ?? DEFAULT_INCIDENT_LEAD_MS)),
    now: start,
  });
  const simulation = new Simulation(base, new SimClock({ start, speed: options.speed ?? 1 }));
  const host = options.host ?? '127.0.0.1';

  const aws = await startAwsSimulator({
    port: options.awsPort ?? 0,
    host,
    clock: () => simulation.now(),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.snsRetryDelayMs === undefined ? {} : { snsDelivery: { retryDelayMs: options.snsRetryDelayMs } }),
  });
  let slack: SlackSimulator;
  try {
    slack = await startSlackSimulator({ port: options.slackPort ?? 0, host });
  } catch (error) {
    await aws.close();
    throw error;
  }

  const cloudtrail = registerCloudTrail(aws.server, simulation);
  const sagemaker = registerSageMaker(aws.server, simulation, { trail: cloudtrail });
  const services = {
    cloudwatch: registerCloudWatch(aws.server, simulation),
    logs: registerLogs(aws.server, simulation),
    sagemaker,
    autoscaling: registerAutoScaling(aws.server, simulation, { sagemaker, trail: cloudtrail }),
    cloudtrail,
    costExplorer: registerCostExplorer(aws.server, simulation),
  };
  registerXRay(aws.server, simulation);
  registerLambda(aws.server, simulation);

  const alarms = options.alarms === false ? undefined : startAlarmEvaluator({ sim: simulation, sns: aws.sns, cloudwatch: services.cloudwatch });
  return {
    simulation,
    aws,
    slack,
    services,
    alarms,
    async close() {
      alarms?.stop();
      await Promise.all([aws.close(), slack.close()]);
    },
  };
}

/**
 * `storm`: 300 alarms that flap — 20 on fraud-detector and 20 on recsys-ranker (latency
 * statistics whose threshold sits between the healthy and the ×2.5 flapped level), 10 on
 * churn-model (CPU and memory), and 250 on the 50 synthetic pipelines (5 metrics each).
 * Each flapping condition has its own period (6–20 minutes), so state changes arrive
 * continuously, not in lockstep.
 */
import { type SimAlarmDefinition, metricAlarm } from './alarm-definitions.js';
import { sagemakerMetric } from './metrics-catalog.js';
import { queueingFactor } from './endpoint-model.js';
import { inverseNormalCdf } from './normal-distribution.js';
import { STORM_DIMENSION, STORM_METRICS, STORM_NAMESPACE, stormPipelineNames } from './storm.js';
import { CHURN_MODEL, type EndpointSpec, FRAUD_DETECTOR, RECSYS_RANKER } from './topology.js';

/** Thresholds sit this far above the healthy peak-hour value (flapping multiplies by 2.5). */
const STORM_THRESHOLD_FACTOR = 1.6;
const LATENCY_STATS = ['p50', 'p90', 'p95', 'p99', 'Average'] as const;
/** Two evaluation rules per statistic: [evaluationPeriods, datapointsToAlarm]. */
const RULES = [
  [1, 1],
  [3, 2],
] as const;

/** The healthy value of a latency statistic at peak-hour utilisation, in microseconds. */
function healthyLatencyUs(spec: EndpointSpec, metric: 'ModelLatency' | 'OverheadLatency', stat: string): number {
  const rho = spec.peakRatePerMinute / (spec.initialInstanceCount * spec.capacityPerInstancePerMinute);
  const queue = queueingFactor(rho);
  const median = metric === 'ModelLatency' ? spec.modelMedianMs * queue : spec.overheadMedianMs * (1 + (queue - 1) / 2);
  const sigma = metric === 'ModelLatency' ? spec.modelSigma + 0.25 * rho * rho : spec.overheadSigma + 0.15 * rho * rho;
  const factor = stat === 'Average' ? Math.exp((sigma * sigma) / 2) : Math.exp(sigma * inverseNormalCdf(Number(stat.slice(1)) / 100));
  return median * factor * 1_000;
}

function latencyAlarms(spec: EndpointSpec): SimAlarmDefinition[] {
  return (['ModelLatency', 'OverheadLatency'] as const).flatMap((metricName) =>
    LATENCY_STATS.flatMap((stat) =>
      RULES.map(([evaluationPeriods, datapointsToAlarm]) =>
        metricAlarm({
          name: `storm-${spec.name}-${metricName === 'ModelLatency' ? 'model' : 'overhead'}-${stat.toLowerCase()}-${datapointsToAlarm}of${evaluationPeriods}`,
          what: `storm: ${spec.name} ${metricName} ${stat} high.`,
          metric: sagemakerMetric(spec, metricName),
          stat,
          periodS: 60,
          threshold: Math.round(STORM_THRESHOLD_FACTOR * healthyLatencyUs(spec, metricName, stat)),
          evaluationPeriods,
          datapointsToAlarm,
          unit: 'Microseconds',
        }),
      ),
    ),
  );
}

function churnAlarms(): SimAlarmDefinition[] {
  const limits = { CPUUtilization: 60, MemoryUtilization: 40 } as const;
  return (['CPUUtilization', 'MemoryUtilization'] as const).flatMap((metricName) =>
    (['Average', 'Maximum', 'Minimum', 'p50', 'p90'] as const).map((stat) =>
      metricAlarm({
        name: `storm-${CHURN_MODEL.name}-${metricName === 'CPUUtilization' ? 'cpu' : 'memory'}-${stat.toLowerCase()}`,
        what: `storm: ${CHURN_MODEL.name} ${metricName} ${stat} high.`,
        metric: sagemakerMetric(CHURN_MODEL, metricName),
        stat,
        periodS: 60,
        threshold: limits[metricName],
        evaluationPeriods: 1,
        unit: 'Percent',
      }),
    ),
  );
}

function pipelineAlarms(): SimAlarmDefinition[] {
  return stormPipelineNames().flatMap((pipeline, i) =>
    STORM_METRICS.map((spec, j) => {
      const periods = (i + j) % 2 === 0 ? 1 : 2;
      return metricAlarm({
        name: `storm-${pipeline}-${spec.metricName}`,
        what: `storm: ${pipeline} ${spec.metricName} above ${spec.threshold}.`,
        metric: { namespace: STORM_NAMESPACE, metricName: spec.metricName, dimensions: { [STORM_DIMENSION]: pipeline } },
        stat: 'Average',
        periodS: 60,
        threshold: spec.threshold,
        evaluationPeriods: periods,
        unit: spec.unit,
      });
    }),
  );
}

export function stormAlarms(): SimAlarmDefinition[] {
  return [...latencyAlarms(FRAUD_DETECTOR), ...latencyAlarms(RECSYS_RANKER), ...churnAlarms(), ...pipelineAlarms()];
}

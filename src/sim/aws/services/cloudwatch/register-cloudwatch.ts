import type { AwsSimulatorServer } from '../../server/aws-simulator-server.js';
import type { Simulation } from '../../simulation.js';
import { configurationRecord } from './alarm-history-records.js';
import { type Input, asInput, stringList, validationError, missingParameter } from './cloudwatch-input.js';
import { CloudWatchState } from './cloudwatch-state.js';
import { describeAlarmHistory } from './describe-alarm-history.js';
import { describeAlarms } from './describe-alarms.js';
import { getMetricData } from './get-metric-data.js';
import { listMetrics } from './list-metrics.js';
import { readPutMetricAlarm } from './put-metric-alarm.js';

/**
 * Simulated CloudWatch (src/sim/aws/services/cloudwatch/): GetMetricData, ListMetrics,
 * DescribeAlarms, DescribeAlarmHistory, PutMetricAlarm and DeleteAlarms over the scenario's
 * fleet. The installed client speaks JSON 1.0 (awsQueryCompatible); older clients' awsQuery
 * form posts reach the same handlers with string scalars, which the input readers coerce.
 * The returned state is what the alarm evaluator (src/sim/aws/alarm-evaluator/) drives.
 */
export function registerCloudWatch(server: AwsSimulatorServer, sim: Simulation): CloudWatchState {
  const state = new CloudWatchState(sim);
  const read = (input: unknown): Input => asInput(input);

  server
    .register('cloudwatch', 'GetMetricData', (input, ctx) => getMetricData(read(input), sim.fleet(), ctx.now))
    .register('cloudwatch', 'ListMetrics', (input) => listMetrics(read(input), sim.fleet()))
    .register('cloudwatch', 'DescribeAlarms', (input, ctx) => describeAlarms(read(input), state, sim.fleet(), ctx.now))
    .register('cloudwatch', 'DescribeAlarmHistory', (input, ctx) => describeAlarmHistory(read(input), state, sim.fleet(), ctx.now))
    .register('cloudwatch', 'PutMetricAlarm', (input, ctx) => {
      const definition = readPutMetricAlarm(read(input), ctx, sim.fleet());
      const { created, previous } = state.putAlarm(definition, ctx.now);
      state.record(configurationRecord(created ? 'Create' : 'Update', definition, ctx.now, previous?.definition));
      return {};
    })
    .register('cloudwatch', 'DeleteAlarms', (input, ctx) => {
      const names = stringList(read(input), 'AlarmNames', 'alarmNames', 100);
      if (!names || names.length === 0) throw missingParameter('AlarmNames');
      const composites = names.filter((name) => state.alarm(name)?.definition.kind === 'composite');
      if (composites.length > 1) throw validationError(`You can delete no more than one composite alarm per call (got ${composites.join(', ')}).`);
      // As documented: names that don't exist are skipped, the others are deleted.
      for (const name of names) {
        const deleted = state.deleteAlarm(name, ctx.now);
        if (deleted) state.record(configurationRecord('Delete', deleted.definition, ctx.now));
      }
      return {};
    });
  return state;
}

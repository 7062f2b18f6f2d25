/**
 * How fast the simulator computes what the bot asks of it. Prints figures; asserts nothing (speed
 * targets live here, not in the test suite). Run: `npm run bench:sim`.
 *
 * Targets: 7 days × 60 s of one metric < 50 ms; 90 days of daily costs < 1 s; one alarm-evaluator
 * tick over the storm scenario's 312 alarms < 100 ms (medians, after warm-up).
 */
import { cpus, totalmem } from 'node:os';
import { createFleet } from '../src/sim/fleet/index.js';
import { startSimulators } from '../src/sim/start-simulators.js';

const DAY = 86_400_000;

function medianMs(runs: number, call: (seed: number) => void): number {
  for (let seed = 1_000; seed < 1_005; seed++) call(seed);
  const times: number[] = [];
  for (let seed = 0; seed < runs; seed++) {
    const started = performance.now();
    call(seed);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const metricMs = medianMs(7, (seed) => {
  const fleet = createFleet({ scenario: 'preprocess-memory', seed });
  fleet.metricData(
    { namespace: 'AWS/SageMaker', metricName: 'ModelLatency', dimensions: { EndpointName: 'fraud-detector', VariantName: 'AllTraffic' } },
    new Date(fleet.now.getTime() - 7 * DAY),
    fleet.now,
    60,
    'p99',
  );
});
const costsMs = medianMs(3, (seed) => {
  const fleet = createFleet({ scenario: 'daily-spike', seed });
  fleet.dailyCosts(new Date(fleet.now.getTime() - 90 * DAY), fleet.now);
});

const simulators = await startSimulators({ scenario: 'storm', speed: 0, start: new Date('2026-11-23T12:00:00Z') });
const ticks: number[] = [];
for (let minute = 0; minute < 20; minute++) {
  simulators.simulation.clock.advance(60_000);
  const started = performance.now();
  await simulators.alarms!.tick();
  ticks.push(performance.now() - started);
}
await simulators.close();
ticks.sort((a, b) => a - b);

console.log(`machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB`);
console.log(`7 days × 60 s of p99 ModelLatency: ${metricMs.toFixed(1)} ms (target < 50)`);
console.log(`90 days of daily costs: ${costsMs.toFixed(1)} ms (target < 1,000)`);
console.log(`storm alarm tick (312 alarms), median of 20: ${ticks[10]!.toFixed(1)} ms (target < 100)`);

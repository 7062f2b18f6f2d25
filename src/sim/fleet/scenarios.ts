/**
 * The stories. A `Story` says how a scenario bends the healthy fleet over time; the models
 * (traffic, latency, Lambda, drift) ask it at each minute. Everything is relative to the
 * incident instant T, so a scenario tells the same story whatever the clock — and the numbers
 * here are the ones the README and the tests rely on.
 */
import { type FleetClock, DAY_MS, HOUR_MS, MINUTE_MS, MINUTES_PER_DAY, floorTo } from './clock.js';
import { hashString } from './prng.js';
import { FRAUD_DETECTOR, FRAUD_PREPROCESS, MONITORING, RECSYS_RANKER } from './topology.js';

export type ScenarioName = 'steady' | 'preprocess-memory' | 'daily-spike' | 'drift' | 'storm';

export const SCENARIO_NAMES: readonly ScenarioName[] = ['steady', 'preprocess-memory', 'daily-spike', 'drift', 'storm'];

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** preprocess-memory: a Lambda deploy makes the pre-processing memory-bound around T. */
export const PREPROCESS_MEMORY = {
  lambdaName: FRAUD_PREPROCESS.name,
  endpointName: FRAUD_DETECTOR.name,
  /** deploy-bot updates the function this many minutes before T. */
  deployMinutesBefore: 40,
  /** Pressure ramps up from the deploy and is total in [T − 10 min, T + 10 min]… */
  fullFromMinutesBefore: 10,
  fullUntilMinutesAfter: 10,
  /** …then eases off as the peak passes, gone by T + 40 min. */
  goneMinutesAfter: 40,
  /** memory_utilization = healthy + this × min(1, 1.25 × pressure). */
  memoryRisePercent: 39,
  /** Extra median time in the function's own code at full pressure (GC thrash). */
  preprocessPenaltyMs: 1_200,
  /** Extra median OverheadLatency of fraud-detector at full pressure (payloads trickle in). */
  overheadPenaltyMs: 200,
} as const;

/** daily-spike: recsys-ranker's traffic jumps at T's time of day, every day. */
export const DAILY_SPIKE = {
  endpointName: RECSYS_RANKER.name,
  durationMinutes: 40,
  /** +300 %. */
  trafficMultiplier: 4,
  /** The first spike happened this many days before T's day (a new evening campaign). */
  sinceDaysBefore: 30,
} as const;

/** drift: a change upstream shifts transaction_amount's distribution. */
export const DRIFT = {
  feature: 'transaction_amount',
  /** The change lands at the top of the hour this many hours before T's hour. */
  changeHoursBefore: 3,
  /** Drift climbs linearly to its new level over this long. */
  rampHours: 3,
  driftedValue: 0.35,
  threshold: MONITORING.threshold,
} as const;

/** Every scenario: 8 days before T's day, bob load-tests recsys-ranker by raising its MinCapacity. */
export const COST_ANOMALY = {
  daysBefore: 8,
  endpointName: RECSYS_RANKER.name,
  minCapacity: 4,
  fromMinuteOfDay: 3 * 60 + 30,
  toMinuteOfDay: 23 * 60,
} as const;

/** storm: conditions flap on and off with periods between these bounds (minutes). */
export const STORM = { shortestPeriodMinutes: 6, longestPeriodMinutes: 20 } as const;

export interface TimelineMark {
  readonly at: Date;
  readonly label: string;
}

export interface Story {
  readonly scenario: ScenarioName;
  /** Multiplies an endpoint's healthy traffic. */
  trafficMultiplier(endpointName: string, minute: number): number;
  /** 0…1: how memory-bound the pre-processing Lambda is. */
  preprocessPressure(minute: number): number;
  /** Added to a feature's baseline drift. */
  driftShift(feature: string, minute: number): number;
  /** storm: whether the flapping condition named `key` is on. */
  flapping(key: string, minute: number): boolean;
  /** A MinCapacity set by hand at that minute, if any. */
  minCapacityOverride(endpointName: string, minute: number): number | undefined;
  /** The instants of the story worth knowing (deploys, change points, first spike…). */
  timeline(): TimelineMark[];
}

export function createStory(scenario: ScenarioName, clock: FleetClock): Story {
  const t = clock.incidentMinute;
  const anomalyDayMinute = (clock.incidentDayMs - COST_ANOMALY.daysBefore * DAY_MS) / MINUTE_MS;
  const driftChangeMinute = floorTo(clock.incidentMs, HOUR_MS) / MINUTE_MS - DRIFT.changeHoursBefore * 60;
  const firstSpikeMinute = t - DAILY_SPIKE.sinceDaysBefore * MINUTES_PER_DAY;

  const story: Story = {
    scenario,
    trafficMultiplier(endpointName, minute) {
      if (scenario !== 'daily-spike' || endpointName !== DAILY_SPIKE.endpointName) return 1;
      const sinceSpikeStart = (((minute - t) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
      const spikeStart = minute - sinceSpikeStart;
      return sinceSpikeStart < DAILY_SPIKE.durationMinutes && spikeStart >= firstSpikeMinute ? DAILY_SPIKE.trafficMultiplier : 1;
    },
    preprocessPressure(minute) {
      return scenario === 'preprocess-memory' ? pressureEnvelope(minute - t) : 0;
    },
    driftShift(feature, minute) {
      if (scenario !== 'drift' || feature !== DRIFT.feature || minute < driftChangeMinute) return 0;
      const baseline = MONITORING.baselineDrift[feature] ?? 0;
      const progress = Math.min(1, (minute - driftChangeMinute) / (DRIFT.rampHours * 60));
      return (DRIFT.driftedValue - baseline) * progress;
    },
    flapping(key, minute) {
      if (scenario !== 'storm') return false;
      const span = STORM.longestPeriodMinutes - STORM.shortestPeriodMinutes + 1;
      const period = STORM.shortestPeriodMinutes + (hashString(key) % span);
      const phase = hashString(`${key}#phase`) % period;
      return (minute + phase) % period < period / 2;
    },
    minCapacityOverride(endpointName, minute) {
      if (endpointName !== COST_ANOMALY.endpointName) return undefined;
      const offset = minute - anomalyDayMinute;
      return offset >= COST_ANOMALY.fromMinuteOfDay && offset < COST_ANOMALY.toMinuteOfDay ? COST_ANOMALY.minCapacity : undefined;
    },
    timeline() {
      const at = (minute: number) => new Date(minute * MINUTE_MS);
      const marks: TimelineMark[] = [
        { at: at(anomalyDayMinute + COST_ANOMALY.fromMinuteOfDay), label: 'bob raises recsys-ranker MinCapacity to 4 for a load test' },
        { at: at(anomalyDayMinute + COST_ANOMALY.toMinuteOfDay), label: 'bob restores recsys-ranker MinCapacity to 2' },
      ];
      if (scenario === 'preprocess-memory') {
        marks.push(
          { at: at(t - PREPROCESS_MEMORY.deployMinutesBefore), label: 'deploy-bot updates fraud-preprocess' },
          { at: at(t - PREPROCESS_MEMORY.fullFromMinutesBefore), label: 'fraud-preprocess memory-bound; timeouts; p99 above SLA' },
          { at: at(t + PREPROCESS_MEMORY.goneMinutesAfter), label: 'memory pressure gone' },
        );
      }
      if (scenario === 'daily-spike') marks.push({ at: at(firstSpikeMinute), label: 'first daily recsys-ranker traffic spike' });
      if (scenario === 'drift') marks.push({ at: at(driftChangeMinute), label: 'transaction_amount starts drifting' });
      marks.push({ at: at(t), label: `incident peak (${scenario})` });
      return marks.sort((a, b) => a.at.getTime() - b.at.getTime());
    },
  };
  return story;
}

/** 0 → 1 linearly from the deploy to T − 10 min, 1 until T + 10 min, back to 0 at T + 40 min. */
function pressureEnvelope(minutesFromIncident: number): number {
  const p = PREPROCESS_MEMORY;
  const d = minutesFromIncident;
  if (d <= -p.deployMinutesBefore || d >= p.goneMinutesAfter) return 0;
  if (d < -p.fullFromMinutesBefore) return (d + p.deployMinutesBefore) / (p.deployMinutesBefore - p.fullFromMinutesBefore);
  if (d <= p.fullUntilMinutesAfter) return 1;
  return (p.goneMinutesAfter - d) / (p.goneMinutesAfter - p.fullUntilMinutesAfter);
}

/** The minute the drift starts (top of the hour, {@link DRIFT.changeHoursBefore} h before T's hour). */
export function driftChangeAt(clock: FleetClock): Date {
  return new Date(floorTo(clock.incidentMs, HOUR_MS) - DRIFT.changeHoursBefore * HOUR_MS);
}

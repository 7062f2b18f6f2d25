/**
 * A world for pipeline tests: a real store (SQLite or PostgreSQL) with the incident tables, the
 * real SNS inbox, a controllable clock, and a recording fake of the `IncidentThreads` port —
 * the Slack side is tested on its own (test/e2e/incidents/).
 */
import { randomUUID } from 'node:crypto';
import type { Config, RoutingRule } from '../../../src/config/config.js';
import { INCIDENT_BUTTONS } from '../../../src/config/config.js';
import { AlarmPipeline, type AlarmPipelineOptions } from '../../../src/incidents/pipeline/alarm-pipeline.js';
import type { IncidentThreads, PlainNotice, StoreTransaction, ThreadChange } from '../../../src/incidents/pipeline/incident-threads.js';
import { StoredIncidents } from '../../../src/incidents/pipeline/stored-incidents.js';
import { alarmNotification, type AlarmDefinition, type AlarmState, type MetricAlarmDefinition } from '../../../src/sim/aws/sns/alarm-notification.js';
import type { Store } from '../../../src/store/database.js';
import { SnsInbox } from '../../../src/store/sns-inbox.js';
import { createLogger, type Logger } from '../../../src/telemetry/logger.js';

export const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ml-alarms';
export const T0 = new Date('2026-11-23T14:00:00.000Z');

export function metricAlarm(name: string, endpoint: string, overrides: Partial<MetricAlarmDefinition> = {}): MetricAlarmDefinition {
  return {
    kind: 'metric',
    name,
    accountId: '123456789012',
    region: 'us-east-1',
    configurationUpdatedAt: new Date('2026-11-01T10:00:00.000Z'),
    namespace: 'AWS/SageMaker',
    metricName: 'ModelLatency',
    dimensions: { EndpointName: endpoint, VariantName: 'AllTraffic' },
    extendedStatistic: 'p99',
    unit: 'Microseconds',
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 500_000,
    ...overrides,
  };
}

const REASONS: Record<AlarmState, string> = {
  ALARM: 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0) (minimum 3 datapoints for OK -> ALARM transition).',
  OK: 'Threshold Crossed: 1 out of the last 3 datapoints [310000.0 (23/11/26 14:20:00)] was not greater than the threshold (500000.0) (minimum 1 datapoint for ALARM -> OK transition).',
  INSUFFICIENT_DATA: 'Insufficient Data: 3 datapoints were unknown.',
};

/** Controllable time, shared by the inbox and the pipeline. */
export class TestClock {
  constructor(public nowMs = T0.getTime()) {}
  readonly now = (): Date => new Date(this.nowMs);
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** Records what the pipeline hands to the port; `failWhen` makes `apply` throw (a crash mid-transaction). */
export class RecordingThreads implements IncidentThreads {
  readonly changes: ThreadChange[] = [];
  readonly notices: PlainNotice[] = [];
  failWhen: ((change: ThreadChange) => boolean) | undefined;

  async apply(_trx: StoreTransaction, change: ThreadChange): Promise<void> {
    if (this.failWhen?.(change)) throw new Error(`Slack side failed for incident #${change.incident.number}`);
    this.changes.push(change);
  }

  async notice(_trx: StoreTransaction, notice: PlainNotice): Promise<void> {
    this.notices.push(notice);
  }

  effectKinds(): string[][] {
    return this.changes.map((change) => change.effects.map((effect) => effect.kind));
  }
}

export type PipelineConfig = Pick<Config, 'routing' | 'slack' | 'incidents'>;

export function pipelineConfig(routing: RoutingRule[] = []): PipelineConfig {
  return {
    routing,
    slack: { connection: { mode: 'local' }, apiUrl: undefined, defaultChannel: '#ml-incidents' },
    incidents: {
      reopenWindowMs: 30 * 60_000,
      reminderAfterMs: 30 * 60_000,
      reminderBackoff: 2,
      flapping: { transitions: 5, withinMs: 10 * 60_000 },
      buttons: [...INCIDENT_BUTTONS],
    },
  };
}

export interface PipelineWorld {
  store: Store;
  clock: TestClock;
  inbox: SnsInbox;
  threads: RecordingThreads;
  incidents: StoredIncidents;
  logs: Array<Record<string, unknown>>;
  log: Logger;
  pipeline(overrides?: Partial<AlarmPipelineOptions>): AlarmPipeline;
  /** Stores a CloudWatch notification for `alarm` going to `state` at `at` (published `publishedAt`, default `at`). */
  publish(alarm: AlarmDefinition, state: AlarmState, at: Date, options?: { publishedAt?: Date; messageId?: string }): Promise<string>;
  storeRaw(message: string, options?: { kind?: 'notification' | 'subscription-confirmation' | 'unsubscribe-confirmation'; subject?: string; publishedAt?: Date }): Promise<string>;
}

export async function openPipelineWorld(store: Store, config: PipelineConfig = pipelineConfig()): Promise<PipelineWorld> {
  const clock = new TestClock();
  const inbox = new SnsInbox(store, { clock: clock.now });
  const threads = new RecordingThreads();
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const previous = new Map<string, AlarmState>();
  const storeRaw: PipelineWorld['storeRaw'] = async (message, options = {}) => {
    const messageId = randomUUID();
    await inbox.store({
      messageId,
      kind: options.kind ?? 'notification',
      topicArn: TOPIC,
      subject: options.subject ?? null,
      message,
      snsTimestamp: options.publishedAt ?? clock.now(),
    });
    return messageId;
  };
  return {
    store,
    clock,
    inbox,
    threads,
    incidents: StoredIncidents.over(store, config.incidents),
    logs,
    log,
    pipeline: (overrides = {}) => new AlarmPipeline({ store, inbox, threads, config, log, clock: clock.now, ...overrides }),
    async publish(alarm, state, at, options = {}) {
      const oldState = previous.get(alarm.name) ?? (state === 'OK' ? 'ALARM' : 'OK');
      previous.set(alarm.name, state);
      const notification = alarmNotification(alarm, { oldState, newState: state, reason: REASONS[state], at });
      const messageId = options.messageId ?? randomUUID();
      const stored = await inbox.store({
        messageId,
        kind: 'notification',
        topicArn: TOPIC,
        subject: notification.subject,
        message: notification.message,
        snsTimestamp: options.publishedAt ?? at,
      });
      if (stored !== 'stored') throw new Error(`message ${messageId} was already stored`);
      return messageId;
    },
    storeRaw,
  };
}

export const minutes = (n: number): number => n * 60_000;
export const at = (minute: number): Date => new Date(T0.getTime() + minutes(minute));

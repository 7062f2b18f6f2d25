/**
 * A fresh world for outbox tests: a store (SQLite or PostgreSQL) with the outbox tables, the
 * Slack simulator with its rate limits on, the real `WebClient` (no retries of its own),
 * and senders on simulated time — `sleep` moves the shared clock forward, so a 30 s
 * Retry-After or a minute of outage costs no real time.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import { Registry } from 'prom-client';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from '../../../src/sim/slack/slack-simulator.js';
import { DEFAULT_CHANNELS } from '../../../src/sim/slack/workspace.js';
import { Outbox } from '../../../src/slack/outbox/outbox.js';
import { OutboxMetrics } from '../../../src/slack/outbox/outbox-metrics.js';
import { OutboxSender, type OutboxSenderOptions } from '../../../src/slack/outbox/outbox-sender.js';
import { WebClientChatApi, createOutboxWebClient, type SlackChatApi } from '../../../src/slack/outbox/slack-chat-api.js';
import type { Store } from '../../../src/store/database.js';
import { outboxDb, type OutboxDb } from '../../../src/store/slack-outbox.js';
import { createLogger, type Logger } from '../../../src/telemetry/logger.js';

export const INCIDENTS = 'C0INCIDENTS';
export const COSTS = 'C0COSTS';
export const TRAINING = 'C0TRAINING';

/** Simulated time shared by the simulator and the senders; only moves forward. */
export class VirtualTime {
  constructor(private nowMs = Date.UTC(2026, 10, 23, 14, 0, 0)) {}

  readonly now = (): number => this.nowMs;

  advance(ms: number): void {
    this.nowMs += Math.max(0, ms);
  }

  /** Jumps to the end of the wait, then yields to the event loop (I/O runs, nothing spins). */
  readonly sleep = async (ms: number): Promise<void> => {
    this.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
  };
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface OutboxWorld {
  store: Store;
  db: OutboxDb;
  sim: SlackSimulator;
  time: VirtualTime;
  slack: SlackChatApi;
  outbox: Outbox;
  metrics: OutboxMetrics;
  log: Logger;
  logs: LogLine[];
  sender(options?: Partial<OutboxSenderOptions>): OutboxSender;
  close(): Promise<void>;
}

export const quietSlackLogger: SlackLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

export async function openOutboxWorld(store: Store, options: { sim?: SlackSimulatorOptions; slack?: (api: SlackChatApi, sim: SlackSimulator) => SlackChatApi } = {}): Promise<OutboxWorld> {
  const time = new VirtualTime();
  const sim = await startSlackSimulator({
    clock: time.now,
    workspace: { channels: [...DEFAULT_CHANNELS, { id: TRAINING, name: 'ml-training', isMember: true }] },
    ...options.sim,
  });
  const client = createOutboxWebClient({ token: DEFAULT_BOT_TOKEN, slackApiUrl: sim.url, logger: quietSlackLogger });
  const webApi = new WebClientChatApi(client);
  const slack = options.slack ? options.slack(webApi, sim) : webApi;
  const logs: LogLine[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } });
  const metrics = new OutboxMetrics(new Registry());
  const senders: OutboxSender[] = [];
  // As in production: an enqueue wakes the senders of this process.
  const outbox = new Outbox(store, { clock: time.now, metrics, log, onEnqueued: () => senders.forEach((s) => s.wake()) });
  let workers = 0;
  return {
    store,
    db: outboxDb(store.db),
    sim,
    time,
    slack,
    outbox,
    metrics,
    log,
    logs,
    sender: (overrides = {}) => {
      const sender = new OutboxSender({
        store,
        slack,
        log,
        metrics,
        clock: time.now,
        sleep: time.sleep,
        random: () => 0.5,
        workerId: `worker-${(workers += 1)}`,
        ...overrides,
      });
      senders.push(sender);
      return sender;
    },
    async close() {
      await sim.close();
      await store.close();
    },
  };
}

/** The texts of a thread's replies, oldest first. */
export function threadTexts(sim: SlackSimulator, channel: string, parentTs: string): string[] {
  return sim.channel(channel).thread(parentTs).map((m) => m.text);
}

/** `chat.postMessage` / `chat.update` calls Slack accepted, oldest first. */
export function acceptedCalls(sim: SlackSimulator, method: string) {
  return sim.calls.filter((call) => call.method === method && call.ok);
}

/** A counter's value for the given labels (0 when never incremented). */
export async function counterValue(counter: { get(): Promise<{ values: Array<{ labels: object; value: number }> }> }, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

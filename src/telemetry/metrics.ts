import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The bot's own Prometheus metrics. A registry per bot instance (not prom-client's global one)
 * so several bots in one test process never share counters.
 */
export class BotMetrics {
  readonly registry = new Registry();

  readonly commandsRun = new Counter({
    name: 'mlobs_commands_total',
    help: 'Slash and console commands run, by command and outcome (ok, usage_error, refused, failed).',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'mlobs_command_duration_seconds',
    help: 'Wall time from a command being parsed to its reply being ready.',
    labelNames: ['command'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly slackAcks = new Histogram({
    name: 'mlobs_slack_ack_seconds',
    help: 'Time from a Slack request reaching the bot to its acknowledgement (Slack allows 3 s).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'mlobs_errors_total',
    help: 'Unexpected errors, by where they happened.',
    labelNames: ['where'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'mlobs_' });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

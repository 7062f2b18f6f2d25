import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The outbox's Prometheus metrics, registered on the bot's registry
 * (`new OutboxMetrics(botMetrics.registry)`).
 */
export class OutboxMetrics {
  readonly enqueued: Counter<'kind' | 'outcome'>;
  readonly sent: Counter<'kind'>;
  readonly adopted: Counter<'kind'>;
  readonly rateLimited: Counter<'method'>;
  readonly retries: Counter<'kind' | 'reason'>;
  readonly dead: Counter<'kind' | 'reason'>;
  readonly depth: Gauge<'state'>;
  readonly deliverySeconds: Histogram<'kind'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.enqueued = new Counter({
      name: 'mlobs_slack_outbox_enqueued_total',
      help: 'Slack writes enqueued, by kind and outcome (queued, folded into a pending post, coalesced with a pending update, dead).',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    });
    this.sent = new Counter({
      name: 'mlobs_slack_outbox_sent_total',
      help: 'Slack writes delivered, by kind (post, update, reply).',
      labelNames: ['kind'] as const,
      registers,
    });
    this.adopted = new Counter({
      name: 'mlobs_slack_outbox_adopted_total',
      help: 'Posts whose earlier attempt had reached Slack unbeknownst to us, found in the channel instead of posted again.',
      labelNames: ['kind'] as const,
      registers,
    });
    this.rateLimited = new Counter({
      name: 'mlobs_slack_outbox_rate_limited_total',
      help: 'Slack answers 429 (rate limited), by Web API method.',
      labelNames: ['method'] as const,
      registers,
    });
    this.retries = new Counter({
      name: 'mlobs_slack_outbox_retries_total',
      help: 'Slack writes scheduled for another attempt after a failure, by kind and error.',
      labelNames: ['kind', 'reason'] as const,
      registers,
    });
    this.dead = new Counter({
      name: 'mlobs_slack_outbox_dead_total',
      help: 'Slack writes given up on (dead letters), by kind and error.',
      labelNames: ['kind', 'reason'] as const,
      registers,
    });
    this.depth = new Gauge({
      name: 'mlobs_slack_outbox_depth',
      help: 'Outbox rows by state (pending, sending, dead).',
      labelNames: ['state'] as const,
      registers,
    });
    this.deliverySeconds = new Histogram({
      name: 'mlobs_slack_outbox_delivery_seconds',
      help: 'Time from a Slack write being enqueued to Slack accepting it.',
      labelNames: ['kind'] as const,
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers,
    });
  }
}

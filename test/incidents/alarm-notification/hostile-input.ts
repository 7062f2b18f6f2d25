/**
 * A tiny seeded generator of hostile inputs for the parser (no fast-check here): random JSON,
 * random strings, fixtures with fields replaced by junk, and fixtures cut short. Seeded, so a
 * failure names the seed and the input can be made again.
 */

/** mulberry32: small, fast, good enough to shuffle test inputs. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class HostileInputs {
  constructor(private readonly random: () => number) {}

  integer(below: number): number {
    return Math.floor(this.random() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.integer(items.length)] as T;
  }

  string(): string {
    return this.pick<() => string>([
      () => '',
      () => ' ',
      () => this.pick(['ALARM', 'OK', 'INSUFFICIENT_DATA', 'alarm', 'PENDING', 'AVERAGE', 'p99', 'SAMPLE_COUNT']),
      () => this.pick(['AWS/SageMaker', 'AWS/Lambda', 'AWS/SQS', '/aws/sagemaker/Endpoints', 'LambdaInsights', '__proto__', 'constructor']),
      () => this.pick(['arn:aws:cloudwatch:us-east-1:123456789012:alarm:x', 'arn:aws:cloudwatch::123:alarm:', 'arn:', 'test-arn']),
      () => this.pick(['2026-11-23T14:07:12.345+0000', '2026-13-45T99:99:99Z', 'yesterday', '+275760-09-13T00:00:00Z']),
      () => this.pick(['US East (N. Virginia)', 'EU (Ireland)', 'Atlantis', '123456789012', '12345']),
      () => this.pick(['Threshold Crossed: 3 out of the last 3 datapoints [1e400 (x), NaN, -0] were greater than the threshold (1e999)', '[[[[]]]]', '[', 'thresholds [']),
      () => Array.from({ length: this.integer(40) }, () => String.fromCharCode(this.integer(0x3000))).join(''),
      () => '\u0000\u001b[31m\u202e\ud800',
      () => 'x'.repeat(this.integer(5000)),
      () => `https://${'a'.repeat(this.integer(30))}.example/${'('.repeat(this.integer(5))}`,
    ])();
  }

  number(): number {
    return this.pick([0, -1, 1, 60, 3, 0.5, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 1e-320, this.random() * 1e6]);
  }

  json(depth = 0): unknown {
    const leaves: Array<() => unknown> = [() => null, () => this.random() < 0.5, () => this.number(), () => this.string()];
    const containers: Array<() => unknown> = [
      () => Array.from({ length: this.integer(5) }, () => this.json(depth + 1)),
      () => Object.fromEntries(Array.from({ length: this.integer(6) }, () => [this.key(), this.json(depth + 1)])),
    ];
    return this.pick(depth > 4 ? leaves : [...leaves, ...containers])();
  }

  key(): string {
    return this.pick([
      'AlarmName', 'AlarmArn', 'NewStateValue', 'OldStateValue', 'NewStateReason', 'StateChangeTime', 'Region',
      'AWSAccountId', 'Trigger', 'Metrics', 'MetricStat', 'Metric', 'Dimensions', 'name', 'value', 'Name', 'Value',
      'AlarmRule', 'TriggeringChildren', 'Arn', 'State', 'Threshold', 'ThresholdMetricId', 'Period', 'Expression',
      'Id', 'ReturnData', 'source', 'detail-type', 'detail', 'state', 'reasonData', 'configuration', 'metrics',
      '__proto__', 'constructor', 'toString', this.string(),
    ]);
  }

  /** A fixture with one to four fields, anywhere in it, replaced by junk or removed. */
  mutated(document: unknown): string {
    const copy = JSON.parse(JSON.stringify(document)) as unknown;
    for (let changes = 1 + this.integer(4); changes > 0; changes -= 1) {
      let node: unknown = copy;
      for (let step = 0; step < 6; step += 1) {
        if (typeof node !== 'object' || node === null) break;
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const key = this.pick(keys);
        const child = (node as Record<string, unknown>)[key];
        if (typeof child !== 'object' || child === null || this.random() < 0.3) {
          if (this.random() < 0.25) delete (node as Record<string, unknown>)[key];
          else (node as Record<string, unknown>)[key] = this.json(3);
          break;
        }
        node = child;
      }
    }
    return JSON.stringify(copy);
  }

  /** The fixture's text cut at a random point, as a truncated delivery would be. */
  truncated(text: string): string {
    return text.slice(0, this.integer(text.length));
  }
}

/** One AWS API call as the bot made it, for call-count assertions, `/metrics` and logs. */
export interface AwsCallRecord {
  service: string;
  operation: string;
  region: string;
  /** Attempts including the SDK's retries. */
  attempts: number;
  ok: boolean;
  errorName?: string;
  durationMs: number;
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<{ output?: { $metadata?: { attempts?: number } } }>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string; priority?: 'high' | 'low' },
    ): void;
  };
}

/**
 * Counts every AWS call the bot makes, through a middleware on each SDK client (the SDK's own
 * extension point), so a test can assert "latency = 1 GetMetricData" and an operator can see the
 * calls on /metrics.
 */
export class AwsCallLog {
  readonly records: AwsCallRecord[] = [];
  private readonly listeners = new Set<(record: AwsCallRecord) => void>();

  /** Bounded: the log is for counting recent calls, not an archive. */
  constructor(private readonly capacity = 10_000) {}

  onCall(listener: (record: AwsCallRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  count(filter: { service?: string; operation?: string } = {}): number {
    return this.records.filter((r) => (!filter.service || r.service === filter.service) && (!filter.operation || r.operation === filter.operation)).length;
  }

  clear(): void {
    this.records.length = 0;
  }

  instrument(client: MiddlewareClient, service: string, region: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const started = performance.now();
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        try {
          const result = await next(args);
          this.record({ service, operation, region, attempts: result.output?.$metadata?.attempts ?? 1, ok: true, durationMs: performance.now() - started });
          return result;
        } catch (error) {
          const failure = error as { name?: string; $metadata?: { attempts?: number } };
          this.record({ service, operation, region, attempts: failure.$metadata?.attempts ?? 1, ok: false, ...(failure.name ? { errorName: failure.name } : {}), durationMs: performance.now() - started });
          throw error;
        }
      },
      { step: 'initialize', name: 'mlobsCallLog', priority: 'high' },
    );
  }

  private record(record: AwsCallRecord): void {
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    for (const listener of this.listeners) listener(record);
  }
}

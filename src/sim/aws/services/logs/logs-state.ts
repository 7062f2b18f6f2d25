import { createHash } from 'node:crypto';
import type { SimLogEvent, SimLogGroup } from '../../../fleet/index.js';
import type { Simulation } from '../../simulation.js';
import { EVENT_OVERHEAD_BYTES, type ParsedQuery } from '../../logs-insights/index.js';
import { InsightsQuery, type QueryFault, type QueryScan } from './insights-query.js';
import { storedLogEvent, type StoredLogEvent } from './stored-log-event.js';

/** Logs Insights' concurrent-query quota per account (the StartQuery reference). */
export const MAX_CONCURRENT_QUERIES = 30;

export interface NewQuery {
  queryString: string;
  parsed: ParsedQuery;
  logGroups: readonly string[];
  startMs: number;
  endMs: number;
  limit: number | undefined;
}

/**
 * The simulated CloudWatch Logs: the fleet's log groups and events (read from the simulation
 * at each call), plus what the service itself remembers — the Insights queries started, and
 * faults armed by tests. Tests and other modules drive and inspect it through this object.
 */
export class LogsState {
  private readonly queries = new Map<string, InsightsQuery>();
  private readonly armedFaults: QueryFault[] = [];
  private sequence = 0;

  constructor(private readonly sim: Simulation) {}

  /** The fleet's log groups, in `region` only (other regions have none). */
  logGroups(region: string): SimLogGroup[] {
    const fleet = this.sim.fleet();
    return region === fleet.region ? fleet.logGroups() : [];
  }

  findLogGroup(region: string, name: string): SimLogGroup | undefined {
    return this.logGroups(region).find((group) => group.name === name);
  }

  /** The fleet's events of one group in [startMs, endMs] (both inclusive, as the Logs APIs take them), oldest first. */
  fleetEvents(logGroup: string, startMs: number, endMs: number): Iterable<SimLogEvent> {
    return this.sim.fleet().logEvents(logGroup, new Date(startMs), new Date(endMs + 1));
  }

  /** The same events as the service stores them (with ingestion times). */
  *events(logGroup: string, startMs: number, endMs: number): Generator<StoredLogEvent> {
    for (const event of this.fleetEvents(logGroup, startMs, endMs)) yield storedLogEvent(logGroup, event);
  }

  /** Events of several groups, group after group (the engine orders them itself). */
  *eventsOf(logGroups: readonly string[], startMs: number, endMs: number): Generator<StoredLogEvent> {
    for (const group of logGroups) yield* this.events(group, startMs, endMs);
  }

  activeQueries(nowMs: number): InsightsQuery[] {
    return [...this.queries.values()].filter((query) => query.isActive(nowMs));
  }

  query(queryId: string): InsightsQuery | undefined {
    return this.queries.get(queryId);
  }

  /** Every query started so far, oldest first. */
  allQueries(): InsightsQuery[] {
    return [...this.queries.values()];
  }

  startQuery(spec: NewQuery, now: Date): InsightsQuery {
    this.sequence += 1;
    const queryId = deterministicUuid(`${this.sequence}\n${now.getTime()}\n${spec.queryString}`);
    const query = new InsightsQuery(queryId, spec.queryString, spec.parsed, spec.logGroups, spec.startMs, spec.endMs, spec.limit, this.measure(spec), now);
    query.fault = this.armedFaults.shift();
    this.queries.set(queryId, query);
    return query;
  }

  /** Makes a started query end `Failed` or `Timeout` when it would have completed. */
  endQueryAs(queryId: string, fault: QueryFault): void {
    const query = this.queries.get(queryId);
    if (!query) throw new RangeError(`no query ${queryId} was started (started: ${[...this.queries.keys()].join(', ') || 'none'})`);
    query.fault = fault;
  }

  /** Makes the next `count` queries started end `Failed` or `Timeout` (for callers that don't know the id yet). */
  endNextQueriesAs(fault: QueryFault, count = 1): void {
    for (let i = 0; i < count; i++) this.armedFaults.push(fault);
  }

  private measure(spec: NewQuery): QueryScan {
    let records = 0;
    let bytes = 0;
    for (const group of spec.logGroups) {
      for (const event of this.fleetEvents(group, spec.startMs, spec.endMs)) {
        records += 1;
        bytes += Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD_BYTES;
      }
    }
    return { records, bytes };
  }
}

/** A UUID-shaped id from a hash (no randomness: the same run gives the same ids). */
function deterministicUuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditLog, type NewAuditEntry } from '../../src/store/audit-log.js';
import type { Store } from '../../src/store/database.js';
import { describeEachStore } from '../support/database.js';

const scaleFraudDetector: NewAuditEntry = {
  at: new Date('2025-03-14T09:26:53.589Z'),
  actor: 'U024BE7LH',
  actorName: 'dana',
  action: 'scale',
  target: 'endpoint/fraud-detector',
  channelId: 'C0ML0BS01',
  incidentId: 'inc-42',
  before: { variant: 'AllTraffic', instanceCount: 2, instanceType: 'ml.c5.xlarge' },
  after: { variant: 'AllTraffic', instanceCount: 4, instanceType: 'ml.c5.xlarge' },
  result: 'ok',
  detail: 'p99 latency 2.4 s over 10 min',
};

describeEachStore('audit log', (target) => {
  let store: Store;
  let audit: AuditLog;

  beforeEach(async () => {
    store = await target.open();
    audit = new AuditLog(store);
  });
  afterEach(() => store.close());

  it('a recorded entry round-trips with its JSON state, its date and a numeric id', async () => {
    const recorded = await audit.record(scaleFraudDetector);

    expect(recorded).toEqual({ ...scaleFraudDetector, id: expect.any(Number) });
    expect(recorded.at).toBeInstanceOf(Date);
    expect(await audit.list({})).toEqual([recorded]);
  });

  it('an entry without optional fields comes back with nulls and no before/after', async () => {
    const recorded = await audit.record({
      actor: 'console:dana',
      action: 'ack',
      target: 'incident/inc-42',
      result: 'refused',
    });

    expect(recorded).toEqual({
      id: expect.any(Number),
      at: expect.any(Date),
      actor: 'console:dana',
      actorName: null,
      action: 'ack',
      target: 'incident/inc-42',
      channelId: null,
      incidentId: null,
      result: 'refused',
      detail: null,
    });
    expect('before' in recorded).toBe(false);
  });

  it('an entry recorded without a time is stamped now', async () => {
    const before = Date.now();
    const recorded = await audit.record({ actor: 'U1', action: 'ack', target: 'incident/1', result: 'ok' });
    expect(recorded.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(recorded.at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('a JSON null before/after stays null, distinct from "not given"', async () => {
    const recorded = await audit.record({ ...scaleFraudDetector, before: null, after: ['a', 1, { b: true }] });
    expect(recorded.before).toBeNull();
    expect(recorded.after).toEqual(['a', 1, { b: true }]);
  });

  it('an entry whose state cannot be serialised is refused before it is written', async () => {
    await expect(audit.record({ ...scaleFraudDetector, before: { count: 1n } })).rejects.toThrow(
      /audit "before" is not JSON-serialisable/,
    );
    expect(await audit.list({})).toEqual([]);
  });

  it('lists newest first', async () => {
    await recordAt('2025-03-14T09:00:00Z', { action: 'ack' });
    await recordAt('2025-03-14T11:00:00Z', { action: 'resolve' });
    await recordAt('2025-03-14T10:00:00Z', { action: 'scale' });

    expect((await audit.list({})).map((entry) => entry.action)).toEqual(['resolve', 'scale', 'ack']);
  });

  it('entries recorded in the same millisecond list latest-recorded first', async () => {
    await recordAt('2025-03-14T09:00:00Z', { action: 'first' });
    await recordAt('2025-03-14T09:00:00Z', { action: 'second' });

    expect((await audit.list({})).map((entry) => entry.action)).toEqual(['second', 'first']);
  });

  it('filters by target', async () => {
    await recordAt('2025-03-14T09:00:00Z', { target: 'endpoint/fraud-detector' });
    await recordAt('2025-03-14T09:01:00Z', { target: 'endpoint/recsys-ranker' });
    await recordAt('2025-03-14T09:02:00Z', { target: 'endpoint/fraud-detector' });

    const entries = await audit.list({ target: 'endpoint/fraud-detector' });
    expect(entries.map((entry) => entry.at.toISOString())).toEqual([
      '2025-03-14T09:02:00.000Z',
      '2025-03-14T09:00:00.000Z',
    ]);
  });

  it('filters by actor', async () => {
    await recordAt('2025-03-14T09:00:00Z', { actor: 'U024BE7LH' });
    await recordAt('2025-03-14T09:01:00Z', { actor: 'console:dana' });

    const entries = await audit.list({ actor: 'console:dana' });
    expect(entries.map((entry) => entry.actor)).toEqual(['console:dana']);
  });

  it('filters by since (inclusive) and until (exclusive)', async () => {
    for (const at of ['2025-03-14T08:59:59.999Z', '2025-03-14T09:00:00Z', '2025-03-14T09:30:00Z', '2025-03-14T10:00:00Z']) {
      await recordAt(at, {});
    }
    const since = new Date('2025-03-14T09:00:00Z');
    const until = new Date('2025-03-14T10:00:00Z');

    expect((await audit.list({ since })).map((entry) => entry.at.toISOString())).toEqual([
      '2025-03-14T10:00:00.000Z',
      '2025-03-14T09:30:00.000Z',
      '2025-03-14T09:00:00.000Z',
    ]);
    expect((await audit.list({ since, until })).map((entry) => entry.at.toISOString())).toEqual([
      '2025-03-14T09:30:00.000Z',
      '2025-03-14T09:00:00.000Z',
    ]);
  });

  it('combines filters', async () => {
    await recordAt('2025-03-14T09:00:00Z', { actor: 'U1', target: 'endpoint/a' });
    await recordAt('2025-03-14T09:01:00Z', { actor: 'U2', target: 'endpoint/a' });
    await recordAt('2025-03-14T09:02:00Z', { actor: 'U1', target: 'endpoint/b' });
    await recordAt('2025-03-14T08:00:00Z', { actor: 'U1', target: 'endpoint/a' });

    const entries = await audit.list({ actor: 'U1', target: 'endpoint/a', since: new Date('2025-03-14T08:30:00Z') });
    expect(entries.map((entry) => entry.at.toISOString())).toEqual(['2025-03-14T09:00:00.000Z']);
  });

  it('returns at most limit entries, the newest ones', async () => {
    for (let minute = 0; minute < 5; minute++) {
      await recordAt(`2025-03-14T09:0${minute}:00Z`, {});
    }

    const entries = await audit.list({ limit: 2 });
    expect(entries.map((entry) => entry.at.toISOString())).toEqual([
      '2025-03-14T09:04:00.000Z',
      '2025-03-14T09:03:00.000Z',
    ]);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(audit.list({ limit: 0 })).rejects.toThrow('audit log limit must be a positive integer, got 0');
    await expect(audit.list({ limit: 1.5 })).rejects.toThrow(RangeError);
  });

  it('refuses an invalid date', async () => {
    await expect(audit.record({ ...scaleFraudDetector, at: new Date('not a date') })).rejects.toThrow(
      'audit at is not a valid date',
    );
  });

  function recordAt(iso: string, fields: Partial<NewAuditEntry>) {
    return audit.record({
      actor: 'U024BE7LH',
      action: 'scale',
      target: 'endpoint/fraud-detector',
      result: 'ok',
      ...fields,
      at: new Date(iso),
    });
  }
});

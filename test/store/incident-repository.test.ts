import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { IncidentKeyTaken, IncidentRepository, IncidentVersionConflict, type IncidentFields } from '../../src/store/incident-repository.js';
import { describeEachStore } from '../support/database.js';

const T0 = new Date('2026-11-23T14:07:12.345Z');
const KEY = '123456789012/us-east-1/sagemaker:fraud-detector/AllTraffic';

function fields(overrides: Partial<IncidentFields> = {}): IncidentFields {
  return {
    key: KEY,
    state: 'open',
    channel: '#ml-incidents',
    document: { title: 'fraud-detector (SageMaker endpoint)', alarms: [{ name: 'p99', since: T0.toISOString() }] },
    openedAt: T0,
    resolvedAt: null,
    updatedAt: T0,
    nextReminderAt: new Date(T0.getTime() + 1_800_000),
    remindersSent: 0,
    ...overrides,
  };
}

const later = (ms: number) => new Date(T0.getTime() + ms);

describeEachStore('incident repository', (target) => {
  let store: Store;
  let incidents: IncidentRepository;

  beforeEach(async () => {
    store = await target.open();
    incidents = IncidentRepository.over(store);
  });

  afterEach(() => store.close());

  it('numbers new incidents 1, 2, 3… and reads them back by key and by number, document included', async () => {
    const first = await incidents.create(fields());
    const second = await incidents.create(fields({ key: 'lambda-key' }));

    expect([first.number, second.number]).toEqual([1, 2]);
    expect(first).toMatchObject({ key: KEY, state: 'open', version: 1, openedAt: T0, resolvedAt: null, remindersSent: 0 });
    expect(await incidents.findOpen(KEY)).toEqual(first);
    expect(await incidents.findByNumber(2)).toEqual(second);
    expect((await incidents.findByNumber(1))?.document).toEqual(fields().document);
    expect(await incidents.findByNumber(3)).toBeUndefined();
  });

  it('keeps at most one non-resolved incident per key; a resolved one leaves room for the next', async () => {
    const first = await incidents.create(fields());
    await expect(incidents.create(fields())).rejects.toBeInstanceOf(IncidentKeyTaken);

    await incidents.save(first, fields({ state: 'resolved', resolvedAt: later(60_000), updatedAt: later(60_000) }));
    const next = await incidents.create(fields({ openedAt: later(7_200_000) }));

    expect(next.number).toBe(3); // the refused creation's transaction was not rolled back here, so its number is spent
    expect((await incidents.findOpen(KEY))?.number).toBe(next.number);
    expect(await incidents.findLastResolved(KEY)).toMatchObject({ number: first.number, state: 'resolved', resolvedAt: later(60_000), version: 2 });
  });

  it('refuses to reopen an incident whose key another open incident holds', async () => {
    const old = await incidents.create(fields());
    const resolved = await incidents.save(old, fields({ state: 'resolved', resolvedAt: later(1) }));
    await incidents.create(fields());

    await expect(incidents.transaction((trx) => trx.save(resolved, fields({ state: 'open' })))).rejects.toBeInstanceOf(IncidentKeyTaken);
  });

  it('saves only over the version that was read', async () => {
    const created = await incidents.create(fields());
    const saved = await incidents.save(created, fields({ state: 'acknowledged', updatedAt: later(5_000) }));

    expect(saved).toMatchObject({ version: 2, state: 'acknowledged', updatedAt: later(5_000) });
    await expect(incidents.save(created, fields({ state: 'resolved' }))).rejects.toBeInstanceOf(IncidentVersionConflict);
    expect((await incidents.findByNumber(created.number))?.state).toBe('acknowledged');
  });

  it('two transactions creating an incident for one key at once make one incident', async () => {
    const create = (channel: string) =>
      incidents.transaction(async (trx) => {
        await trx.serialize(KEY);
        const open = await trx.findOpen(KEY, { lock: true });
        return open ?? trx.create(fields({ channel }));
      });
    const outcomes = await Promise.allSettled([create('#a'), create('#b'), create('#c')]);

    const created = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value.number);
    expect(new Set(created).size).toBe(1);
    expect(await incidents.listOpen()).toHaveLength(1);
  });

  it('two transactions racing without serialising still cannot open two, and the loser can retry', async () => {
    const create = (channel: string) => incidents.transaction((trx) => trx.create(fields({ channel })));
    const outcomes = await Promise.allSettled([create('#a'), create('#b')]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(IncidentKeyTaken) });
    expect(await incidents.listOpen()).toHaveLength(1);
  });

  it('a locked incident makes a second writer wait for the first one’s change', async () => {
    const created = await incidents.create(fields());
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let firstLocked!: () => void;
    const locked = new Promise<void>((resolve) => (firstLocked = resolve));

    const first = incidents.transaction(async (trx) => {
      const open = (await trx.findOpen(KEY, { lock: true }))!;
      firstLocked();
      await released;
      return trx.save(open, fields({ state: 'acknowledged' }));
    });
    await locked;
    const second = incidents.transaction(async (trx) => {
      const open = (await trx.findOpen(KEY, { lock: true }))!;
      return trx.save(open, fields({ state: open.state, remindersSent: 1 }));
    });
    setTimeout(release, 50);
    const [a, b] = await Promise.all([first, second]);

    expect([a.version, b.version]).toEqual([2, 3]);
    expect(await incidents.findByNumber(created.number)).toMatchObject({ state: 'acknowledged', remindersSent: 1, version: 3 });
  });

  it('a rolled-back creation gives its number back', async () => {
    await expect(
      incidents.transaction(async (trx) => {
        await trx.create(fields());
        throw new Error('crash after creating');
      }),
    ).rejects.toThrow('crash after creating');

    expect(await incidents.listOpen()).toEqual([]);
    expect((await incidents.create(fields())).number).toBe(1);
  });

  it('finds the firings of one alarm by key prefix, and no other alarm’s', async () => {
    const arn = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud_detector-p99';
    const firing = (at: string) => `${arn}@${at}`;
    const older = await incidents.create(fields({ key: firing('2026-11-23T14:00:00.000Z') }));
    const newer = await incidents.create(fields({ key: firing('2026-11-23T15:00:00.000Z') }));
    await incidents.create(fields({ key: `${arn}-critical@2026-11-23T16:00:00.000Z` }));
    await incidents.create(fields({ key: `${arn.replace('fraud_detector', 'fraudXdetector')}@2026-11-23T16:00:00.000Z` }));

    expect((await incidents.findOpenByKeyPrefix(`${arn}@`))?.number).toBe(newer.number);
    await incidents.save(newer, fields({ key: newer.key, state: 'resolved', resolvedAt: later(1) }));
    expect((await incidents.findOpenByKeyPrefix(`${arn}@`))?.number).toBe(older.number);
    expect((await incidents.findLastResolvedByKeyPrefix(`${arn}@`))?.number).toBe(newer.number);
    expect(await incidents.findOpenByKeyPrefix(`${arn.toUpperCase()}@`)).toBeUndefined();
  });

  it('lists open and acknowledged incidents, newest first', async () => {
    const a = await incidents.create(fields({ key: 'a', openedAt: later(0) }));
    const b = await incidents.create(fields({ key: 'b', openedAt: later(2_000) }));
    const c = await incidents.create(fields({ key: 'c', openedAt: later(1_000) }));
    await incidents.save(b, fields({ key: 'b', state: 'acknowledged', openedAt: later(2_000) }));
    await incidents.save(c, fields({ key: 'c', state: 'resolved', openedAt: later(1_000), resolvedAt: later(3_000) }));

    expect((await incidents.listOpen()).map((i) => [i.number, i.state])).toEqual([
      [b.number, 'acknowledged'],
      [a.number, 'open'],
    ]);
    expect(await incidents.listOpen({ limit: 1 })).toHaveLength(1);
  });
});

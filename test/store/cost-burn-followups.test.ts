import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { IncidentFollowups, type NewIncidentFollowup } from '../../src/store/incident-followups.js';
import { describeEachStore } from '../support/database.js';

const T0 = Date.parse('2026-11-23T15:05:00Z');

const costBurn = (incidentNumber: number, resolvedAtMs: number): NewIncidentFollowup => ({
  key: `incident:${incidentNumber}:cost:${resolvedAtMs}`,
  kind: 'cost-burn',
  incidentNumber,
  channel: '#ml-incidents',
  subject: { endpoint: 'fraud-detector', region: 'us-east-1', startMs: resolvedAtMs - 20 * 60_000, endMs: resolvedAtMs },
  dueAt: 0,
  now: T0,
});

describeEachStore('incident follow-ups (the cost burn a resolve asks for)', (target) => {
  let store: Store;
  let followups: IncidentFollowups;

  beforeEach(async () => {
    store = await target.open();
    followups = new IncidentFollowups(store);
  });
  afterEach(() => store.close());

  it('asked twice for the same resolve, recorded once; the subject comes back as it went in', async () => {
    expect(await followups.request(costBurn(12, T0))).toBe(true);
    expect(await followups.request(costBurn(12, T0))).toBe(false);
    expect(await followups.request(costBurn(12, T0 + 60_000))).toBe(true);
    const found = await followups.find(`incident:12:cost:${T0}`);
    expect(found).toEqual({ ...costBurn(12, T0), dueAt: 0, attempts: 0, createdAt: T0, now: undefined });
  });

  it('a request inside a transaction that rolls back leaves nothing', async () => {
    await expect(
      followups.transaction(async (trx) => {
        await followups.request(costBurn(12, T0), trx);
        throw new Error('the resolve failed');
      }),
    ).rejects.toThrow('the resolve failed');
    expect(await followups.listDue(T0)).toEqual([]);
  });

  it('of two claims of one listed row, one wins; the lease hides it until it runs out', async () => {
    await followups.request(costBurn(12, T0));
    const [listed] = await followups.listDue(T0);
    const claims = await Promise.all([followups.claim(listed!, T0, 120_000), followups.claim(listed!, T0, 120_000)]);
    expect(claims.filter((claim) => claim !== undefined)).toEqual([expect.objectContaining({ attempts: 1, dueAt: T0 + 120_000 })]);
    expect(await followups.listDue(T0 + 60_000)).toEqual([]);
    expect(await followups.listDue(T0 + 120_000)).toEqual([expect.objectContaining({ key: listed!.key, attempts: 1 })]);
    expect(await followups.nextDueAt()).toBe(T0 + 120_000);
  });

  it('finished rows are never due again; a retry moves the timer and keeps why', async () => {
    await followups.request(costBurn(12, T0));
    await followups.request(costBurn(13, T0));
    await followups.finish(`incident:12:cost:${T0}`, 'posted', undefined, T0);
    await followups.retryAt(`incident:13:cost:${T0}`, T0 + 30_000, 'ThrottlingException: Rate exceeded');

    expect(await followups.listDue(T0 + 10_000)).toEqual([]);
    expect(await followups.listDue(T0 + 30_000)).toEqual([expect.objectContaining({ key: `incident:13:cost:${T0}`, detail: 'ThrottlingException: Rate exceeded' })]);
    const posted = await followups.find(`incident:12:cost:${T0}`);
    expect(posted).toEqual(expect.objectContaining({ outcome: 'posted', finishedAt: T0 }));
    expect(posted?.dueAt).toBeUndefined();
    // A retry of a finished row changes nothing.
    await followups.retryAt(`incident:12:cost:${T0}`, T0, 'late');
    expect(await followups.listDue(T0 + 60_000)).toHaveLength(1);
  });
});

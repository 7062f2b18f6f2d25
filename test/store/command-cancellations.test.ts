import { afterEach, beforeEach, expect, it } from 'vitest';
import { CANCEL_REQUEST_RETENTION_MS, CommandCancellations } from '../../src/store/command-cancellations.js';
import type { Store } from '../../src/store/database.js';
import { describeEachStore } from '../support/database.js';

describeEachStore('command cancellations (the table a Cancel click on any replica writes)', (target) => {
  let store: Store;
  let now: Date;
  let cancellations: CommandCancellations;

  beforeEach(async () => {
    store = await target.open();
    now = new Date('2026-11-23T15:05:00Z');
    cancellations = new CommandCancellations(store, () => now);
  });
  afterEach(() => store.close());

  it('a recorded request is found by run id; other runs have none', async () => {
    await cancellations.request('0123456789abcdef', 'U0ONCALL');
    expect(await cancellations.requestFor('0123456789abcdef')).toEqual({ runId: '0123456789abcdef', requestedBy: 'U0ONCALL', requestedAt: now });
    expect(await cancellations.requestFor('fedcba9876543210')).toBeUndefined();
  });

  it('a second click on the same run keeps the first request', async () => {
    await cancellations.request('0123456789abcdef', 'U0ONCALL');
    const first = now;
    now = new Date(now.getTime() + 1_000);
    await cancellations.request('0123456789abcdef', 'U0ONCALL');
    expect((await cancellations.requestFor('0123456789abcdef'))?.requestedAt).toEqual(first);
  });

  it('requests older than the retention are pruned when a new one is recorded', async () => {
    await cancellations.request('0123456789abcdef', 'U0ONCALL');
    now = new Date(now.getTime() + CANCEL_REQUEST_RETENTION_MS + 1);
    await cancellations.request('fedcba9876543210', 'U0LEAD');
    expect(await cancellations.requestFor('0123456789abcdef')).toBeUndefined();
    expect(await cancellations.requestFor('fedcba9876543210')).toMatchObject({ requestedBy: 'U0LEAD' });
  });
});

import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { SnsInbox, type NewInboxMessage } from '../../src/store/sns-inbox.js';
import { describeEachStore } from '../support/database.js';

const topicArn = 'arn:aws:sns:us-east-1:123456789012:ml-alarms';

function alarmMessage(messageId: string, snsTimestamp: string): NewInboxMessage {
  return {
    messageId,
    kind: 'notification',
    topicArn,
    subject: 'ALARM: "fraud-detector-p99-latency" in US East (N. Virginia)',
    message: '{"AlarmName":"fraud-detector-p99-latency","NewStateValue":"ALARM"}',
    snsTimestamp: new Date(snsTimestamp),
  };
}

describeEachStore('SNS inbox', (target) => {
  let store: Store;
  let now: Date;
  let inbox: SnsInbox;

  beforeEach(async () => {
    store = await target.open();
    now = new Date('2026-11-23T14:10:00.000Z');
    inbox = new SnsInbox(store, { clock: () => now, claimLeaseMs: 60_000 });
  });
  afterEach(() => store.close());

  const rowCount = async () => (await store.db.selectFrom('sns_inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('a stored message round-trips with its dates, no subject as null, and is unprocessed', async () => {
    const message = { ...alarmMessage('m-1', '2026-11-23T14:07:12.345Z'), subject: null };

    expect(await inbox.store(message)).toBe('stored');

    expect(await inbox.byMessageId('m-1')).toEqual({
      ...message,
      id: expect.any(Number),
      receivedAt: now,
      processedAt: null,
      attempts: 0,
      lastError: null,
    });
  });

  it('storing the same MessageId again is a duplicate and keeps the first copy', async () => {
    await inbox.store(alarmMessage('m-1', '2026-11-23T14:07:12.345Z'));

    expect(await inbox.store({ ...alarmMessage('m-1', '2026-11-23T14:07:12.345Z'), message: 'changed' })).toBe('duplicate');

    expect(await rowCount()).toBe(1);
    expect((await inbox.byMessageId('m-1'))?.message).toContain('fraud-detector');
  });

  it('20 concurrent stores of one MessageId leave one row, one "stored" and 19 "duplicate"', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => inbox.store(alarmMessage('m-race', '2026-11-23T14:07:12.345Z'))));

    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
    expect(await rowCount()).toBe(1);
  });

  it('concurrent stores through two stores on one database (two replicas) leave one row', async () => {
    const database = target.freshDatabase();
    const [first, second] = [await openStore(database.url), await openStore(database.url)];
    try {
      const replicas = [new SnsInbox(first), new SnsInbox(second)];
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => replicas[i % 2]!.store(alarmMessage('m-two', '2026-11-23T14:07:12.345Z'))),
      );

      expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
      const rows = await first.db.selectFrom('sns_inbox').select('message_id').execute();
      expect(rows).toEqual([{ message_id: 'm-two' }]);
    } finally {
      await first.close();
      await second.close();
      await database.dispose();
    }
  });

  it('200 concurrent stores of 150 MessageIds (50 sent twice) give 150 "stored", 50 "duplicate" and 150 rows', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `m-${i}`);
    // Every third id is sent twice in a row: 50 second copies among the first ones.
    const sent = ids.flatMap((id, i) => (i % 3 === 0 ? [id, id] : [id]));

    const outcomes = await Promise.all(sent.map((id) => inbox.store(alarmMessage(id, '2026-11-23T14:07:12.345Z'))));

    expect(sent).toHaveLength(200);
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(150);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(50);
    const rows = await store.db.selectFrom('sns_inbox').select('message_id').execute();
    expect(rows.map((r) => r.message_id).sort()).toEqual([...ids].sort());
  });

  it('stores of MessageIds already stored, sent together with new ones, are duplicates', async () => {
    await inbox.store(alarmMessage('m-old', '2026-11-23T14:07:12.345Z'));

    const outcomes = await Promise.all(['m-new', 'm-old', 'm-new-2'].map((id) => inbox.store(alarmMessage(id, '2026-11-23T14:07:12.345Z'))));

    expect(outcomes).toEqual(['stored', 'duplicate', 'stored']);
    expect(await rowCount()).toBe(3);
  });

  it('a store with an invalid date is refused without failing the stores sent with it', async () => {
    const outcomes = await Promise.allSettled([
      inbox.store(alarmMessage('m-1', '2026-11-23T14:07:12.345Z')),
      inbox.store(alarmMessage('m-bad', 'not a date')),
      inbox.store(alarmMessage('m-2', '2026-11-23T14:07:12.345Z')),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rowCount()).toBe(2);
  });

  it('claims unprocessed messages ordered by SNS timestamp, then arrival', async () => {
    await inbox.store(alarmMessage('late', '2026-11-23T14:09:00.000Z'));
    await inbox.store(alarmMessage('early', '2026-11-23T14:01:00.000Z'));
    await inbox.store(alarmMessage('tie-first', '2026-11-23T14:05:00.000Z'));
    await inbox.store(alarmMessage('tie-second', '2026-11-23T14:05:00.000Z'));

    const claimed = await inbox.claimUnprocessed(3);

    expect(claimed.map((m) => m.messageId)).toEqual(['early', 'tie-first', 'tie-second']);
    expect(claimed.map((m) => m.attempts)).toEqual([1, 1, 1]);
  });

  it('a claimed message is not claimed again while its lease lasts, and is once the lease ends', async () => {
    await inbox.store(alarmMessage('m-1', '2026-11-23T14:07:12.345Z'));
    await inbox.claimUnprocessed(10);

    expect(await inbox.claimUnprocessed(10)).toEqual([]);

    now = new Date(now.getTime() + 60_000);
    expect((await inbox.claimUnprocessed(10)).map((m) => [m.messageId, m.attempts])).toEqual([['m-1', 2]]);
  });

  it('a processed message is never claimed again', async () => {
    await inbox.store(alarmMessage('m-1', '2026-11-23T14:07:12.345Z'));
    const [claimed] = await inbox.claimUnprocessed(10);

    await inbox.markProcessed(claimed!.id);
    const processedAt = now;
    now = new Date(now.getTime() + 3_600_000);

    expect(await inbox.claimUnprocessed(10)).toEqual([]);
    expect((await inbox.byMessageId('m-1'))?.processedAt).toEqual(processedAt);
  });

  it('a failed message keeps its error and is claimable again at its retry time', async () => {
    await inbox.store(alarmMessage('m-1', '2026-11-23T14:07:12.345Z'));
    const [claimed] = await inbox.claimUnprocessed(10);

    await inbox.markFailed(claimed!.id, new Error('Slack said channel_not_found'), { retryAt: new Date(now.getTime() + 30_000) });

    expect(await inbox.claimUnprocessed(10)).toEqual([]);
    now = new Date(now.getTime() + 30_000);
    const [again] = await inbox.claimUnprocessed(10);
    expect(again).toMatchObject({ messageId: 'm-1', attempts: 2, lastError: 'Slack said channel_not_found' });
  });

  it('concurrent claimers get disjoint messages', async () => {
    for (let i = 0; i < 30; i++) await inbox.store(alarmMessage(`m-${i}`, new Date(Date.UTC(2026, 10, 23, 14, 0, i)).toISOString()));

    const batches = await Promise.all(Array.from({ length: 6 }, () => inbox.claimUnprocessed(10)));

    const ids = batches.flat().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
  });

  // SQLite commits the stores of one event-loop turn as one batch; PostgreSQL stores each on its own.
  it.runIf(target.name === 'sqlite')('stores sent together keep their order: the first copy of a MessageId is the one stored', async () => {
    const sent = ['m-a', 'm-b', 'm-a', 'm-c', 'm-b'];

    const outcomes = await Promise.all(sent.map((id, i) => inbox.store({ ...alarmMessage(id, '2026-11-23T14:07:12.345Z'), message: `copy ${i}` })));

    expect(outcomes).toEqual(['stored', 'stored', 'duplicate', 'stored', 'duplicate']);
    const rows = await store.db.selectFrom('sns_inbox').select(['message_id', 'message']).orderBy('id').execute();
    expect(rows).toEqual([
      { message_id: 'm-a', message: 'copy 0' },
      { message_id: 'm-b', message: 'copy 1' },
      { message_id: 'm-c', message: 'copy 3' },
    ]);
  });

  it.runIf(target.name === 'sqlite')('a batch that fails rejects every store in it and stores none of them; the next batch stores', async () => {
    await sql`create trigger refuse_poison before insert on sns_inbox when new.message_id = 'm-poison' begin select raise(abort, 'poisoned message'); end`.execute(store.db);

    const outcomes = await Promise.allSettled(['m-1', 'm-poison', 'm-2'].map((id) => inbox.store(alarmMessage(id, '2026-11-23T14:07:12.345Z'))));

    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(outcomes.map((o) => (o as PromiseRejectedResult).reason?.message)).toEqual(['poisoned message', 'poisoned message', 'poisoned message']);
    expect(await rowCount()).toBe(0);
    expect(await Promise.all(['m-1', 'm-2'].map((id) => inbox.store(alarmMessage(id, '2026-11-23T14:07:12.345Z'))))).toEqual(['stored', 'stored']);
  });

  it.runIf(target.name === 'sqlite')('stores pending when the store closes are rejected, and none is stored', async () => {
    const database = target.freshDatabase();
    const closing = await openStore(database.url);
    try {
      const closingInbox = new SnsInbox(closing);
      const pending = ['m-1', 'm-2', 'm-3'].map((id) => closingInbox.store(alarmMessage(id, '2026-11-23T14:07:12.345Z')));
      await closing.close();

      const outcomes = await Promise.allSettled(pending);

      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      const reopened = await openStore(database.url);
      try {
        expect(await reopened.db.selectFrom('sns_inbox').select('message_id').execute()).toEqual([]);
      } finally {
        await reopened.close();
      }
    } finally {
      await closing.close();
      await database.dispose();
    }
  });
});

/**
 * Signed SNS notifications from the AWS simulator → the real bot (`/sns`, inbox, incidents,
 * outbox) → the Slack simulator, read back from the channel.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alarmArn, alarmNotification } from '../../../src/sim/aws/sns/alarm-notification.js';
import { storeTargets } from '../../support/database.js';
import { degradedComposite, errorCount, errorRateMath, invocationsBand, p99Latency, reasons } from './alarm-definitions.js';
import { CHANNEL, openIncidentWorld, versions, type IncidentWorld } from './incident-world.js';

const HOUR = 3_600_000;
const base = Date.now() - HOUR;
const at = (minute: number) => new Date(base + minute * 60_000);

describe.each(storeTargets().map((t) => [t.name, t] as const))('alarms into incident threads, end to end (%s)', (_name, target) => {
  let world: IncidentWorld;

  beforeEach(async () => {
    world = await openIncidentWorld({ target });
  });

  afterEach(() => world.close());

  const channel = () => world.slack.channel(CHANNEL);
  const threadOf = (ts: string) => channel().thread(ts).map((m) => m.text);

  it('a signed ALARM posts exactly one parent in #ml-incidents', async () => {
    expect((await world.publish(p99Latency, 'ALARM', at(7))).status).toBe(200);
    await world.settled();

    const parents = world.parents();
    expect(parents).toHaveLength(1);
    expect(parents[0]!.text).toMatch(/^🔴 ALARM warning — fraud-detector: p99 ModelLatency 2.1 s &gt; 500 ms\n/);
    expect(JSON.stringify(parents[0]!.blocks)).toContain('#1 fraud-detector (SageMaker endpoint)');
    expect(world.logs).not.toContainEqual(expect.objectContaining({ level: 50 }));
  });

  it('the OK updates the same parent and replies "Resolved after …" in its thread; no new parent', async () => {
    await world.publish(p99Latency, 'ALARM', at(7));
    await world.settled();
    await world.publish(p99Latency, 'OK', at(21));
    await world.settled();

    const [parent, ...others] = world.parents();
    expect(others).toEqual([]);
    expect(parent!.text).toMatch(/^✅ RESOLVED warning — fraud-detector: resolved after 14 min/);
    expect(versions(parent!)[0]).toMatch(/^🔴 ALARM/);
    expect(parent!.edits.length).toBeGreaterThanOrEqual(1);
    expect(threadOf(parent!.ts)).toEqual([expect.stringMatching(/^✅ Resolved after 14 min — all alarms OK\n✅ fraud-detector-p99-latency → OK/)]);
  });

  it('200 deliveries of the same MessageId post one message', async () => {
    const messageId = randomUUID();
    const notification = alarmNotification(p99Latency, { oldState: 'OK', newState: 'ALARM', reason: 'Threshold Crossed: 3 out of the last 3 datapoints [2100000.0 (23/11/26 14:06:00)] were greater than the threshold (500000.0).', at: at(7) });
    const body = world.signedNotification(messageId, notification.message, notification.subject);
    const statuses = await Promise.all(Array.from({ length: 200 }, () => world.postToSns(body)));
    await world.settled();

    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(world.parents()).toHaveLength(1);
    const posts = world.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200);
    expect(posts.filter((c) => String((c.args as { text?: string }).text).includes('fraud-detector'))).toHaveLength(1);
  });

  it('ALARM → OK → ALARM within the reopen window stays in the same thread', async () => {
    await world.publish(p99Latency, 'ALARM', at(7));
    await world.publish(p99Latency, 'OK', at(21));
    await world.publish(p99Latency, 'ALARM', at(40));
    await world.settled();

    const [parent, ...others] = world.parents();
    expect(others).toEqual([]);
    expect(parent!.text).toMatch(/^🔴 ALARM/);
    const thread = threadOf(parent!.ts);
    expect(thread).toEqual([expect.stringMatching(/^✅ Resolved after 14 min/), expect.stringMatching(/^🔴 Reopened — fraud-detector-p99-latency → ALARM: .* \(resolved 19 min earlier\)$/)]);
    // The reopen is broadcast: it shows in the channel too, under the parent far up.
    expect(channel().messages().filter((m) => m.replyBroadcast)).toHaveLength(1);
  });

  it('two alarms on the same endpoint make one incident listing both', async () => {
    await world.publish(p99Latency, 'ALARM', at(7));
    await world.publish(errorCount, 'ALARM', at(8), { reason: 'Threshold Crossed: 1 out of the last 1 datapoints [42.0 (23/11/26 14:07:00)] was greater than the threshold (10.0).' });
    await world.settled();

    const [parent, ...others] = world.parents();
    expect(others).toEqual([]);
    const blocks = JSON.stringify(parent!.blocks);
    expect(blocks).toContain('fraud-detector-p99-latency');
    expect(blocks).toContain('fraud-detector-5xx-errors');
    expect(parent!.text).toContain('(+1 more alarm)');
    expect(threadOf(parent!.ts)).toEqual([expect.stringMatching(/^\+ fraud-detector-5xx-errors → ALARM: sum Invocation5XXErrors 42 &gt; 10 for 1 of 1 datapoint$/)]);
  });

  it('composite, metric-math and anomaly-band notifications each produce a correct parent', async () => {
    await world.publish(errorRateMath, 'ALARM', at(7), { reason: reasons.mathAlarm });
    await world.publish(invocationsBand, 'ALARM', at(8), { reason: reasons.bandAlarm });
    const children = [
      { arn: alarmArn(errorCount), state: 'ALARM' as const, at: at(8) },
      { arn: alarmArn(p99Latency), state: 'ALARM' as const, at: at(7) },
    ];
    await world.publish(degradedComposite, 'ALARM', at(9), { reason: reasons.compositeAlarm, triggeringChildren: children });
    await world.settled();

    const parents = world.parents().map((m) => ({ text: m.text, blocks: JSON.stringify(m.blocks) }));
    expect(parents).toHaveLength(3);
    expect(parents[0]!.blocks).toContain('recsys-ranker (SageMaker endpoint)');
    expect(parents[0]!.text).toMatch(/^🔴 ALARM warning — recsys-ranker: 5XX error rate \(%\) 9.3 &gt; 5\n/);
    expect(parents[1]!.blocks).toContain('churn-model (SageMaker endpoint)');
    expect(parents[1]!.text).toMatch(/^🔴 ALARM warning — churn-model: sum Invocations 41 outside the expected band 1,520–3,980\n/);
    expect(parents[2]!.blocks).toContain('fraud-detector-degraded (composite alarm)');
    expect(parents[2]!.text).toContain('fraud-detector-5xx-errors, fraud-detector-p99-latency in ALARM (rule: ALARM("fraud-detector-p99-latency") AND ALARM("fraud-detector-5xx-errors"))');
    expect(parents[2]!.blocks).toContain('https://wiki.example.com/runbooks/fraud-detector#degraded');
  });

  it('an orphan OK posts nothing and a non-JSON message becomes a plain notice; nothing crashes', async () => {
    await world.publish(p99Latency, 'OK', at(21));
    await world.publishRaw('Deployment of fraud-detector v42 finished <!channel>', 'deploy');
    await world.publish(p99Latency, 'ALARM', at(30));
    await world.settled();

    const messages = channel().messages();
    expect(messages.map((m) => m.text)).toEqual([
      expect.stringMatching(/^🔗 Subscribed to SNS topic/),
      '📨 SNS notification on `ml-alarms` — *deploy* (not a CloudWatch alarm: not JSON)\n> Deployment of fraud-detector v42 finished &lt;!channel&gt;',
      expect.stringMatching(/^🔴 ALARM warning — fraud-detector/),
    ]);
    expect(world.logs).toContainEqual(expect.objectContaining({ msg: 'alarm transition ignored', reason: expect.stringContaining('never saw firing') }));
    expect(world.logs).not.toContainEqual(expect.objectContaining({ level: 50 }));
  });
});

import { describe, expect, it } from 'vitest';
import type { IncidentsConfig } from '../../src/config/config.js';
import type { Incident, IncidentActionResult, IncidentChange } from '../../src/incidents/incident.js';
import { acknowledge, resolveByHand, silence, unsilence } from '../../src/incidents/incident-actions.js';
import { asIncidentKey } from '../../src/incidents/incident-key.js';
import { mentionText, renderReminder, replyMrkdwn } from '../../src/incidents/incident-replies.js';
import { nextReminderAt } from '../../src/incidents/reminder-schedule.js';

const MINUTE = 60_000;
const POLICY: Pick<IncidentsConfig, 'reminderAfterMs' | 'reminderBackoff'> = { reminderAfterMs: 30 * MINUTE, reminderBackoff: 2 };

function date(clock: string): Date {
  return new Date(`2026-11-23T${clock}.000Z`);
}

/** An open incident on fraud-detector, p99 latency firing since 14:07:12. */
function incident(extra: Partial<Incident> = {}): Incident {
  return {
    key: asIncidentKey('123456789012/us-east-1/sagemaker:fraud-detector/AllTraffic'),
    number: 12,
    channel: '#fraud-oncall',
    severity: 'critical',
    title: 'fraud-detector (SageMaker endpoint)',
    resource: { kind: 'sagemaker-endpoint', key: 'sagemaker:fraud-detector/AllTraffic', name: 'fraud-detector', variant: 'AllTraffic' },
    accountId: '123456789012',
    region: 'us-east-1',
    state: 'open',
    openedAt: date('14:07:12'),
    reopenedCount: 0,
    alarms: [
      {
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency',
        name: 'fraud-detector-p99-latency',
        state: 'ALARM',
        since: date('14:07:12'),
        breach: 'p99 ModelLatency 2.1 s > 500 ms for 3 of 3 datapoints',
        transitionsInWindow: [date('14:07:12')],
        kind: 'metric',
      },
    ],
    flapping: false,
    mention: 'S0ONCALL',
    lastChangeAt: date('14:07:15'),
    ...extra,
  };
}

function changed(result: IncidentActionResult): IncidentChange {
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  return result;
}

describe('acknowledge', () => {
  it('acknowledges once, with a reply naming who took it', () => {
    const result = changed(acknowledge(incident(), { id: 'U0ACK', name: 'jane' }, date('14:10:00')));
    expect(result.incident).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'U0ACK', byName: 'jane', at: date('14:10:00') } });
    expect(result.effects).toEqual([{ kind: 'update-parent' }, { kind: 'reply', text: '🟠 Acknowledged by <@U0ACK>' }]);
  });

  it('refuses the second click, saying who acknowledged and when', () => {
    const first = changed(acknowledge(incident(), 'U0ACK', date('14:10:00')));
    expect(acknowledge(first.incident, 'U0BOB', date('14:10:01'))).toEqual({
      refused: 'already acknowledged by <@U0ACK> at 14:10 UTC',
    });
  });

  it('refuses to acknowledge a resolved incident', () => {
    const resolved = incident({ state: 'resolved', resolved: { at: date('14:32:05') } });
    expect(acknowledge(resolved, 'U0ACK', date('14:40:00'))).toEqual({ refused: 'already resolved at 14:32 UTC — all alarms OK' });
  });
});

describe('resolveByHand', () => {
  it('resolves and says an alarm is still firing in CloudWatch', () => {
    const result = changed(resolveByHand(incident(), 'U0JANE', date('14:29:12')));
    expect(result.incident).toMatchObject({ state: 'resolved', resolved: { at: date('14:29:12'), by: 'U0JANE' } });
    expect(result.effects).toEqual([
      { kind: 'update-parent' },
      { kind: 'reply', text: '✅ Resolved by <@U0JANE> after 22 min — fraud-detector-p99-latency still in ALARM in CloudWatch' },
    ]);
  });

  it('refuses a second resolve, saying who resolved it', () => {
    const first = changed(resolveByHand(incident(), 'U0JANE', date('14:29:12')));
    expect(resolveByHand(first.incident, 'U0BOB', date('14:29:13'))).toEqual({ refused: 'already resolved by <@U0JANE> at 14:29 UTC' });
  });

  it('resolves an acknowledged incident', () => {
    const acked = changed(acknowledge(incident(), 'U0ACK', date('14:10:00'))).incident;
    expect(changed(resolveByHand(acked, 'U0ACK', date('14:30:00'))).incident.state).toBe('resolved');
  });
});

describe('silence', () => {
  it('silences until the given time, with a reply', () => {
    const result = changed(silence(incident(), 'U0JANE', date('15:10:00'), date('14:10:00')));
    expect(result.incident).toMatchObject({ silencedUntil: date('15:10:00'), silencedBy: 'U0JANE' });
    expect(result.effects[1]).toEqual({
      kind: 'reply',
      text: '🔕 Silenced by <@U0JANE> until 15:10 UTC (1 h): no replies or reminders until then; the message above stays current.',
    });
  });

  it('acts once on a double click and extends on a longer silence', () => {
    const first = changed(silence(incident(), 'U0JANE', date('15:10:00'), date('14:10:00'))).incident;
    expect(silence(first, 'U0BOB', date('15:10:02'), date('14:10:02'))).toEqual({
      refused: 'already silenced by <@U0JANE> until 15:10 UTC',
    });
    expect(changed(silence(first, 'U0BOB', date('18:00:00'), date('14:20:00'))).incident.silencedUntil).toEqual(date('18:00:00'));
  });

  it('refuses a silence ending in the past and silencing a resolved incident', () => {
    expect(silence(incident(), 'U0JANE', date('14:00:00'), date('14:10:00'))).toEqual({ refused: 'a silence must end in the future' });
    const resolved = incident({ state: 'resolved', resolved: { at: date('14:32:05') } });
    expect('refused' in silence(resolved, 'U0JANE', date('16:00:00'), date('14:40:00'))).toBe(true);
  });

  it('unsilences once', () => {
    const silenced = changed(silence(incident(), 'U0JANE', date('15:10:00'), date('14:10:00'))).incident;
    const result = changed(unsilence(silenced, 'U0BOB', date('14:20:00')));
    expect(result.incident.silencedUntil).toBeUndefined();
    expect(result.incident.silencedBy).toBeUndefined();
    expect(result.effects[1]).toEqual({ kind: 'reply', text: '🔔 Unsilenced by <@U0BOB>: replies and reminders resume.' });
    expect(unsilence(result.incident, 'U0BOB', date('14:20:01'))).toEqual({ refused: 'not silenced' });
  });
});

describe('reminders', () => {
  it('reminds an unacknowledged incident after the interval, then at a growing interval', () => {
    expect(nextReminderAt(incident(), POLICY, 0)).toEqual(date('14:37:12'));
    expect(nextReminderAt(incident(), POLICY, 1)).toEqual(date('15:37:12'));
    expect(nextReminderAt(incident(), POLICY, 2)).toEqual(date('17:37:12'));
  });

  it('does not remind once acknowledged or resolved, or when reminders are off', () => {
    const acked = changed(acknowledge(incident(), 'U0ACK', date('14:10:00'))).incident;
    expect(nextReminderAt(acked, POLICY, 0)).toBeUndefined();
    expect(nextReminderAt(incident({ state: 'resolved', resolved: { at: date('14:32:05') } }), POLICY, 0)).toBeUndefined();
    expect(nextReminderAt(incident(), { ...POLICY, reminderAfterMs: 0 }, 0)).toBeUndefined();
  });

  it('holds reminders until a silence ends', () => {
    const silenced = incident({ silencedUntil: date('16:00:00') });
    expect(nextReminderAt(silenced, POLICY, 0)).toEqual(date('16:00:00'));
    expect(nextReminderAt(incident({ silencedUntil: date('14:20:00') }), POLICY, 0)).toEqual(date('14:37:12'));
  });

  it('counts from the last reopen', () => {
    expect(nextReminderAt(incident({ reopenedAt: date('15:00:00'), reopenedCount: 1 }), POLICY, 0)).toEqual(date('15:30:00'));
  });

  it('writes a reminder with the mention and where the incident stands', () => {
    const reminder = renderReminder(incident(), date('14:37:12'));
    expect(reminder).toEqual({
      kind: 'reply',
      text: '⏰ Still open and not acknowledged after 30 min — critical: fraud-detector-p99-latency in ALARM',
      mention: 'S0ONCALL',
    });
    expect(replyMrkdwn(reminder)).toBe(
      '<!subteam^S0ONCALL> ⏰ Still open and not acknowledged after 30 min — critical: fraud-detector-p99-latency in ALARM',
    );
  });
});

describe('reply texts', () => {
  it('mentions users and user groups the way Slack pings them, and nothing else', () => {
    expect(mentionText('U0123ABCD')).toBe('<@U0123ABCD>');
    expect(mentionText('W0123ABCD')).toBe('<@W0123ABCD>');
    expect(mentionText('S0123ABCD')).toBe('<!subteam^S0123ABCD>');
    expect(mentionText('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('escapes alarm data so a name can never ping a channel or carry a link', () => {
    const hostile = incident({
      alarms: [
        {
          ...(incident().alarms[0] as Incident['alarms'][number]),
          name: 'x <!channel> <https://evil.example|click>',
          breach: 'a & b\u001b[31m red',
        },
      ],
    });
    const reminder = renderReminder(hostile, date('14:40:00'));
    expect(reminder.text).toContain('x &lt;!channel&gt; &lt;https://evil.example|click&gt; in ALARM');
    const resolved = changed(resolveByHand(hostile, 'U0JANE', date('14:40:00')));
    expect(JSON.stringify(resolved.effects)).not.toContain('<!channel>');
  });
});

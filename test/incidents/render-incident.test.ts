import { describe, expect, it } from 'vitest';
import type { IncidentButton, IncidentsConfig } from '../../src/config/config.js';
import { renderText } from '../../src/console/render-text.js';
import type { AlarmState, AlarmTransition } from '../../src/incidents/alarm-notification/index.js';
import type { Incident } from '../../src/incidents/incident.js';
import { acknowledge, resolveByHand, silence } from '../../src/incidents/incident-actions.js';
import { applyTransition } from '../../src/incidents/incident-state.js';
import type { ParentOptions } from '../../src/incidents/render-incident.js';
import {
  INCIDENT_ACTION_IDS,
  incidentButtonValue,
  parseIncidentButtonValue,
  renderIncidentParent,
} from '../../src/incidents/render-incident.js';
import type { RoutedAlarm } from '../../src/incidents/route-alarm.js';
import type { Action, Reply } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { alarmFixture, alarmFrom, edited } from './alarm-notification/sns-fixtures.js';

const MINUTE = 60_000;
const ALL_BUTTONS: IncidentButton[] = ['ack', 'resolve', 'diagnose', 'scale', 'silence'];
const POLICY: IncidentsConfig = {
  reopenWindowMs: 30 * MINUTE,
  reminderAfterMs: 30 * MINUTE,
  reminderBackoff: 2,
  flapping: { transitions: 5, withinMs: 10 * MINUTE },
  buttons: ALL_BUTTONS,
};
const CRITICAL: RoutedAlarm = {
  channel: '#fraud-oncall',
  severity: 'critical',
  groupBy: 'resource',
  runbookUrl: 'https://wiki.example.com/runbooks/fraud-detector',
  mention: 'S0123ABCD',
  diagnose: false,
};

function date(clock: string): Date {
  return new Date(`2026-11-23T${clock}.000Z`);
}

function options(now: string, extra: Partial<ParentOptions> = {}): ParentOptions {
  return { buttons: ALL_BUTTONS, now: date(now), consoleLinks: true, flappingWindowMs: 10 * MINUTE, ...extra };
}

function fold(transitions: AlarmTransition[], routing: RoutedAlarm = CRITICAL): Incident {
  let incident: Incident | undefined;
  for (const transition of transitions) {
    const now = new Date(transition.changedAt.getTime() + 5_000);
    const result = applyTransition(incident?.state === 'resolved' ? undefined : incident, transition, {
      routing,
      policy: POLICY,
      now,
      ...(incident?.state === 'resolved' ? { recentlyResolved: incident } : {}),
    });
    if (result.ignored === undefined) incident = result.incident;
  }
  if (incident === undefined) throw new Error('no incident');
  return { ...incident, number: 12 };
}

function p99(state: AlarmState, clock: string): AlarmTransition {
  const fixture = state === 'OK' ? 'alarm-metric-ok.json' : 'alarm-metric-p99-latency.json';
  return alarmFrom(
    edited(fixture, (document) => {
      document['NewStateValue'] = state;
      document['StateChangeTime'] = `2026-11-23T${clock}.000+0000`;
    }),
  );
}

const P99 = alarmFixture('alarm-metric-p99-latency.json');
const MATH = alarmFixture('alarm-metric-math.json');
const MATH_OK = alarmFrom(
  edited('alarm-metric-math.json', (document) => {
    document['NewStateValue'] = 'OK';
    document['StateChangeTime'] = '2026-11-23T14:35:00.000+0000';
  }),
);

function buttons(reply: Reply): Action[] {
  return reply.parts.flatMap((part) => (part.kind === 'actions' ? part.actions : []));
}

function allText(reply: Reply): string {
  return reply.parts.map((part) => (part.kind === 'text' || part.kind === 'note' ? part.text : '')).join('\n');
}

function expectWithinSlackLimits(reply: Reply): void {
  const message = renderBlocks(reply);
  assertWithinSlackLimits(message.blocks);
  expect(message.text.length).toBeGreaterThan(0);
}

describe('renderIncidentParent', () => {
  it('shows an open incident at a glance, with a summary that makes a useful notification', () => {
    const reply = renderIncidentParent(fold([P99]), options('14:19:13'));
    expect(reply.heading).toBe('🔴 #12 fraud-detector (SageMaker endpoint)');
    expect(reply.context).toBe('ALARM · critical · account 123456789012 · us-east-1 · opened 14:07 UTC');
    expect(reply.tone).toBe('problem');
    expect(reply.summary).toBe('🔴 ALARM critical — fraud-detector: p99 ModelLatency 2.1 s > 500 ms');
    const shown = allText(reply);
    expect(shown).toContain('Open for 12 min, not acknowledged');
    expect(shown).toContain('🔴 *fraud-detector-p99-latency* — in ALARM since 14:07 UTC (12 min)');
    expect(shown).toContain('p99 ModelLatency 2.1 s > 500 ms for 3 of 3 datapoints');
    expect(shown).toContain('📖 <https://wiki.example.com/runbooks/fraud-detector|Runbook>');
    expectWithinSlackLimits(reply);
    expect(renderBlocks(reply).text).toContain('🔴 ALARM critical — fraud-detector: p99 ModelLatency 2.1 s &gt; 500 ms');
  });

  it('links the alarm, its metric and the endpoint log group in the console', () => {
    const shown = allText(renderIncidentParent(fold([P99]), options('14:19:13')));
    expect(shown).toContain(
      '<https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/fraud-detector-p99-latency|alarm>',
    );
    expect(shown).toContain(
      "#metricsV2:graph=~(metrics~(~(~'AWS*2fSageMaker~'ModelLatency~'EndpointName~'fraud-detector~'VariantName~'AllTraffic))",
    );
    expect(shown).toContain("~stat~'p99~period~60~");
    expect(shown).toMatch(/#logsV2:logs-insights\$3FqueryDetail\$3D~\(end~0~start~-\d+~timeType~'RELATIVE~unit~'seconds~editorString~'fields\*20\*40timestamp/);
    expect(shown).toContain("~source~(~'*2faws*2fsagemaker*2fEndpoints*2ffraud-detector))|Logs Insights: /aws/sagemaker/Endpoints/fraud-detector>");
    const without = allText(renderIncidentParent(fold([P99]), options('14:19:13', { consoleLinks: false })));
    expect(without).not.toContain('console.aws.amazon.com');
    expect(without).toContain('Runbook');
  });

  it('url-encodes alarm names in the alarm link', () => {
    const spaced = alarmFrom(
      edited('alarm-metric-p99-latency.json', (document) => {
        document['AlarmName'] = 'fraud detector/p99 #1';
        document['AlarmArn'] = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud detector/p99 #1';
      }),
    );
    expect(allText(renderIncidentParent(fold([spaced]), options('14:19:13')))).toContain('#alarmsV2:alarm/fraud%20detector%2Fp99%20%231|alarm>');
  });

  it('offers the configured buttons with the incident in their value and console commands', () => {
    const incident = fold([P99]);
    const shown = buttons(renderIncidentParent(incident, options('14:19:13')));
    expect(shown.map((button) => [button.id, button.label, button.command])).toEqual([
      [INCIDENT_ACTION_IDS.ack, 'Acknowledge', '/mlobs ack 12'],
      [INCIDENT_ACTION_IDS.resolve, 'Resolve', '/mlobs resolve 12'],
      [INCIDENT_ACTION_IDS.diagnose, 'Diagnose', '/mlobs diagnose fraud-detector'],
      [INCIDENT_ACTION_IDS.scale, 'Scale…', '/mlobs scale fraud-detector'],
      [INCIDENT_ACTION_IDS.silence, 'Silence 1h', '/mlobs silence 12 1h'],
    ]);
    const value = shown[0]?.value ?? '';
    expect(parseIncidentButtonValue(value)).toEqual({ number: 12, key: incident.key });
    expect(parseIncidentButtonValue(incidentButtonValue({ key: incident.key }))).toEqual({ key: incident.key });
    expect(parseIncidentButtonValue('not json')).toBeUndefined();
    expect(shown[1]?.confirm?.text).toBe('fraud-detector-p99-latency still in ALARM. Resolve the incident anyway?');
    expect(buttons(renderIncidentParent(incident, options('14:19:13', { buttons: ['diagnose'] }))).map((b) => b.id)).toEqual([
      INCIDENT_ACTION_IDS.diagnose,
    ]);
  });

  it('offers Scale only for SageMaker endpoints', () => {
    const lambda = fold([alarmFixture('lambda-errors-alarm.json')]);
    const ids = buttons(renderIncidentParent(lambda, options('14:19:13'))).map((button) => button.id);
    expect(ids).not.toContain(INCIDENT_ACTION_IDS.scale);
    expect(renderIncidentParent(lambda, options('14:19:13')).heading).toBe('🔴 #12 fraud-features-preprocess (Lambda function)');
  });

  it('shows who acknowledged and hides the Acknowledge button', () => {
    const acked = acknowledge(fold([P99]), { id: 'U0ACK', name: 'jane' }, date('14:10:00'));
    if ('refused' in acked) throw new Error(acked.refused);
    const reply = renderIncidentParent(acked.incident, options('14:19:13'));
    expect(reply.heading).toMatch(/^🟠 /);
    expect(reply.summary).toBe('🟠 ACKNOWLEDGED critical — fraud-detector: p99 ModelLatency 2.1 s > 500 ms');
    expect(allText(reply)).toContain('Acknowledged by @jane at 14:10 UTC');
    expect(buttons(reply).map((button) => button.id)).not.toContain(INCIDENT_ACTION_IDS.ack);
    expectWithinSlackLimits(reply);
  });

  it('lists both alarms of a two-alarm incident and says how long it took to resolve', () => {
    const open = fold([P99, MATH]);
    const openReply = renderIncidentParent(open, options('14:20:00'));
    expect(openReply.summary).toBe('🔴 ALARM critical — fraud-detector: p99 ModelLatency 2.1 s > 500 ms (+1 more alarm)');
    expect(allText(openReply)).toContain('*fraud-detector-5xx-error-rate* — in ALARM since 14:08 UTC (11 min)');

    const resolved = fold([P99, MATH, p99('OK', '14:32:05'), MATH_OK]);
    const reply = renderIncidentParent(resolved, options('14:40:00'));
    expect(reply.heading).toMatch(/^✅ /);
    expect(reply.summary).toBe('✅ RESOLVED critical — fraud-detector: resolved after 27 min — all alarms OK');
    expect(allText(reply)).toContain('Resolved after 27 min — all alarms OK');
    const ids = buttons(reply).map((button) => button.id);
    expect(ids).not.toContain(INCIDENT_ACTION_IDS.ack);
    expect(ids).not.toContain(INCIDENT_ACTION_IDS.resolve);
    expect(ids).toContain(INCIDENT_ACTION_IDS.diagnose);
    expectWithinSlackLimits(reply);
  });

  it('names who resolved by hand', () => {
    const resolved = resolveByHand(fold([P99]), { id: 'U0JANE', name: 'jane' }, date('14:21:13'));
    if ('refused' in resolved) throw new Error(resolved.refused);
    expect(allText(renderIncidentParent(resolved.incident, options('14:22:00')))).toContain(
      'Resolved by @jane after 14 min (1 alarm still in ALARM)',
    );
  });

  it('shows flapping as one line with the count of changes', () => {
    const states: AlarmState[] = ['ALARM', 'OK', 'ALARM', 'OK', 'ALARM', 'OK', 'ALARM'];
    const flapping = fold(states.map((state, i) => p99(state, `14:0${i}:00`)));
    expect(flapping.flapping).toBe(true);
    const reply = renderIncidentParent(flapping, options('14:07:00'));
    expect(allText(reply)).toContain('Flapping: 7 changes in 10 min — replies paused until it settles');
    expect(reply.context).toContain('reopened 3×');
    expectWithinSlackLimits(reply);
  });

  it('shows a silence and offers Unsilence instead of Silence', () => {
    const silenced = silence(fold([P99]), { id: 'U0JANE', name: 'jane' }, date('15:10:00'), date('14:10:00'));
    if ('refused' in silenced) throw new Error(silenced.refused);
    const reply = renderIncidentParent(silenced.incident, options('14:19:13'));
    expect(allText(reply)).toContain('Silenced until 15:10 UTC by U0JANE — no replies or reminders');
    const ids = buttons(reply).map((button) => button.id);
    expect(ids).toContain(INCIDENT_ACTION_IDS.unsilence);
    expect(ids).not.toContain(INCIDENT_ACTION_IDS.silence);
    const later = buttons(renderIncidentParent(silenced.incident, options('15:20:00'))).map((button) => button.id);
    expect(later).toContain(INCIDENT_ACTION_IDS.silence);
  });

  it('stays within Slack limits for an incident with many long-named alarms', () => {
    let incident = fold([P99]);
    const extra = Array.from({ length: 40 }, (_, i) => ({
      ...(incident.alarms[0] as Incident['alarms'][number]),
      arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:a${i}`,
      name: `fraud-detector-${'very-long-alarm-name-'.repeat(10)}${i}`,
      breach: `${'p99 ModelLatency 2.1 s > 500 ms '.repeat(6)}`,
    }));
    incident = { ...incident, alarms: [...incident.alarms, ...extra] };
    const reply = renderIncidentParent(incident, options('14:19:13'));
    expect(allText(reply)).toContain('… and 29 more alarms (29 in ALARM)');
    expectWithinSlackLimits(reply);
  });

  it('never turns alarm data into a link or a mention', () => {
    const hostile = alarmFrom(
      edited('alarm-metric-p99-latency.json', (document) => {
        document['AlarmName'] = '<https://evil.example|click me> <!channel>';
        document['AlarmArn'] = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:x';
      }),
    );
    const message = renderBlocks(renderIncidentParent(fold([hostile]), options('14:19:13', { consoleLinks: false })));
    const json = JSON.stringify(message);
    expect(json).not.toContain('<https://evil.example');
    expect(json).not.toContain('<!channel>');
    assertWithinSlackLimits(message.blocks);
  });

  it.each([
    ['alarm-metric-p99-latency.json', '🔴 ALARM critical — fraud-detector: p99 ModelLatency 2.1 s > 500 ms'],
    ['alarm-metric-math.json', '🔴 ALARM critical — fraud-detector: 5XX error rate (%) 7.42 > 5'],
    ['alarm-anomaly-band.json', '🔴 ALARM critical — recsys-ranker: sum Invocations 41 outside the expected band 1,520–3,980'],
    ['alarm-composite.json', '🔴 ALARM critical — fraud-detector-degraded: fraud-detector-5xx-error-rate, fraud-detector-p99-latency in ALARM'],
    ['alarm-composite-empty-children.json', '🔴 ALARM critical — '],
    ['eventbridge-alarm-state-change.json', '🔴 ALARM critical — fraud-detector: p99 ModelLatency 2.1 s > 500 ms'],
    ['lambda-errors-alarm.json', '🔴 ALARM critical — fraud-features-preprocess: sum Errors 17 ≥ 5'],
  ])('renders a parent for %s within Slack limits', (fixture, summary) => {
    const reply = renderIncidentParent(fold([alarmFixture(fixture)]), options('14:19:13'));
    expect(reply.summary?.startsWith(summary)).toBe(true);
    expectWithinSlackLimits(reply);
  });

  it('renders as console text with the equivalent commands', () => {
    const printed = renderText(renderIncidentParent(fold([P99]), options('14:19:13')));
    expect(printed).toContain('#12 fraud-detector (SageMaker endpoint)');
    expect(printed).toContain('Acknowledge: /mlobs ack 12');
  });
});

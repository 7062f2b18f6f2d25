import { describe, expect, it } from 'vitest';
import type { IncidentsConfig } from '../../src/config/config.js';
import type { AlarmTransition } from '../../src/incidents/alarm-notification/index.js';
import { compactPoints, metricQueryOf, type AlarmMetricPoints } from '../../src/incidents/alarm-metric-points.js';
import type { Incident } from '../../src/incidents/incident.js';
import { applyTransition } from '../../src/incidents/incident-state.js';
import { incidentDocument, incidentFromDocument } from '../../src/incidents/pipeline/incident-document.js';
import { renderIncidentParent, type ParentOptions } from '../../src/incidents/render-incident.js';
import type { Reply } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { alarmFixture } from './alarm-notification/sns-fixtures.js';

const MINUTE = 60_000;
const POLICY: IncidentsConfig = {
  reopenWindowMs: 30 * MINUTE,
  reminderAfterMs: 30 * MINUTE,
  reminderBackoff: 2,
  flapping: { transitions: 5, withinMs: 10 * MINUTE },
  buttons: ['ack', 'resolve', 'diagnose', 'scale', 'silence'],
};
const NOW = new Date('2026-11-23T14:19:13.000Z');
const URL_MODE = { mode: 'url', quickchartUrl: 'https://quickchart.io' } as const;
const UPLOAD_MODE = { mode: 'upload', quickchartUrl: 'http://127.0.0.1:3400' } as const;

function opened(transition: AlarmTransition): Incident & { number: number } {
  const result = applyTransition(undefined, transition, {
    routing: { channel: '#fraud-oncall', severity: 'critical', groupBy: 'resource', diagnose: false },
    policy: POLICY,
    now: new Date(transition.changedAt.getTime() + 5_000),
  });
  return { ...result.incident!, number: 12 };
}

/** A minute per point ending at the breach + 10 min: latency (µs) rising from 300 ms to 2.1 s. */
function latencyPoints(incident: Incident, count = 60): AlarmMetricPoints {
  const alarm = incident.alarms[0]!;
  const end = alarm.since.getTime() + 10 * MINUTE;
  const timestamps = Array.from({ length: count }, (_, i) => end - (count - 1 - i) * MINUTE);
  const values = timestamps.map((_, i) => (i < count - 12 ? 300_000 : 2_100_000));
  return { alarmArn: alarm.arn, breachAt: alarm.since, fetchedAt: NOW, timestamps, values };
}

function options(extra: Partial<ParentOptions> = {}): ParentOptions {
  return { buttons: POLICY.buttons, now: NOW, consoleLinks: true, flappingWindowMs: 10 * MINUTE, ...extra };
}

function texts(reply: Reply): string {
  return reply.parts.map((part) => (part.kind === 'text' || part.kind === 'note' ? part.text : '')).join('\n');
}

function charts(reply: Reply) {
  return reply.parts.flatMap((part) => (part.kind === 'chart' ? [part.chart] : []));
}

describe('the parent with the metric around the breach', () => {
  it('shows a sparkline line with the unit, the latest value and the threshold', () => {
    const incident = opened(alarmFixture('alarm-metric-p99-latency.json'));
    const reply = renderIncidentParent({ ...incident, metricPoints: [latencyPoints(incident)] }, options({ charts: URL_MODE }));
    expect(texts(reply)).toContain('📈 p99 ModelLatency `▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁█████` 2.1 s now, threshold 500 ms');
  });

  it('charts the primary alarm in url mode: the metric in ms and the threshold line', () => {
    const incident = opened(alarmFixture('alarm-metric-p99-latency.json'));
    const reply = renderIncidentParent({ ...incident, metricPoints: [latencyPoints(incident)] }, options({ charts: URL_MODE }));
    const [chart] = charts(reply);
    expect(chart?.title).toBe('fraud-detector-p99-latency — breach at 14:07 UTC');
    expect(chart?.imageUrl.startsWith('https://quickchart.io/chart?')).toBe(true);
    expect(chart!.imageUrl.length).toBeLessThanOrEqual(3_000);
    const config = decodeURIComponent(chart!.imageUrl).replaceAll('+', ' ');
    expect(config).toContain("label:'threshold 500 ms',data:[{x:'13:18',y:500},{x:'14:17',y:500}]");
    // µs on the wire, ms on the axis: 300,000 µs is drawn at 300, 2,100,000 µs at 2100.
    expect(config).toContain('data:[300,300,');
    expect(config).toContain(',2100,2100]');
    expect(config).toContain("text:'p99 ModelLatency (ms)'");
    assertWithinSlackLimits(renderBlocks(reply).blocks);
  });

  it('draws no chart in upload mode: no chart URL in a Slack message, the sparkline stays', () => {
    const incident = opened(alarmFixture('alarm-metric-p99-latency.json'));
    const reply = renderIncidentParent({ ...incident, metricPoints: [latencyPoints(incident)] }, options({ charts: UPLOAD_MODE }));
    expect(charts(reply)).toEqual([]);
    expect(texts(reply)).toContain('📈 p99 ModelLatency');
    expect(JSON.stringify(renderBlocks(reply))).not.toContain('127.0.0.1:3400');
  });

  it('renders as before while no points are fetched, and ignores points of an earlier episode', () => {
    const incident = opened(alarmFixture('alarm-metric-p99-latency.json'));
    const before = renderIncidentParent(incident, options({ charts: URL_MODE }));
    expect(texts(before)).not.toContain('📈');
    expect(charts(before)).toEqual([]);
    const stale = { ...latencyPoints(incident), breachAt: new Date(incident.openedAt.getTime() - 2 * 3_600_000) };
    const reopened = renderIncidentParent({ ...incident, metricPoints: [stale] }, options({ charts: URL_MODE }));
    expect(texts(reopened)).not.toContain('📈');
  });

  it('names a metric-math alarm by its label and an anomaly band by its band', () => {
    const math = opened(alarmFixture('alarm-metric-math.json'));
    const mathPoints = { ...latencyPoints(math), values: latencyPoints(math).values.map((value) => value / 100_000) };
    expect(texts(renderIncidentParent({ ...math, metricPoints: [mathPoints] }, options()))).toMatch(/📈 5XX error rate \(%\) `[▁█]+` 21 now, threshold 5$/m);
    const band = opened(alarmFixture('alarm-anomaly-band.json'));
    expect(texts(renderIncidentParent({ ...band, metricPoints: [latencyPoints(band)] }, options()))).toContain('now, fires when outside the expected band');
  });

  it('keeps a parent of 12 charted alarms with long names within Block Kit limits, three sparklines', () => {
    const incident = opened(alarmFixture('alarm-metric-p99-latency.json'));
    const alarms = Array.from({ length: 12 }, (_, i) => ({
      ...incident.alarms[0]!,
      arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:a${i}`,
      name: `fraud-detector-${'very-long-alarm-name-'.repeat(10)}${i}`,
    }));
    const metricPoints = alarms.map((alarm) => ({ ...latencyPoints(incident), alarmArn: alarm.arn }));
    const reply = renderIncidentParent({ ...incident, alarms, metricPoints }, options({ charts: URL_MODE }));
    expect(texts(reply).match(/📈/g)).toHaveLength(3);
    expect(charts(reply)).toHaveLength(1);
    const message = renderBlocks(reply);
    assertWithinSlackLimits(message.blocks);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('alarm metric points', () => {
  it('keeps at most 60 points, each bucket its largest value so a spike survives', () => {
    const timestamps = Array.from({ length: 150 }, (_, i) => i * MINUTE);
    const values = timestamps.map((_, i) => (i === 77 ? 9 : 1));
    const kept = compactPoints(timestamps, values);
    expect(kept.values).toHaveLength(60);
    expect(kept.timestamps).toHaveLength(60);
    expect(Math.max(...kept.values)).toBe(9);
    expect(compactPoints([1, 2], [3, 4])).toEqual({ timestamps: [1, 2], values: [3, 4] });
  });

  it('asks for the alarm own query: the metric, the math queries, the metric inside a band, nothing for composites', () => {
    expect(metricQueryOf(opened(alarmFixture('alarm-metric-p99-latency.json')).alarms[0]!)).toEqual({
      metric: expect.objectContaining({ metricName: 'ModelLatency', statistic: 'p99', periodS: 60 }),
    });
    const math = metricQueryOf(opened(alarmFixture('alarm-metric-math.json')).alarms[0]!);
    expect(math && 'queries' in math ? math.queries.map((query) => query.id) : []).toEqual(['e1', 'errors', 'invocations']);
    expect(metricQueryOf(opened(alarmFixture('alarm-anomaly-band.json')).alarms[0]!)).toEqual({ metric: expect.objectContaining({ metricName: 'Invocations' }) });
    expect(metricQueryOf(opened(alarmFixture('alarm-composite.json')).alarms[0]!)).toBeUndefined();
  });

  it('survive the store: dates revived, numbers kept', () => {
    const incident = opened(alarmFixture('alarm-metric-p99-latency.json'));
    const points = latencyPoints(incident);
    const back = incidentFromDocument(JSON.parse(JSON.stringify(incidentDocument({ ...incident, metricPoints: [points] }))), 12);
    expect(back.metricPoints).toEqual([points]);
    expect(back.alarms[0]!.threshold).toBe(500_000);
  });
});

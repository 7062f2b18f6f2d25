import { describe, expect, it } from 'vitest';
import { roundForChart, thinPoints } from '../../src/charts/chart-points.js';
import { MAX_CHART_URL_LENGTH } from '../../src/charts/quickchart-url.js';
import { timeSeriesChart, timeSeriesChartConfig, timeSeriesParts, type TimeSeriesChartSpec } from '../../src/charts/time-series-chart.js';
import { timeAxisLabels } from '../../src/charts/time-labels.js';

const PUBLIC = { quickchartUrl: 'https://quickchart.io' };
const START = Date.UTC(2026, 10, 23, 12, 0);

function minutes(count: number): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(START + i * 60_000));
}

function latencySpec(count: number): TimeSeriesChartSpec {
  const timestamps = minutes(count);
  return {
    title: 'fraud-detector latency',
    timestamps,
    yAxis: { title: 'latency', unit: 'ms' },
    lines: [
      { label: 'p99', values: timestamps.map((_, i) => 90 + (i % 97) * 7.123) },
      { label: 'p50', values: timestamps.map((_, i) => 35 + (i % 13)), emphasis: 'secondary' },
      { label: 'overhead p99', values: timestamps.map((_, i) => (i % 5 === 0 ? undefined : 11 + i)), emphasis: 'secondary' },
    ],
    thresholds: [{ label: 'SLA 500 ms', value: 500 }],
    altText: 'p99 latency',
  };
}

/** The `c` parameter is a JavaScript object literal (quickchart-js uses javascript-stringify). */
function configIn(url: string): Record<string, any> {
  const literal = new URL(url).searchParams.get('c')!;
  return new Function(`return (${literal});`)() as Record<string, any>;
}

describe('timeSeriesChart', () => {
  it('asks the configured QuickChart server for Chart.js 4 at 800×400, device pixel ratio 2', () => {
    const url = new URL(timeSeriesChart(latencySpec(60), { quickchartUrl: 'http://charts.internal:3400' }).imageUrl);
    expect(url.origin).toBe('http://charts.internal:3400');
    expect(url.pathname).toBe('/chart');
    expect(url.searchParams.get('v')).toBe('4');
    expect(url.searchParams.get('w')).toBe('800');
    expect(url.searchParams.get('h')).toBe('400');
    expect(url.searchParams.get('devicePixelRatio')).toBe('2');
  });

  it('keeps a path on the configured server URL', () => {
    const url = new URL(timeSeriesChart(latencySpec(10), { quickchartUrl: 'https://tools.example.com/quickchart/' }).imageUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://tools.example.com/quickchart/chart');
  });

  it('fits Slack’s image URL limit however many points there are', () => {
    for (const count of [30, 180, 1_440, 10_000]) {
      const chart = timeSeriesChart(latencySpec(count), PUBLIC);
      expect(chart.imageUrl.length).toBeLessThanOrEqual(MAX_CHART_URL_LENGTH);
      const config = configIn(chart.imageUrl);
      expect(config.data.labels.length).toBeGreaterThanOrEqual(Math.min(count, 30));
    }
  });

  it('draws a time axis of UTC labels, the unit in the axis title, and the SLA as a dashed line across the whole range', () => {
    const config = timeSeriesChartConfig(latencySpec(60)) as Record<string, any>;
    expect(config.type).toBe('line');
    // No `type: 'time'`: Chart.js 4 draws a time scale only with a date adapter loaded.
    expect(config.options.scales.x.type).toBe('category');
    expect(config.data.labels).toEqual(timeAxisLabels(minutes(60).map((d) => d.getTime())));
    expect(config.data.labels.every((label: unknown) => typeof label === 'string')).toBe(true);
    expect(config.options.scales.y.title.text).toBe('latency (ms)');
    const sla = config.data.datasets.find((d: { label: string }) => d.label === 'SLA 500 ms');
    expect(sla.borderDash).toEqual([8, 5]);
    expect(sla.data).toEqual([
      { x: config.data.labels[0], y: 500 },
      { x: config.data.labels[59], y: 500 },
    ]);
    expect(JSON.stringify(config)).not.toMatch(/"time"|adapters/);
    const colours = config.data.datasets.map((d: { borderColor: string }) => d.borderColor);
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('leaves periods without data as gaps', () => {
    const config = timeSeriesChartConfig(latencySpec(10)) as Record<string, any>;
    expect(config.data.datasets[2].data[0]).toBeNull();
    expect(config.data.datasets[2].data[1]).toBe(12);
  });

  it('puts a sparkline of the first line beside the chart', () => {
    const parts = timeSeriesParts(latencySpec(5), PUBLIC, 'p99 latency');
    expect(parts.map((p) => p.kind)).toEqual(['chart', 'sparkline']);
    expect(parts[1]).toMatchObject({ sparkline: { label: 'p99 latency', unit: 'ms' } });
  });
});

describe('timeAxisLabels', () => {
  const at = (iso: string) => Date.parse(iso);
  it('writes the UTC clock within a day', () => {
    expect(timeAxisLabels([at('2026-11-23T14:05:00Z'), at('2026-11-23T14:06:00Z'), at('2026-11-23T23:59:00Z')])).toEqual(['14:05', '14:06', '23:59']);
  });
  it('adds the date when the range spans a day or more, so no two labels are the same', () => {
    const labels = timeAxisLabels([at('2026-11-22T15:05:00Z'), at('2026-11-23T03:05:00Z'), at('2026-11-23T15:05:00Z')]);
    expect(labels).toEqual(['Nov 22 15:05', 'Nov 23 03:05', 'Nov 23 15:05']);
  });
  it('writes whole days as dates (daily costs)', () => {
    expect(timeAxisLabels([at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z')])).toEqual(['Nov 1', 'Nov 2']);
  });
  it('adds seconds when points are less than a minute apart (Logs Insights bin(30s))', () => {
    expect(timeAxisLabels([at('2026-11-23T14:05:00Z'), at('2026-11-23T14:05:30Z')])).toEqual(['14:05:00', '14:05:30']);
  });
});

describe('thinPoints', () => {
  it('keeps the maximum of each bucket, so a one-minute spike survives', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i === 57 ? 2_100 : 100));
    const thinned = thinPoints(minutes(100), [values], 10);
    expect(thinned.timestamps).toHaveLength(10);
    expect(thinned.timestamps[5]).toBe(START + 50 * 60_000);
    expect(thinned.series[0]![5]).toBe(2_100);
    expect(Math.max(...thinned.series[0]!.map((v) => v ?? 0))).toBe(2_100);
  });

  it('rounds to three significant digits', () => {
    expect([roundForChart(612.345), roundForChart(41.234), roundForChart(0.01234), roundForChart(123_456)]).toEqual([612, 41.2, 0.0123, 123_000]);
  });
});

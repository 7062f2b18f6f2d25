import quickchartExport from 'quickchart-js';
import type { ChartsConfig } from '../config/config.js';
import { BACKGROUND } from './palette.js';

// The package's types describe its CommonJS build (class under `.default`); the ESM build Node
// loads exports the class itself. Accept both.
type QuickChartClass = typeof quickchartExport.default;
const QuickChart: QuickChartClass = (quickchartExport as unknown as { default?: QuickChartClass }).default ?? (quickchartExport as unknown as QuickChartClass);

/** Readable at the size Slack shows an image (about 360–500 px wide), sharp on high-DPI screens. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
export const CHART_DEVICE_PIXEL_RATIO = 2;

/**
 * Slack's limit for an image block's `image_url`, the tightest of our transports. A longer URL
 * would be answered with a text fallback instead of a picture, so charts are built to fit.
 */
export const MAX_CHART_URL_LENGTH = 3_000;

/** The smallest number of points worth drawing as a line before giving up on fitting the URL. */
const MIN_POINTS = 12;

/** A Chart.js 4 configuration, as plain data (no functions: the URL must stay data-only). */
export type ChartJsConfig = Record<string, unknown>;

/**
 * The QuickChart URL of a Chart.js 4 configuration, on the configured server
 * (`charts.quickchart_url` / `QUICKCHART_URL`). A path on that URL is kept
 * (`https://tools.example.com/quickchart` → `…/quickchart/chart?c=…`).
 */
export function quickChartUrl(config: ChartJsConfig, charts: Pick<ChartsConfig, 'quickchartUrl'>): string {
  const server = new URL(charts.quickchartUrl);
  const hostAndPath = `${server.host}${server.pathname.replace(/\/+$/, '')}`;
  return new QuickChart()
    .setConfig(config)
    // quickchart-js defaults to Chart.js 2.9.4, whose options (xAxes/yAxes) we do not write.
    .setVersion('4')
    .setScheme(server.protocol.replace(/:$/, ''))
    .setHost(hostAndPath)
    .setWidth(CHART_WIDTH)
    .setHeight(CHART_HEIGHT)
    .setDevicePixelRatio(CHART_DEVICE_PIXEL_RATIO)
    .setBackgroundColor(BACKGROUND)
    .getUrl();
}

/**
 * Builds the configuration with at most `maxPoints` per series and thins it until its URL fits
 * in {@link MAX_CHART_URL_LENGTH}. Returns the URL and how many points were kept.
 */
export function fittedQuickChartUrl(
  build: (maxPoints: number) => ChartJsConfig,
  charts: Pick<ChartsConfig, 'quickchartUrl'>,
  maxPoints: number,
): { url: string; maxPoints: number } {
  let points = Math.max(MIN_POINTS, Math.floor(maxPoints));
  let url = quickChartUrl(build(points), charts);
  while (url.length > MAX_CHART_URL_LENGTH && points > MIN_POINTS) {
    // Nearly all of the URL's growth is per point, so scale the point count by the overshoot.
    points = Math.max(MIN_POINTS, Math.floor(points * Math.min(0.9, (MAX_CHART_URL_LENGTH / url.length) * 0.95)));
    url = quickChartUrl(build(points), charts);
  }
  return { url, maxPoints: points };
}

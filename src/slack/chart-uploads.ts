import type { WebClient } from '@slack/web-api';
import type { Chart, Reply } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import { plainLine } from './action-blocks.js';
import { truncatePlain } from './mrkdwn.js';

/**
 * `charts.mode: upload`: the bot fetches each chart's PNG from the self-hosted QuickChart and
 * uploads it to Slack itself (`files.getUploadURLExternal` → bytes → `files.completeUploadExternal`,
 * which `files.uploadV2` does), so no URL carrying metric data leaves the network. The answer
 * itself carries a caption in place of the image (`renderBlocks(reply, { charts: 'caption' })`).
 */

export interface ChartUploadOptions {
  /** `charts.quickchart_url`: the only server charts are fetched from. */
  quickchartUrl: string;
  /** Per image; a QuickChart render takes well under a second. */
  fetchTimeoutMs?: number;
}

export interface ChartUploadTarget {
  channel: string;
  /** Upload into this thread (the command's progress message), else into the channel. */
  threadTs?: string;
  /** Shown with the images: which answer they belong to. */
  comment?: string;
}

/** Larger than any 1600×800 chart QuickChart draws; a stop for a server answering something else. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** Slack's limit for a file's alt text. */
const MAX_ALT_TEXT = 1_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class ChartUploads {
  private readonly server: URL;

  constructor(private readonly options: ChartUploadOptions) {
    this.server = new URL(options.quickchartUrl);
  }

  /**
   * Fetches and uploads every chart of the reply as one message. Returns how many were uploaded;
   * a chart that cannot be fetched is logged and left out (its caption and sparkline remain).
   */
  async upload(client: WebClient, reply: Reply, target: ChartUploadTarget, log: Logger): Promise<number> {
    const charts = reply.parts.flatMap((part) => (part.kind === 'chart' ? [part.chart] : []));
    const images: { chart: Chart; png: Buffer }[] = [];
    for (const chart of charts) {
      try {
        images.push({ chart, png: await this.fetchPng(chart.imageUrl) });
      } catch (error) {
        log.warn({ err: error, chart: chart.title }, 'could not fetch the chart image from QuickChart; not uploaded');
      }
    }
    if (images.length === 0) return 0;
    try {
      await client.files.uploadV2({
        channel_id: target.channel,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        ...(target.comment ? { initial_comment: target.comment } : {}),
        file_uploads: images.map(({ chart, png }, i) => ({
          file: png,
          filename: fileNameOf(chart, i),
          title: truncatePlain(plainLine(chart.title) || 'chart', 250),
          alt_text: truncatePlain(plainLine(chart.altText) || plainLine(chart.title) || 'chart', MAX_ALT_TEXT),
        })),
      });
      log.info({ channel: target.channel, threadTs: target.threadTs, charts: images.length }, 'charts uploaded');
      return images.length;
    } catch (error) {
      log.warn({ err: error, channel: target.channel }, 'could not upload the charts to Slack');
      return 0;
    }
  }

  /** The PNG behind a chart URL, fetched only from the configured QuickChart server. */
  private async fetchPng(imageUrl: string): Promise<Buffer> {
    const url = new URL(imageUrl);
    const base = this.server.pathname.replace(/\/+$/, '');
    if (url.origin !== this.server.origin || !url.pathname.startsWith(`${base}/`)) {
      throw new Error(`chart URL ${url.origin}${url.pathname} is not on the configured QuickChart server ${this.server.origin}${base}`);
    }
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`QuickChart answered HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const announced = Number(response.headers.get('content-length') ?? '0');
    if (announced > MAX_IMAGE_BYTES) throw new Error(`QuickChart answered ${announced} bytes, more than the ${MAX_IMAGE_BYTES} a chart may have`);
    const png = Buffer.from(await response.arrayBuffer());
    if (png.length > MAX_IMAGE_BYTES) throw new Error(`QuickChart answered ${png.length} bytes, more than the ${MAX_IMAGE_BYTES} a chart may have`);
    if (!png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
      throw new Error(`QuickChart answered ${response.headers.get('content-type') ?? 'no content type'}, not a PNG`);
    }
    return png;
  }
}

/** `fraud-detector-p99-latency.png`: a name that says what the file is when downloaded. */
function fileNameOf(chart: Chart, index: number): string {
  const slug = plainLine(chart.title)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || `chart-${index + 1}`}.png`;
}

/**
 * Fires signed slash commands at the bot all at once from a worker thread and times each one to
 * the bot's HTTP answer. The worker has its own event loop: in the main thread the Slack and AWS
 * simulators are busy serving the very commands being timed (their `response_url` posts, their
 * AWS calls), and their work would land in the timings — Slack's senders are not that busy.
 */
import { Worker } from 'node:worker_threads';
import { slackSignatureHeaders } from '../src/sim/slack/slack-requests-to-bot.js';
import type { SlackSimulator } from '../src/sim/slack/slack-simulator.js';

export interface TimedAnswer {
  status: number;
  elapsedMs: number;
}

/** The worker: plain JavaScript (it runs without a TypeScript loader); one fresh connection per request, as Slack's senders open. */
const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, requests } = workerData;
const send = ({ headers, body }) => new Promise((resolve) => {
  const started = performance.now();
  const req = http.request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => resolve({ status: res.statusCode, elapsedMs: performance.now() - started }));
  });
  req.on('error', () => resolve({ status: 0, elapsedMs: performance.now() - started }));
  req.end(body);
});
Promise.all(requests.map(send)).then((answers) => parentPort.postMessage(answers));
`;

/** `texts.length` `/mlobs <text>` requests, each with its own `response_url`, sent at once. */
export async function slashCommandBurst(slack: SlackSimulator, options: { eventsUrl: string; signingSecret: string; texts: readonly string[] }): Promise<TimedAnswer[]> {
  const { workspace } = slack;
  const channel = workspace.allChannels()[0]!;
  const user = workspace.humans()[0]!;
  const timestamp = Math.floor(Date.now() / 1000);
  const requests = options.texts.map((text) => {
    const body = new URLSearchParams({
      token: 'simulator-verification-token',
      team_id: workspace.team.id,
      team_domain: workspace.team.domain,
      channel_id: channel.id,
      channel_name: channel.name,
      user_id: user.id,
      user_name: user.name,
      command: '/mlobs',
      text,
      api_app_id: workspace.bot.appId,
      is_enterprise_install: 'false',
      response_url: slack.responseUrl({ channel: channel.id, user: user.id }),
      trigger_id: slack.triggerId(),
    }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...slackSignatureHeaders(options.signingSecret, body, timestamp) };
    return { headers, body };
  });
  const worker = new Worker(SENDER, { eval: true, workerData: { url: options.eventsUrl, requests } });
  try {
    return await new Promise<TimedAnswer[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the sender worker exited (${code}) before answering`)));
    });
  } finally {
    await worker.terminate();
  }
}

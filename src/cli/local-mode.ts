import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { startBot, type RunningBot } from '../app.js';
import type { Config } from '../config/config.js';
import { feedLine } from '../console/channel-feed.js';
import { renderSlackMessage } from '../console/render-slack-message.js';
import { DEFAULT_BOT_TOKEN } from '../sim/slack/slack-simulator.js';
import { startSimulators, type Simulators } from '../sim/start-simulators.js';
import type { Logger } from '../telemetry/logger.js';

/** Simulated seconds per real second in local mode: the incident unfolds in about a minute. */
const LOCAL_SPEED = 20;
const LOCAL_SCENARIO = 'preprocess-memory';
/** Who the person at the console is, in the simulated workspace. */
const CONSOLE_USER = 'U0ONCALL';
const CONSOLE_CHANNEL = 'C0INCIDENTS';

export interface LocalMode {
  bot: RunningBot;
  simulators: Simulators;
  stop(): Promise<void>;
}

/**
 * `npm start` without Slack credentials: the AWS and Slack simulators, the real bot wired to both
 * over loopback (Bolt in HTTP mode, signed requests, SNS subscription), and nothing to configure.
 */
export async function startLocalMode(config: Config, log: Logger, options: { port?: number } = {}): Promise<LocalMode> {
  // The SDK's advice to move to Node 22 would land in the middle of the console; a real
  // deployment still prints it, once, to standard error.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const simulators = await startSimulators({ scenario: LOCAL_SCENARIO, speed: LOCAL_SPEED });
  const signingSecret = randomBytes(16).toString('hex');
  const localConfig: Config = {
    ...config,
    slack: {
      ...config.slack,
      connection: { mode: 'http', botToken: DEFAULT_BOT_TOKEN, signingSecret },
      apiUrl: simulators.slack.url,
    },
    aws: { ...config.aws, endpointUrl: simulators.aws.url },
    sns: { ...config.sns, trustedUrlPrefixes: [...config.sns.trustedUrlPrefixes, simulators.aws.url] },
  };
  let bot: RunningBot;
  try {
    bot = await startBot(localConfig, log, { host: '127.0.0.1', ...(options.port === undefined ? {} : { port: options.port }) });
  } catch (error) {
    await simulators.close();
    throw error;
  }
  simulators.aws.sns.subscribe(simulators.aws.sns.defaultTopicArn, { protocol: 'http', endpoint: `http://127.0.0.1:${bot.port}/sns` });
  return {
    bot,
    simulators,
    async stop() {
      await bot.stop();
      await simulators.close();
    },
  };
}

/** Prints the simulated channel as it changes, and runs typed `/mlobs` commands through Slack's path. */
export function attachLocalConsole(local: LocalMode, io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Promise<void> {
  const { slack } = local.simulators;
  const botUrl = `http://127.0.0.1:${local.bot.port}/slack/events`;
  const signingSecret = (local.bot.services.config.slack.connection as { signingSecret: string }).signingSecret;
  const channelName = '#ml-incidents';
  const print = (text: string) => io.output.write(`\r${text}\n`);

  const unsubscribe = [
    slack.on('message', (message) => {
      if (message.channel !== CONSOLE_CHANNEL || message.origin === 'response_url') return;
      const line = feedLine('message', message, channelName);
      if (line) print(line);
    }),
    slack.on('update', (message) => {
      if (message.channel !== CONSOLE_CHANNEL) return;
      const line = feedLine('update', message, channelName);
      if (line) print(line);
    }),
  ];

  const lines = createInterface({ input: io.input, output: io.output, terminal: (io.output as { isTTY?: boolean }).isTTY === true });
  lines.setPrompt('/mlobs › ');
  lines.prompt();
  return new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      const text = line.trim().replace(/^\/mlobs\b\s*/, '');
      if (text === 'exit' || text === 'quit') return lines.close();
      if (text === '') return lines.prompt();
      void slack
        .sendSlashCommand({ botUrl, signingSecret, text, userId: CONSOLE_USER, channelId: CONSOLE_CHANNEL })
        .then(async (request) => {
          const id = request.responseUrl.slice(request.responseUrl.indexOf('/response/') + '/response/'.length);
          const answer = await slack.waitFor('response', (post) => post.id === id, 60_000);
          print(renderSlackMessage({ text: String(answer.body.text ?? ''), ...(answer.blocks ? { blocks: answer.blocks } : {}) }));
        })
        .catch((error: unknown) => print(`(no answer: ${(error as Error).message})`))
        .finally(() => lines.prompt());
    });
    lines.on('close', () => {
      for (const stop of unsubscribe) stop();
      resolve();
    });
  });
}

export function localBanner(local: LocalMode, logFile: string | undefined): string {
  return [
    'mlobs — local mode: no SLACK_BOT_TOKEN, so the bot runs against built-in AWS and Slack simulators.',
    '',
    `  bot     http://127.0.0.1:${local.bot.port}  (/slack/events  /sns  /healthz  /readyz  /metrics)`,
    `  aws     ${local.simulators.aws.url}   scenario ${LOCAL_SCENARIO} at ${LOCAL_SPEED}× speed: fraud-detector's pre-processing Lambda runs out of memory`,
    `  slack   ${local.simulators.slack.url}   the channel below is its #ml-incidents`,
    logFile ? `  logs    ${logFile}` : '  logs    standard error (JSON)',
    '',
    'The incident starts in about half a minute. Type a /mlobs command (e.g. `help`); `exit` or Ctrl-D quits.',
    'To connect a real workspace: create a Slack app from manifest.yml, set SLACK_BOT_TOKEN and',
    'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode), and start again. The README has the steps.',
  ].join('\n');
}

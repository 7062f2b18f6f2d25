import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { CommandRunner } from '../command/command-runner.js';
import type { HttpRoute } from '../http/http-route.js';
import type { Logger } from '../telemetry/logger.js';
import type { BotMetrics } from '../telemetry/metrics.js';
import { boltLoggerFrom } from './bolt-logger.js';
import { SlackAuthCheck } from './slack-auth.js';
import { registerSlashCommand } from './slash-command.js';
import { ChartUploads, type ChartUploadOptions } from './chart-uploads.js';
import { registerIncidentButtons, type IncidentButtonsDeps } from './incident-buttons.js';
import { registerCommandCancel, RunningCommands, type CancelRequestStore } from './command-cancel.js';
import { registerScaleButtons, type ScaleButtonsDeps } from './scale-buttons.js';
import { responseUrlGuard } from './response-url-guard.js';

export interface SlackAppOptions {
  botToken: string;
  /** HTTP mode: verifies every request to /slack/events. */
  signingSecret?: string;
  /** Socket Mode when present. */
  appToken?: string;
  /** The Web API base URL (`https://slack.com/api/` unless pointed at the simulator). */
  apiUrl?: string;
  port: number;
  host?: string;
  routes: HttpRoute[];
  runner: CommandRunner;
  log: Logger;
  metrics: BotMetrics;
  /** Acknowledge, Resolve, Silence… on incident parents; without it those clicks go unanswered. */
  incidentDesk?: IncidentButtonsDeps['desk'];
  /** Where a Cancel click on one replica reaches the replica running the command. */
  cancelRequests?: CancelRequestStore;
  /** `charts.mode: upload`: command charts are fetched from this QuickChart and uploaded, never linked. */
  chartUploads?: ChartUploadOptions;
  /** Confirm / Approve / Cancel / Undo on scale requests, the Scale… chooser, Delete on schedules. */
  scale?: Omit<ScaleButtonsDeps, 'log'> & { chooser: NonNullable<IncidentButtonsDeps['scaleChooser']> };
  /** The Diagnose button on incident parents: asks the diagnosis job. */
  diagnose?: IncidentButtonsDeps['diagnose'];
}

export interface SlackApp {
  app: App;
  auth: SlackAuthCheck;
  /** Starts serving; resolves with the HTTP port actually bound (useful with port 0). */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The Bolt app: HTTP mode (`/slack/events`, signature checked by Bolt) or Socket Mode, with our own
 * routes (`/sns`, `/healthz`, `/readyz`, `/metrics`) on the same HTTP server either way.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const log = options.log.child({ component: 'slack' });
  const socketMode = options.appToken !== undefined;
  if (!socketMode && !options.signingSecret) throw new Error('HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');
  const app = new App({
    token: options.botToken,
    logger: boltLoggerFrom(log),
    logLevel: LogLevel.INFO,
    customRoutes: options.routes,
    clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
    // Acknowledge before the listener finishes: a slow command must never hold the HTTP response.
    processBeforeResponse: false,
    // Bolt's own start-up auth.test rejects unhandled when Slack is unreachable or the token is
    // bad, which would crash the process; SlackAuthCheck asks instead and reports it on /readyz.
    tokenVerificationEnabled: false,
    ...(socketMode
      ? { socketMode: true, appToken: options.appToken!, installerOptions: { port: options.port } }
      : { signingSecret: options.signingSecret!, port: options.port }),
  });
  // Before every listener: respond() must only ever reach Slack.
  app.use(responseUrlGuard({ log, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}) }));
  const runs = new RunningCommands({ log, ...(options.cancelRequests ? { requests: options.cancelRequests } : {}) });
  registerSlashCommand(app, { runner: options.runner, log, metrics: options.metrics, runs, ...(options.chartUploads ? { chartUploads: new ChartUploads(options.chartUploads) } : {}) });
  registerCommandCancel(app, { runs, log });
  if (options.incidentDesk) {
    registerIncidentButtons(app, {
      desk: options.incidentDesk,
      log,
      ...(options.scale ? { scaleChooser: options.scale.chooser } : {}),
      ...(options.diagnose ? { diagnose: options.diagnose } : {}),
    });
  }
  if (options.scale) registerScaleButtons(app, { ...options.scale, log });
  app.error(async (error) => {
    options.metrics.errors.inc({ where: 'slack' });
    log.error({ err: error }, 'slack listener failed');
  });
  const auth = new SlackAuthCheck(app.client, log);

  return {
    app,
    auth,
    async start() {
      let port = options.port;
      if (socketMode) {
        await app.start();
      } else {
        const server = (await app.start({ port: options.port, ...(options.host ? { host: options.host } : {}) })) as Server;
        port = (server.address() as AddressInfo).port;
      }
      log.info({ mode: socketMode ? 'socket' : 'http', port }, 'slack app started');
      void auth.status();
      return port;
    },
    async stop() {
      await app.stop();
    },
  };
}

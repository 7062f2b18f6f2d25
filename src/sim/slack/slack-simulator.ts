import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiCallRecord } from './api-method.js';
import { readBody, uploadedBytes } from './api-request.js';
import { validateBlocks, type BlockSurface } from './block-validation.js';
import { ChannelView } from './channel-view.js';
import { FaultInjector, type FailureSpec, type FailureTarget } from './fault-injector.js';
import { FileStore } from './file-store.js';
import { MessageStore, type SimMessage } from './message-store.js';
import { RateLimiter, type EarlyRetry, type RateLimitOptions, type RateLimitRecord } from './rate-limiter.js';
import { ResponseUrls, type ResponseUrlPost, type ResponseUrlTarget } from './response-urls.js';
import { SimEvents, type SlackSimEvent, type SlackSimEvents } from './sim-events.js';
import { clickButton, sendSlashCommand, type BotRequestResult, type ButtonClickOptions, type SlashCommandOptions } from './slack-requests-to-bot.js';
import { TriggerIds, type SimView } from './view-methods.js';
import { WebApi, type HttpAnswer } from './web-api.js';
import { Workspace, type WorkspaceSeed } from './workspace.js';

export const DEFAULT_BOT_TOKEN = 'xoxb-0000000000-0000000000000-mlobssimulatortoken';

export interface SlackSimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bot tokens the Web API accepts; default `[DEFAULT_BOT_TOKEN]`. */
  botTokens?: string[];
  /** Channels, users, user groups and scopes; default `#ml-incidents`, `#ml-costs`, `#general`, three users, `S0MLONCALL`. */
  workspace?: WorkspaceSeed;
  rateLimits?: RateLimitOptions;
  /** Milliseconds since the epoch; inject one to make rate limits, expiry and ts deterministic. */
  clock?: () => number;
  /** Characters allowed for a message's blocks before `msg_blocks_too_long`; default `SLACK_LIMITS.messageBlockCharacters`. */
  blockCharacterBudget?: number;
}

/**
 * A Slack Web API the real bot and the real `WebClient` talk to (`slackApiUrl: sim.url`),
 * with Slack's rate limits, Block Kit limits, threads and edit history, plus what tests
 * need: read-back (`channel()`, `calls`), events (`on`, `waitFor`), fault injection, and
 * Slack's requests to the bot (`sendSlashCommand`, `clickButton`).
 */
export class SlackSimulator {
  readonly workspace: Workspace;
  readonly files = new FileStore();
  /** Modals opened with `views.open`, oldest first. */
  readonly views: SimView[] = [];
  private readonly events = new SimEvents();
  private readonly clock: () => number;
  private readonly store: MessageStore;
  private readonly limiter: RateLimiter;
  private readonly faults: FaultInjector;
  private readonly triggers: TriggerIds;
  private readonly responseUrls: ResponseUrls;
  private readonly webApi: WebApi;
  private readonly server: Server;
  private address?: AddressInfo;

  constructor(private readonly options: SlackSimulatorOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.workspace = new Workspace(options.workspace, Math.floor(this.clock() / 1000));
    this.store = new MessageStore(this.clock, this.events);
    this.limiter = new RateLimiter(options.rateLimits ?? {}, this.clock);
    this.faults = new FaultInjector(this.clock);
    this.triggers = new TriggerIds(this.clock);
    const validate = (blocks: unknown, surface: BlockSurface = 'message') =>
      validateBlocks(blocks, { surface, ...(options.blockCharacterBudget ? { characterBudget: options.blockCharacterBudget } : {}) });
    this.responseUrls = new ResponseUrls({ clock: this.clock, events: this.events, messages: this.store, workspace: this.workspace, validateBlocks: validate });
    const simulator = this;
    this.webApi = new WebApi({
      botTokens: new Set(options.botTokens ?? [DEFAULT_BOT_TOKEN]),
      faults: this.faults,
      limiter: this.limiter,
      events: this.events,
      context: {
        workspace: this.workspace,
        messages: this.store,
        files: this.files,
        triggers: this.triggers,
        events: this.events,
        clock: this.clock,
        get baseUrl() {
          return simulator.baseUrl;
        },
        validateBlocks: validate,
      },
    });
    this.events.on('view', (view) => this.views.push(view));
    this.server = createServer((req, res) => void this.route(req, res));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.address = this.server.address() as AddressInfo;
    return this;
  }

  /** `http://127.0.0.1:<port>` */
  get baseUrl(): string {
    if (!this.address) throw new Error('the Slack simulator is not listening yet (use startSlackSimulator)');
    return `http://${this.address.address}:${this.address.port}`;
  }

  /** The Web API base URL for `slackApiUrl` / `SLACK_API_URL`: `http://127.0.0.1:<port>/api/`. */
  get url(): string {
    return `${this.baseUrl}/api/`;
  }

  // ── read-back ────────────────────────────────────────────────────────────────────────

  /** A channel by ID or `#name`; throws, listing the known ones, when there is none. */
  channel(ref: string): ChannelView {
    const channel = this.workspace.findChannel(ref, { allowNames: true });
    if (!channel) {
      const known = this.workspace.allChannels().map((c) => `#${c.name} (${c.id})`);
      throw new Error(`no channel ${ref} in the simulated workspace (known: ${known.join(', ')})`);
    }
    return new ChannelView(channel, this.store);
  }

  /** Every live message in every channel and thread, oldest first. */
  messages(): SimMessage[] {
    return this.store.all();
  }

  /** Every Web API call, in arrival order (method, args without token, clock time, HTTP status). */
  get calls(): readonly ApiCallRecord[] {
    return this.webApi.calls;
  }

  /** Every call answered 429. */
  get rateLimited(): readonly RateLimitRecord[] {
    return this.limiter.refusals;
  }

  /** Calls repeating a 429'd call before its `Retry-After` ran out; should stay empty. */
  get earlyRetries(): readonly EarlyRetry[] {
    return this.limiter.earlyRetries;
  }

  /** Posts to `response_url`s, accepted or refused. */
  get responses(): readonly ResponseUrlPost[] {
    return this.responseUrls.posts;
  }

  // ── events ───────────────────────────────────────────────────────────────────────────

  on<E extends SlackSimEvent>(event: E, listener: (payload: SlackSimEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** The next `event` matching `predicate` (future events only). */
  waitFor<E extends SlackSimEvent>(event: E, predicate?: (payload: SlackSimEvents[E]) => boolean, timeoutMs?: number): Promise<SlackSimEvents[E]> {
    return this.events.waitFor(event, predicate, timeoutMs);
  }

  /** A message (current version) matching `predicate`: already there, or posted or edited later. */
  waitForMessage(predicate: (message: SimMessage) => boolean, timeoutMs = 5_000): Promise<SimMessage> {
    const existing = this.store.all().find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const done = (outcome: () => void): void => {
        clearTimeout(timer);
        offMessage();
        offUpdate();
        outcome();
      };
      const check = (message: SimMessage): void => {
        try {
          if (predicate(message)) done(() => resolve(message));
        } catch (error) {
          done(() => reject(error as Error));
        }
      };
      const offMessage = this.events.on('message', check);
      const offUpdate = this.events.on('update', check);
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for a matching Slack message`))), timeoutMs);
    });
  }

  // ── control ──────────────────────────────────────────────────────────────────────────

  /**
   * The next `count` calls of `method` (`'*'`: any Web API method; `'response_url'`,
   * `'file_upload'`) fail. A 429 carries `Retry-After: retryAfterSeconds` (default 1) and is
   * recorded in `rateLimited`, so a client coming back early shows up in `earlyRetries`.
   */
  failNext(method: FailureTarget, spec: FailureSpec = { status: 500 }): void {
    this.faults.failNext(method, spec);
  }

  /** Every call answers `status` (500) for `ms` of simulator clock time. */
  setOutage(ms: number, status = 500): void {
    this.faults.setOutage(ms, status);
  }

  clearOutage(): void {
    this.faults.clearOutage();
  }

  setRateLimiting(enabled: boolean): void {
    this.limiter.enabled = enabled;
  }

  /** A fresh `response_url` (5 uses, 30 minutes); answers land in `target` (default: first channel and user). */
  responseUrl(target?: Partial<ResponseUrlTarget>): string {
    const channel = target?.channel ?? this.workspace.allChannels()[0]?.id ?? 'C0INCIDENTS';
    const user = target?.user ?? this.workspace.humans()[0]?.id ?? 'U0ONCALL';
    return `${this.baseUrl}/response/${this.responseUrls.issue({ ...target, channel, user })}`;
  }

  /** Posts to one `response_url` (by URL or id). */
  responsesTo(urlOrId: string): ResponseUrlPost[] {
    const id = urlOrId.includes('/response/') ? urlOrId.slice(urlOrId.indexOf('/response/') + '/response/'.length) : urlOrId;
    return this.responseUrls.posts.filter((post) => post.id === id);
  }

  /** A fresh trigger ID `views.open` accepts for 3 seconds. */
  triggerId(): string {
    return this.triggers.issue();
  }

  sendSlashCommand(options: SlashCommandOptions): Promise<BotRequestResult> {
    return sendSlashCommand(this.botRequestContext(), options);
  }

  clickButton(options: ButtonClickOptions): Promise<BotRequestResult> {
    return clickButton(this.botRequestContext(), options);
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // ── HTTP ─────────────────────────────────────────────────────────────────────────────

  private botRequestContext() {
    return { workspace: this.workspace, responseUrls: this.responseUrls, triggers: this.triggers, baseUrl: this.baseUrl };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.baseUrl);
      const body = await readBody(req);
      const path = url.pathname;
      if (path.startsWith('/api/')) return send(res, await this.webApi.handle(req, url, body));
      const [, kind, ...rest] = path.split('/');
      const id = decodeURIComponent(rest.join('/'));
      if (req.method === 'POST' && kind === 'response') {
        const failure = this.faults.take('response_url', { isApiMethod: false });
        if (failure) {
          const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
          return send(res, { status: failure.status, headers, body: { ok: false, error: failure.error } });
        }
        return send(res, { headers: {}, ...this.responseUrls.receive(id, body.toString('utf8')) });
      }
      if (req.method === 'POST' && kind === 'upload' && rest[0] === 'v1') {
        const failure = this.faults.take('file_upload', { isApiMethod: false });
        if (failure) return sendText(res, failure.status, failure.error);
        const bytes = await uploadedBytes(req, body);
        return this.files.receive(rest[1] ?? '', bytes) ? sendText(res, 200, `OK - ${bytes.length}`) : sendText(res, 404, 'file_not_found');
      }
      if (req.method === 'GET' && kind === 'files') {
        const file = this.files.get(rest[0] ?? '');
        if (!file?.bytes) return sendText(res, 404, 'file_not_found');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
        return void res.end(file.bytes);
      }
      sendText(res, 404, 'not_found');
    } catch (error) {
      sendText(res, 500, `simulator error: ${(error as Error).message}`);
    }
  }
}

export async function startSlackSimulator(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  return new SlackSimulator(options).listen();
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

import type { IncomingMessage } from 'node:http';
import { ApiError, type ApiArgs, type ApiCallRecord, type MethodContext } from './api-method.js';
import { API_METHODS } from './api-methods.js';
import { MalformedRequest, decodeApiArgs, tokenOf } from './api-request.js';
import type { FaultInjector } from './fault-injector.js';
import { retryKeyOf, type RateLimiter } from './rate-limiter.js';
import type { SimEvents } from './sim-events.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface WebApiDeps {
  botTokens: ReadonlySet<string>;
  faults: FaultInjector;
  limiter: RateLimiter;
  events: SimEvents;
  /** Everything a method sees but its arguments. */
  context: Omit<MethodContext, 'args'>;
}

/**
 * `/api/<method>` the way Slack answers it: injected faults first, then `unknown_method`,
 * auth (`not_authed`, `invalid_auth`), scopes, rate limits (HTTP 429 + `Retry-After`), and
 * the method itself — `{ ok: true, … }` or `{ ok: false, error }`, both HTTP 200. Every call
 * is recorded without its token; no answer ever echoes one.
 */
export class WebApi {
  readonly calls: ApiCallRecord[] = [];

  constructor(private readonly deps: WebApiDeps) {}

  async handle(req: IncomingMessage, url: URL, body: Buffer): Promise<HttpAnswer> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const at = this.deps.context.clock();
    let args: ApiArgs = {};
    let answer: HttpAnswer;
    try {
      args = await decodeApiArgs(req, body, url);
      answer = this.answer(method, args, tokenOf(req, args));
    } catch (error) {
      answer =
        error instanceof MalformedRequest
          ? json(200, { ok: false, error: error.message })
          : // A bug in the simulator, not a Slack answer: say so rather than imitate Slack.
            json(500, { ok: false, error: 'internal_error', simulator_error: (error as Error).message });
    }
    const { token: _token, ...recordedArgs } = args;
    const record: ApiCallRecord = { method, args: recordedArgs, at, status: answer.status, ok: answer.body.ok === true };
    if (typeof answer.body.error === 'string') record.error = answer.body.error;
    this.calls.push(record);
    this.deps.events.emit('call', record);
    return answer;
  }

  private answer(method: string, args: ApiArgs, token: string | undefined): HttpAnswer {
    const { faults, limiter, botTokens, context } = this.deps;
    const failure = faults.take(method, { isApiMethod: true });
    if (failure?.retryAfterSeconds !== undefined) {
      const refusal = limiter.refuseInjected({ method, retryKey: retryKeyOf(method, args), retryAfterSeconds: failure.retryAfterSeconds });
      this.deps.events.emit('ratelimited', refusal);
      return json(failure.status, { ok: false, error: failure.error }, { 'retry-after': String(failure.retryAfterSeconds) });
    }
    if (failure) return json(failure.status, { ok: false, error: failure.error });
    const api = API_METHODS[method];
    if (!api) return json(200, { ok: false, error: 'unknown_method' });
    if (!token) return json(200, { ok: false, error: 'not_authed' });
    if (!botTokens.has(token)) return json(200, { ok: false, error: 'invalid_auth' });
    const scopes = [...context.workspace.scopes].join(',');
    const scopeHeaders: Record<string, string> = { 'x-oauth-scopes': scopes, ...(api.scope ? { 'x-accepted-oauth-scopes': api.scope } : {}) };
    if (api.scope && !context.workspace.scopes.has(api.scope)) {
      return json(200, { ok: false, error: 'missing_scope', needed: api.scope, provided: scopes }, scopeHeaders);
    }
    // `#ml-incidents` and `C0INCIDENTS` share one per-channel bucket.
    const channelRef = api.rateLimit === 'per-channel' && typeof args.channel === 'string' ? args.channel : undefined;
    const admitted = limiter.admit({
      method,
      limit: api.rateLimit,
      ...(channelRef ? { channel: context.workspace.findChannel(channelRef, { allowNames: true })?.id ?? channelRef } : {}),
      retryKey: retryKeyOf(method, args),
    });
    if (!admitted.ok) {
      const refusal = limiter.refusals.at(-1);
      if (refusal) this.deps.events.emit('ratelimited', refusal);
      return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(admitted.retryAfterSeconds) });
    }
    try {
      return json(200, { ok: true, ...api.run({ ...context, args }) }, scopeHeaders);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return json(200, { ok: false, error: error.code, ...error.extra }, scopeHeaders);
    }
  }
}

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers, body };
}

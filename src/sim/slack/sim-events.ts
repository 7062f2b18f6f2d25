import { EventEmitter } from 'node:events';
import type { ApiCallRecord } from './api-method.js';
import type { SimFile } from './file-store.js';
import type { SimEphemeral, SimMessage } from './message-store.js';
import type { RateLimitRecord } from './rate-limiter.js';
import type { ResponseUrlPost } from './response-urls.js';
import type { SimView } from './view-methods.js';

/** What happens in the simulated workspace, each event with one payload. */
export interface SlackSimEvents {
  /** A message appeared in a channel or thread (API post, `response_url` in_channel, file share). */
  message: SimMessage;
  /** A message changed (`chat.update`, `replace_original`); the previous version is `edits.at(-1)`. */
  update: SimMessage;
  delete: SimMessage;
  /** An ephemeral message was posted or replaced. */
  ephemeral: SimEphemeral;
  /** A post to a `response_url`, accepted or refused. */
  response: ResponseUrlPost;
  view: SimView;
  /** A file upload was completed. */
  file: SimFile;
  /** Any Web API call finished (after its answer was decided). */
  call: ApiCallRecord;
  /** A call was answered 429. */
  ratelimited: RateLimitRecord;
}

export type SlackSimEvent = keyof SlackSimEvents;

/** A typed event emitter with `waitFor`, so tests await events instead of sleeping. */
export class SimEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  on<E extends SlackSimEvent>(event: E, listener: (payload: SlackSimEvents[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<E extends SlackSimEvent>(event: E, payload: SlackSimEvents[E]): void {
    this.emitter.emit(event, payload);
  }

  /** The next `event` whose payload satisfies `predicate`; rejects after `timeoutMs` (real time). */
  waitFor<E extends SlackSimEvent>(
    event: E,
    predicate: (payload: SlackSimEvents[E]) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<SlackSimEvents[E]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a Slack simulator "${event}" event`));
      }, timeoutMs);
      const off = this.on(event, (payload) => {
        let matched: boolean;
        try {
          matched = predicate(payload);
        } catch (error) {
          matched = true;
          reject(error as Error);
        }
        if (!matched) return;
        clearTimeout(timer);
        off();
        resolve(payload);
      });
    });
  }
}

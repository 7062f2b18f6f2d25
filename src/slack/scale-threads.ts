/**
 * The scale flow's `ScaleThreads` port over the Slack outbox: the request message
 * (`scale:<id>:request`) is a channel message whose thread is the request's timeline, or — for
 * a request made from an incident — a reply in the incident's thread, where its timeline goes
 * too. Every write is an outbox row in the step's transaction.
 */
import type { Reply } from '../reply/reply.js';
import type { ScaleRequest } from '../scaling/scale-request.js';
import type { ScaleThreads, StoreTransaction } from '../scaling/scale-threads.js';
import type { Outbox } from './outbox/outbox.js';
import { renderBlocks } from './render-blocks.js';

export class OutboxScaleThreads implements ScaleThreads {
  constructor(private readonly outbox: Outbox) {}

  async post(trx: StoreTransaction, request: ScaleRequest, message: Reply): Promise<void> {
    const metadata = { scaleRequest: request.id };
    if (request.threadKey === request.messageKey) {
      await this.outbox.enqueuePost(request.messageKey, request.channel, renderBlocks(message), { trx, metadata });
    } else {
      await this.outbox.enqueueReply(request.threadKey, request.channel, renderBlocks(message), { trx, metadata, key: request.messageKey });
    }
  }

  async update(trx: StoreTransaction, request: ScaleRequest, message: Reply): Promise<void> {
    await this.outbox.enqueueUpdate(request.messageKey, renderBlocks(message), { trx });
  }

  async reply(trx: StoreTransaction, request: ScaleRequest, text: string, cause: string): Promise<void> {
    await this.outbox.enqueueReply(request.threadKey, request.channel, { text }, { trx, key: `${request.messageKey}:reply:${cause}`, metadata: { scaleRequest: request.id } });
  }
}

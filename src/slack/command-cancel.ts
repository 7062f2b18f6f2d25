import { randomBytes } from 'node:crypto';
import type { App, BlockButtonAction } from '@slack/bolt';
import { CancelRequest } from '../command/command-runner.js';
import type { Action } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';

/**
 * The Cancel button of a long command. A click can reach any replica behind the load balancer:
 * the replica running the command aborts it at once; any other records the request in the
 * shared table (`CancelRequestStore`), which the running replica polls while the button shows.
 */

export const CANCEL_ACTION_ID = 'command-cancel';
/** How often a running command looks for a cancel recorded by another replica. */
export const REMOTE_CANCEL_POLL_MS = 1_000;

/** The shared table of cancel requests (`src/store/command-cancellations.ts`). */
export interface CancelRequestStore {
  request(runId: string, requestedBy: string): Promise<void>;
  requestFor(runId: string): Promise<{ requestedBy: string } | undefined>;
}

/** One command run on this replica, as the slash-command listener holds it. */
export interface CommandRun {
  runId: string;
  invokerId: string;
  signal: AbortSignal;
  /** Starts polling the shared table for a cancel clicked on another replica (once the button shows). */
  watchForRemoteCancel(): void;
  /** Forgets the run; a later click finds nothing to cancel. */
  finish(): void;
}

interface LocalRun {
  controller: AbortController;
  invokerId: string;
  timer?: NodeJS.Timeout;
}

/** The runs of this replica by run id, and the way to cancel one wherever it runs. */
export class RunningCommands {
  private readonly runs = new Map<string, LocalRun>();

  constructor(
    private readonly deps: { log: Logger; requests?: CancelRequestStore; pollMs?: number },
  ) {}

  start(invokerId: string): CommandRun {
    const runId = randomBytes(8).toString('hex');
    const local: LocalRun = { controller: new AbortController(), invokerId };
    this.runs.set(runId, local);
    return {
      runId,
      invokerId,
      signal: local.controller.signal,
      watchForRemoteCancel: () => this.watch(runId, local),
      finish: () => {
        clearInterval(local.timer);
        this.runs.delete(runId);
      },
    };
  }

  /** Aborts the run here, or records the request for the replica running it. */
  async requestCancel(runId: string, userId: string): Promise<'cancelled-here' | 'requested'> {
    const local = this.runs.get(runId);
    if (local) {
      local.controller.abort(new CancelRequest(userId));
      return 'cancelled-here';
    }
    if (!this.deps.requests) throw new Error(`no command ${runId} runs here and there is no shared store to reach other replicas`);
    await this.deps.requests.request(runId, userId);
    return 'requested';
  }

  private watch(runId: string, local: LocalRun): void {
    const requests = this.deps.requests;
    if (!requests || local.timer || local.controller.signal.aborted) return;
    let polling = false;
    local.timer = setInterval(() => {
      if (polling) return;
      polling = true;
      requests
        .requestFor(runId)
        .then((request) => {
          if (request && !local.controller.signal.aborted) local.controller.abort(new CancelRequest(request.requestedBy));
        })
        .catch((error: unknown) => this.deps.log.warn({ err: error, runId }, 'could not read cancel requests; will try again'))
        .finally(() => (polling = false));
    }, this.deps.pollMs ?? REMOTE_CANCEL_POLL_MS);
    local.timer.unref();
  }
}

/** The button on a running command's progress message. */
export function cancelAction(run: Pick<CommandRun, 'runId' | 'invokerId'>): Action {
  return { id: CANCEL_ACTION_ID, label: 'Cancel', value: cancelButtonValue(run.runId, run.invokerId), style: 'danger' };
}

/**
 * `<run id>.<invoker>`: the invoker travels in the button so any replica can check who may
 * cancel without knowing the run. Slack signs the click and users cannot edit a button's value.
 */
export function cancelButtonValue(runId: string, invokerId: string): string {
  return `${runId}.${invokerId}`;
}

export function parseCancelButtonValue(value: string | undefined): { runId: string; invokerId: string } | undefined {
  const match = /^([0-9a-f]{16})\.([UW][A-Z0-9]{2,})$/.exec(value ?? '');
  return match ? { runId: match[1]!, invokerId: match[2]! } : undefined;
}

/** `command-cancel`: only the person who ran the command may stop it; anyone else is told so privately. */
export function registerCommandCancel(app: App, deps: { runs: RunningCommands; log: Logger }): void {
  app.action<BlockButtonAction>(CANCEL_ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    const clicker = body.user.id;
    const target = parseCancelButtonValue(action.value);
    const log = deps.log.child({ action: CANCEL_ACTION_ID, user: clicker });
    if (!target) {
      log.warn({ value: action.value }, 'cancel button with a value mlobs did not make');
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'This Cancel button is not one mlobs can act on; run the command again if it is still needed.' });
      return;
    }
    if (clicker !== target.invokerId) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: `Only <@${target.invokerId}> can cancel this.` });
      return;
    }
    const where = await deps.runs.requestCancel(target.runId, clicker);
    // The running command answers with "Cancelled by …" in place of its progress message.
    log.info({ runId: target.runId, where }, 'command cancel requested');
  });
}

import { randomBytes } from 'node:crypto';
import { ApiError, jsonArg, requiredString, type ApiMethod } from './api-method.js';

/** A modal opened with `views.open`. */
export interface SimView {
  id: string;
  triggerId: string;
  /** The view as the bot sent it. */
  view: Record<string, unknown>;
  /** Clock time (ms). */
  openedAt: number;
}

/** Slack's shape: `<digits>.<digits>.<hex>`. */
const TRIGGER_ID_FORMAT = /^\d+\.\d+\.[0-9a-f]+$/;
/** Slack lets a trigger open a view for 3 seconds, once. */
export const TRIGGER_LIFETIME_MS = 3_000;

const MODAL_TITLE = 24;
const MODAL_BUTTON = 24;
const CALLBACK_ID = 255;
const PRIVATE_METADATA = 3_000;

/** Trigger IDs the simulator handed out (in slash commands and clicks), and which were used. */
export class TriggerIds {
  private readonly issued = new Map<string, { at: number; used: boolean }>();
  private counter = 0;

  constructor(private readonly clock: () => number) {}

  issue(): string {
    const now = this.clock();
    this.counter += 1;
    const id = `${Math.floor(now / 1000)}.${100_000 + this.counter}.${randomBytes(16).toString('hex')}`;
    this.issued.set(id, { at: now, used: false });
    return id;
  }

  /** Uses the trigger, or names why it cannot be used, as Slack's error code. */
  use(id: string): 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' | undefined {
    const trigger = TRIGGER_ID_FORMAT.test(id) ? this.issued.get(id) : undefined;
    if (!trigger) return 'invalid_trigger_id';
    if (this.clock() - trigger.at > TRIGGER_LIFETIME_MS) return 'expired_trigger_id';
    if (trigger.used) return 'exchanged_trigger_id';
    trigger.used = true;
    return undefined;
  }
}

export const viewMethods: Record<string, ApiMethod> = {
  'views.open': {
    rateLimit: 4,
    run(context) {
      const { args, workspace, triggers, events, clock } = context;
      const triggerId = requiredString(args, 'trigger_id', 'invalid_trigger_id');
      const view = jsonArg(args, 'view', 'invalid_arguments');
      const problems = viewProblems(view);
      const blocks = (view as { blocks?: unknown } | undefined)?.blocks;
      const check = context.validateBlocks(blocks, 'modal');
      if (!check.ok) problems.push(...check.messages);
      if (problems.length > 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: problems } });
      const refusal = triggers.use(triggerId);
      if (refusal) throw new ApiError(refusal);
      const id = `V${randomBytes(5).toString('hex').toUpperCase()}`;
      const opened: SimView = { id, triggerId, view: view as Record<string, unknown>, openedAt: clock() };
      events.emit('view', opened);
      return {
        view: {
          id,
          team_id: workspace.team.id,
          app_id: workspace.bot.appId,
          bot_id: workspace.bot.botId,
          ...opened.view,
          state: { values: {} },
          hash: `${Math.floor(clock() / 1000)}.${id}`,
          root_view_id: id,
          previous_view_id: null,
        },
      };
    },
  },
};

function viewProblems(view: unknown): string[] {
  const problems: string[] = [];
  const add = (pointer: string, problem: string): void => {
    problems.push(`[ERROR] ${problem} [json-pointer:/view${pointer}]`);
  };
  if (view === null || typeof view !== 'object' || Array.isArray(view)) {
    add('', 'must be an object');
    return problems;
  }
  const v = view as Record<string, unknown>;
  if (v.type !== 'modal') add('/type', 'must be modal');
  const plain = (key: string, max: number, required: boolean): void => {
    const value = v[key] as { type?: unknown; text?: unknown } | undefined;
    if (value === undefined) {
      if (required) add(`/${key}`, 'is required');
      return;
    }
    if (value.type !== 'plain_text' || typeof value.text !== 'string' || value.text.length === 0) add(`/${key}`, 'must be a non-empty plain_text object');
    else if (value.text.length > max) add(`/${key}/text`, `must be less than ${max + 1} characters`);
  };
  plain('title', MODAL_TITLE, true);
  plain('submit', MODAL_BUTTON, false);
  plain('close', MODAL_BUTTON, false);
  const text = (key: string, max: number): void => {
    const value = v[key];
    if (value !== undefined && (typeof value !== 'string' || value.length > max)) add(`/${key}`, `must be a string of at most ${max} characters`);
  };
  text('callback_id', CALLBACK_ID);
  text('private_metadata', PRIVATE_METADATA);
  return problems;
}

import type { BlockCheck, BlockSurface } from './block-validation.js';
import type { FileStore } from './file-store.js';
import type { MessageStore } from './message-store.js';
import type { MethodRateLimit } from './rate-limiter.js';
import type { SimEvents } from './sim-events.js';
import type { TriggerIds } from './view-methods.js';
import type { Workspace } from './workspace.js';

/** A Web API method's arguments after decoding (form values are strings; JSON bodies are typed). */
export type ApiArgs = Record<string, unknown>;

/** What a method implementation sees of the simulator. */
export interface MethodContext {
  args: ApiArgs;
  workspace: Workspace;
  messages: MessageStore;
  files: FileStore;
  triggers: TriggerIds;
  events: SimEvents;
  clock: () => number;
  /** `http://127.0.0.1:<port>`, for URLs the simulator hands out. */
  baseUrl: string;
  validateBlocks(blocks: unknown, surface?: BlockSurface): BlockCheck;
}

export interface ApiMethod {
  /** The bot scope the method needs; `missing_scope` otherwise. */
  scope?: string;
  rateLimit: MethodRateLimit;
  /** The answer's fields besides `ok: true`; throws `ApiError` for `ok: false`. */
  run(context: MethodContext): Record<string, unknown>;
}

/** Every Web API call the simulator answered, in arrival order. */
export interface ApiCallRecord {
  method: string;
  /** Decoded arguments, without the token. */
  args: ApiArgs;
  /** Clock time (ms) the call arrived. */
  at: number;
  /** HTTP status: 200 (also for `ok: false`), 429, or an injected 5xx. */
  status: number;
  ok: boolean;
  error?: string;
}

/** An `ok: false` answer (HTTP 200), with optional extra fields such as `response_metadata`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export function stringArg(args: ApiArgs, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function requiredString(args: ApiArgs, name: string, missingError = 'invalid_arguments'): string {
  const value = stringArg(args, name);
  if (value === undefined || value === '') throw new ApiError(missingError, { response_metadata: { messages: [`[ERROR] missing required field: ${name}`] } });
  return value;
}

export function booleanArg(args: ApiArgs, name: string): boolean {
  const value = args[name];
  return value === true || value === 1 || value === 'true' || value === '1';
}

export function integerArg(args: ApiArgs, name: string): number | undefined {
  const value = args[name];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isInteger(number) ? number : undefined;
}

/** An argument the Web API client JSON-encodes into a form field (`blocks`, `files`, `view`). */
export function jsonArg(args: ApiArgs, name: string, invalidError: string): unknown {
  const value = args[name];
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ApiError(invalidError, { response_metadata: { messages: [`[ERROR] ${name} is not valid JSON`] } });
  }
}

/** Throws Slack's answer for refused blocks. */
export function assertValidBlocks(check: BlockCheck, refusal?: string): void {
  if (check.ok) return;
  throw new ApiError(refusal ?? check.error, { response_metadata: { messages: check.messages } });
}

/**
 * What a failed Slack Web API call means for the outbox: wait exactly as long as Slack says
 * (429), try again later with backoff (outage, network), or give up now (the call can never
 * succeed as it is). The Web API client is configured not to retry, so every failure
 * arrives here once.
 */

export type SlackFailureKind = 'rate_limited' | 'transient' | 'permanent';

export interface SlackFailure {
  kind: SlackFailureKind;
  /** Slack's error code (`channel_not_found`), `http_503`, or `network_error`. */
  code: string;
  /** 429: Slack's `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  /** The call may have taken effect although it failed (lost answer, `internal_error`). */
  ambiguous: boolean;
  detail?: string;
}

/** Thrown by a `SlackChatApi` for every failed call. */
export class SlackCallError extends Error {
  constructor(
    readonly method: string,
    readonly failure: SlackFailure,
  ) {
    super(`${method} failed: ${failure.code}${failure.detail ? ` (${failure.detail})` : ''}`);
    this.name = 'SlackCallError';
  }
}

/** Errors no retry can fix: the message or the installation has to change first. */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'ekm_access_denied',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_blocks_too_long',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
  'invalid_thread_ts',
  'cannot_reply_to_message',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
]);

/** Refusals of the blocks alone: the same message as plain text may still go through. */
export const REFUSED_BLOCKS_ERRORS: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long']);

/**
 * Slack documents these as "it's possible some aspect of the operation succeeded": a post
 * answered so may be in the channel.
 */
const MAYBE_APPLIED_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'fatal_error', 'request_timeout']);

interface WebApiErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  original?: { message?: unknown };
  message?: unknown;
}

/** Classifies an error thrown by `@slack/web-api`'s `WebClient` (retries off, 429s rejected). */
export function slackFailureOf(error: unknown): SlackFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as WebApiErrorShape;
  switch (shape.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof shape.retryAfter === 'number' && shape.retryAfter >= 0 ? shape.retryAfter : 1;
      return { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: seconds * 1000, ambiguous: false };
    }
    case 'slack_webapi_http_error':
      // A 5xx from Slack's edge comes before the method ran.
      return { kind: 'transient', code: `http_${String(shape.statusCode)}`, ambiguous: false };
    case 'slack_webapi_platform_error': {
      const code = typeof shape.data?.error === 'string' ? shape.data.error : 'unknown_error';
      if (PERMANENT_SLACK_ERRORS.has(code)) return { kind: 'permanent', code, ambiguous: false };
      return { kind: 'transient', code, ambiguous: MAYBE_APPLIED_ERRORS.has(code) };
    }
    case 'slack_webapi_request_error':
      // No answer: the request may or may not have reached Slack.
      return { kind: 'transient', code: 'network_error', ambiguous: true, detail: String(shape.original?.message ?? '') };
    default:
      return { kind: 'transient', code: 'unexpected_error', ambiguous: true, detail: String(shape.message ?? error) };
  }
}

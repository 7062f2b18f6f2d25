/**
 * A message `/sns` refuses: the status SNS gets, a one-line reason (the response body and the
 * log line) and the metric label. 4xx tells SNS never to retry (forged, malformed, not ours);
 * 503 asks it to retry a message that may be good (storage or certificate host down).
 */
export interface SnsRejection {
  status: 400 | 403 | 413 | 503;
  reason: string;
  outcome: SnsRejectionOutcome;
}

export type SnsRejectionOutcome =
  | 'too_large'
  | 'unreadable_body'
  | 'malformed_json'
  | 'raw_delivery'
  | 'missing_field'
  | 'unknown_type'
  | 'topic_not_allowed'
  | 'stale'
  | 'unsupported_signature_version'
  | 'untrusted_certificate_url'
  | 'untrusted_subscribe_url'
  | 'certificate_invalid'
  | 'certificate_unavailable'
  | 'bad_signature'
  | 'confirmation_failed'
  | 'storage_failed';

/** What an accepted message became, for the same metric. */
export type SnsAcceptedOutcome = 'stored' | 'duplicate' | 'subscription_confirmed' | 'unsubscribe_recorded';

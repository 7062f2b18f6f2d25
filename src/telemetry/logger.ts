import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values are secrets wherever they appear in a log object. Redaction by path is the
 * first line of defence; `scrubSecrets` on the serialized line is the second, for secrets that
 * travel inside strings (an error message quoting a URL, a request body).
 */
const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'secretAccessKey',
  'sessionToken',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.password',
  '*.secretAccessKey',
  '*.sessionToken',
  '*.authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
];

const REDACTED = '[REDACTED]';

/** Token shapes that must never reach a log line, whoever wrote them there. */
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack bot, user and legacy tokens
  /xapp-[A-Za-z0-9-]{8,}/g, // Slack app-level tokens (Socket Mode)
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g, // passwords inside database URLs
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Secret values known at start (tokens, signing secret): scrubbed from every line verbatim. */
  secrets?: Array<string | undefined>;
  destination?: DestinationStream;
  name?: string;
}

export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let scrubbed = line;
  for (const secret of secrets) scrubbed = scrubbed.split(secret).join(REDACTED);
  for (const pattern of SECRET_PATTERNS) {
    scrubbed = scrubbed.replace(pattern, (match, urlPrefix?: string) =>
      typeof urlPrefix === 'string' && match.startsWith('postgres') ? `${urlPrefix}${REDACTED}@` : REDACTED,
    );
  }
  return scrubbed;
}

/** The one logger of the process. Everything else logs through `logger.child({...})`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  // Short values would scrub innocent text; real secrets are long.
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return pino(
    {
      name: options.name ?? 'mlobs',
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
}

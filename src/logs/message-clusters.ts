import type { LogPattern } from './log-patterns.js';

/**
 * The bot's own clustering, for log groups where Logs Insights' `pattern` is unavailable: each
 * message's variable parts (times, ids, addresses, numbers, quoted strings) are masked, and
 * messages with the same mask form one pattern. Coarser than the service's ML clustering
 * (messages whose words differ never merge), but predictable. Pure.
 */

export interface ClusterInput {
  message: string;
  timestamp?: Date;
  logGroup?: string;
}

type TokenKind = 'Time' | 'ID' | 'IPAddress' | 'Token';

/** Tried in order at each position; the first that matches wins. */
const MASKS: readonly [TokenKind, RegExp][] = [
  // 2026-11-23T14:05:12.345Z, 2026-11-23 14:05:12,345, 23/Nov/2026:14:05:12 +0000
  ['Time', /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?|\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?/y],
  ['ID', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|0x[0-9a-fA-F]+|\b(?=(?:[a-zA-Z_]*\d){4})(?=\w*[a-zA-Z])\w{8,}\b/y],
  ['IPAddress', /\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/y],
  ['Token', /"(?:[^"\\]|\\.)*"|(?<!\w)-?\b\d+(?:\.\d+)?\b/y],
];

/** A quoted JSON key is structure, not data: copied as it is. */
const JSON_KEY = /"(?:[^"\\]|\\.)*"(?=\s*:)/y;

const WORD = /\w/;

/** The message with its variable parts as `<Kind-N>`, numbered left to right. */
export function maskMessage(message: string): string {
  let out = '';
  let n = 0;
  let at = 0;
  while (at < message.length) {
    // No token starts inside a word: copying mid-word characters keeps long logs cheap.
    if (at > 0 && WORD.test(message[at - 1]!) && WORD.test(message[at]!)) {
      out += message[at];
      at += 1;
      continue;
    }
    JSON_KEY.lastIndex = at;
    if (message[at] === '"' && JSON_KEY.test(message)) {
      out += message.slice(at, JSON_KEY.lastIndex);
      at = JSON_KEY.lastIndex;
      continue;
    }
    let matched: [TokenKind, number] | undefined;
    for (const [kind, re] of MASKS) {
      re.lastIndex = at;
      if (re.test(message) && re.lastIndex > at) {
        matched = [kind, re.lastIndex];
        break;
      }
    }
    if (matched) {
      n += 1;
      out += `<${matched[0]}-${n}>`;
      at = matched[1];
    } else {
      out += message[at];
      at += 1;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

const LEVELS: readonly [RegExp, string][] = [
  [/\b(ERROR|FATAL|CRITICAL|Exception|Traceback)\b/, 'Error'],
  [/\b(WARN|WARNING)\b/, 'Warning'],
  [/\bINFO\b/, 'Info'],
  [/\b(DEBUG|TRACE)\b/, 'Debug'],
];

function severityOf(message: string): string | undefined {
  return LEVELS.find(([re]) => re.test(message))?.[1];
}

/**
 * Patterns of `messages`, most frequent first (ties: first met first), each with the latest
 * message as its example. Multi-line messages are clustered by their first line.
 */
export function clusterMessages(messages: readonly ClusterInput[]): LogPattern[] {
  const clusters = new Map<string, { count: number; order: number; example: ClusterInput }>();
  for (const input of messages) {
    const firstLine = input.message.split('\n', 1)[0] ?? '';
    const key = maskMessage(firstLine);
    const cluster = clusters.get(key);
    if (!cluster) {
      clusters.set(key, { count: 1, order: clusters.size, example: input });
      continue;
    }
    cluster.count += 1;
    if ((input.timestamp?.getTime() ?? 0) >= (cluster.example.timestamp?.getTime() ?? 0)) cluster.example = input;
  }
  const total = messages.length;
  return [...clusters.entries()]
    .sort(([, a], [, b]) => b.count - a.count || a.order - b.order)
    .map(([pattern, { count, example }]) => {
      const severity = severityOf(example.message);
      return {
        pattern,
        count,
        ratio: total > 0 ? count / total : 0,
        ...(severity ? { severity } : {}),
        example: {
          message: example.message,
          ...(example.timestamp ? { at: example.timestamp } : {}),
          ...(example.logGroup ? { logGroup: example.logGroup } : {}),
        },
      };
    });
}

import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../telemetry/logger.js';

/** Bolt logs through our one pino logger, so its lines are structured and redacted like ours. */
export function boltLoggerFrom(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write = (method: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const [first, ...rest] = msg;
    if (first instanceof Error) log[method]({ err: first, detail: rest.map(String).join(' ') || undefined }, 'bolt');
    else log[method]({ component: 'bolt' }, msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

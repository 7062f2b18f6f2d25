import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/telemetry/logger.js';

const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp';
const APP_TOKEN = 'xapp-1-A0123-456789-abcdef0123456789';
const SIGNING_SECRET = '8f14e45fceea167a5a36dedd4bea2543';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

describe('the logger', () => {
  it('never writes a known secret, whether in a field, a nested object, a message or an error', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'debug', destination, secrets: [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET] });
    log.info({ token: BOT_TOKEN, slack: { signingSecret: SIGNING_SECRET, appToken: APP_TOKEN } }, 'configured');
    log.warn(`calling Slack with ${BOT_TOKEN}`);
    log.error({ err: new Error(`auth failed for ${APP_TOKEN}`) }, 'failed');
    log.debug({ headers: { authorization: `Bearer ${BOT_TOKEN}` } }, 'request');
    log.child({ requestBody: `token=${BOT_TOKEN}&text=help` }).info('child');
    const output = lines.join('');
    expect(lines).toHaveLength(5);
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) expect(output).not.toContain(secret);
    expect(output).toContain('[REDACTED]');
  });

  it('scrubs token-shaped strings it was never told about', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination });
    log.info({ note: `found xoxb-999-888-SomeOtherWorkspaceToken and ${AWS_KEY_ID}` }, 'oops');
    log.info({ url: 'postgres://mlobs:hunter2-secret@db.internal:5432/mlobs' }, 'connecting');
    const output = lines.join('');
    expect(output).not.toContain('SomeOtherWorkspaceToken');
    expect(output).not.toContain(AWS_KEY_ID);
    expect(output).not.toContain('hunter2-secret');
    expect(output).toContain('postgres://mlobs:[REDACTED]@db.internal:5432/mlobs');
  });

  it('writes one JSON object per line with the bindings of child loggers', () => {
    const { lines, destination } = capture();
    createLogger({ destination }).child({ command: 'latency', requestId: 'ab12cd34' }).info({ endpoint: 'fraud-detector' }, 'command started');
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ command: 'latency', requestId: 'ab12cd34', endpoint: 'fraud-detector', msg: 'command started', name: 'mlobs' });
  });

  it('leaves innocent text alone', () => {
    expect(scrubSecrets('p99 2.1 s breaches the 500 ms SLA', ['short', SIGNING_SECRET])).toBe('p99 2.1 s breaches the 500 ms SLA');
  });
});

/**
 * Generated hostile input (fast-check, fixed seeds, bounded runs) for every parser that reads
 * what others send: the SNS envelope and its whole acceptance step, CloudWatch alarm
 * notifications, the command tokenizer and argument parser, and mlobs.yml. Each either answers
 * or fails with its documented error type — never a crash, never an unhandled rejection.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { UsageError } from '../../src/command/command-errors.js';
import { tokenizeCommandLine } from '../../src/command/command-line.js';
import { parseArguments } from '../../src/command/parse-arguments.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseAlarmMessage } from '../../src/incidents/alarm-notification/index.js';
import { PARSER_FAILURE } from '../../src/incidents/alarm-notification/parse-alarm-message.js';
import { readSnsEnvelope } from '../../src/ingest/sns-envelope.js';
import { snsMessageAcceptor } from '../../src/ingest/sns-message-acceptance.js';
import type { Store } from '../../src/store/database.js';
import { SnsInbox } from '../../src/store/sns-inbox.js';
import { storeTargets } from '../support/database.js';
import { signedNotification, signedSubscriptionMessage, signingCertificate, topicArn } from '../ingest/sns-test-kit.js';

const SEED = 20261123;
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', recordUnhandled));
afterAll(() => {
  process.off('unhandledRejection', recordUnhandled);
  expect(unhandled).toEqual([]);
});

/** Strings with the characters that break parsers: quotes, control and bidi characters, surrogates, long runs. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('"', "'", '“', '”', '\\', '-', '--', ' ', '\n', '\t', '\u0000', '\u202e', '|', '/', '..', '#', ':', '{', '}', '[', ']', '&', '*', '!'), maxLength: 60 }),
  fc.constantFrom('', ' ', '--', '--since', '--region', '--account', '--private', '--yes', '--for', '"', '“unclosed', 'a'.repeat(9_000), '\uD800', 'null', 'NaN', '-1', '1e400'),
);

describe('fuzz: SNS envelopes', () => {
  let store: Store;
  beforeAll(async () => {
    store = await storeTargets()[0]!.open();
  });
  afterAll(() => store.close());

  it('readSnsEnvelope answers every body with an envelope or a 400 refusal', () => {
    const body = fc.oneof(
      nastyString,
      fc.json({ maxDepth: 3 }),
      fc.dictionary(fc.constantFrom('Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'SubscribeURL', 'Token', 'Subject'), fc.oneof(nastyString, fc.jsonValue({ maxDepth: 2 }))).map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(body, fc.boolean(), (text, rawHeader) => {
        const reading = readSnsEnvelope(text, { rawDeliveryHeader: rawHeader });
        if (!reading.ok) {
          expect(reading.status).toBe(400);
          expect(reading.reason.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });

  it('the whole acceptance step (envelope, topic, age, URLs, signature, inbox) never throws on altered signed messages', async () => {
    const now = new Date();
    const accept = snsMessageAcceptor({
      inbox: new SnsInbox(store, { clock: () => now }),
      config: { sns: { allowedTopicArns: [topicArn], maxAgeMs: 3_600_000, trustedUrlPrefixes: [] }, aws: { defaultRegion: 'us-east-1', endpointUrl: undefined, accounts: [] } },
      fetchCertificate: async () => signingCertificate.certificatePem,
      confirmSubscription: async () => undefined,
      clock: () => now,
    });
    const signed = [signedNotification(now), signedSubscriptionMessage('SubscriptionConfirmation', now), signedNotification(now, {}, { version: '1' })];
    const altered = fc.record({
      base: fc.constantFrom(...signed),
      field: fc.constantFrom('Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'SubscribeURL', 'Token', 'Subject', 'UnsubscribeURL'),
      value: fc.oneof(nastyString, fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(altered, async ({ base, field, value }) => {
        const body = JSON.stringify({ ...base, [field]: value });
        const answer = await accept(body, {});
        if (answer.ok) {
          accepted += 1;
          // Only a change that leaves the signed content as it was may pass: SNS's own unsigned fields.
          expect(['UnsubscribeURL', 'Subject', 'SubscribeURL', 'Token', 'SignatureVersion', 'Type']).toContain(field);
        } else {
          // 503 is "store failed, SNS retries": never the answer to a malformed message.
          expect([400, 403, 413]).toContain(answer.status);
          expect(answer.reason.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
    // Some alterations touch only unsigned fields: the store was reached, not just the refusals.
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('fuzz: alarm notifications', () => {
  const alarmKeys = ['AlarmName', 'AlarmArn', 'NewStateValue', 'OldStateValue', 'NewStateReason', 'StateChangeTime', 'Region', 'AWSAccountId', 'Trigger', 'AlarmRule', 'detail', 'source', 'detail-type', 'region', 'account', 'time', 'resources'];
  const alarmLike = fc.dictionary(fc.constantFrom(...alarmKeys), fc.oneof(nastyString, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('ALARM', 'OK', 'INSUFFICIENT_DATA', 'us-east-1', 'US East (N. Virginia)', '2026-11-23T14:06:00.000+0000')));

  it('parseAlarmMessage answers an alarm or a readable "other", never its catch-all', () => {
    fc.assert(
      fc.property(fc.oneof(nastyString, fc.json({ maxDepth: 4 }), alarmLike.map((o) => JSON.stringify(o))), fc.option(fc.record({ Subject: nastyString, TopicArn: nastyString }), { nil: undefined }), (message, envelope) => {
        const parsed = parseAlarmMessage(message, envelope as never);
        if (parsed.kind === 'other') {
          expect(parsed.reason).not.toBe(PARSER_FAILURE);
          expect(parsed.text.length).toBeLessThan(3_000);
        } else {
          expect(parsed.transition.alarmName.trim()).not.toBe('');
        }
        expect(() => JSON.stringify(parsed)).not.toThrow();
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});

describe('fuzz: command lines', () => {
  it('the tokenizer and every command’s argument parser either parse or throw a UsageError', () => {
    const words = fc.array(fc.oneof(nastyString, fc.constantFrom(...allCommands.map((c) => c.name)), fc.constantFrom('fraud-detector', '3h', '2026-11-23T14:00Z', '12', '#12', 'us-east-1')), { maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom(...allCommands), words, (command, parts) => {
        const text = [command.name, ...parts].join(' ');
        try {
          const tokens = tokenizeCommandLine(text);
          parseArguments(command, tokens.slice(1), text);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});

describe('fuzz: mlobs.yml', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlobs-fuzz-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = { SLACK_BOT_TOKEN: 'xoxb-0000000000-0000000000000-fuzz', SLACK_SIGNING_SECRET: 'fuzz-signing-secret-0123456789', DATABASE_URL: 'sqlite::memory:' };
  const sections = ['slack', 'aws', 'endpoints', 'routing', 'permissions', 'incidents', 'logs', 'sns', 'sqs', 'digest', 'charts', 'dry_run', 'database'];
  const yamlScalar = fc.oneof(nastyString, fc.constantFrom('~', 'yes', 'no', '0x1F', '1e3', '.inf', '*alias', '&anchor x', '!!binary AAAA', '[a, b', '{a: 1', '- - -', '? x', '|', '>-'));
  const yamlDocument = fc.oneof(
    nastyString,
    fc.dictionary(fc.constantFrom(...sections), fc.oneof(yamlScalar, fc.jsonValue({ maxDepth: 3 }))).map((o) => JSON.stringify(o)),
    fc.array(fc.tuple(fc.constantFrom(...sections), yamlScalar, fc.nat({ max: 4 })), { maxLength: 6 }).map((lines) => lines.map(([key, value, indent]) => `${' '.repeat(indent)}${key}: ${value}`).join('\n')),
    fc.constant('a: &a [*a, *a]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]'),
  );

  it('loadConfig answers a Config or a list of problems for any file content', () => {
    const file = join(dir, 'mlobs.yml');
    fc.assert(
      fc.property(yamlDocument, (content) => {
        writeFileSync(file, content);
        const result = loadConfig(env, { configFile: file, cwd: dir });
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(typeof problem.message).toBe('string');
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

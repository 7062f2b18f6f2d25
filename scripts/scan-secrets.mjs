#!/usr/bin/env node
/**
 * Scans test-run output for secrets: `npm test 2>&1 | tee test-output.txt` then
 * `node scripts/scan-secrets.mjs test-output.txt` (or pipe into it). Exits 1, naming each line,
 * when a Slack token, an AWS access key id, a password inside a database URL, or one of the
 * suite's own test secrets appears. `test/security/secrets-in-output.test.ts` checks one run in
 * depth; this catches a secret any other test lets through to the console.
 */
import { readFileSync } from 'node:fs';

/** The suite's fixed test secrets (the simulator's bot token, the e2e signing secret). */
const TEST_SECRETS = ['xoxb-0000000000-0000000000000-mlobssimulatortoken', 'e2e-signing-secret-0123456789abcdef'];

const PATTERNS = [
  ['Slack token', /xox[abposr]-[A-Za-z0-9-]{8,}/],
  ['Slack app token', /xapp-[A-Za-z0-9-]{8,}/],
  ['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['database URL password', /postgres(?:ql)?:\/\/[^:/@\s]+:(?!\[REDACTED\])[^@\s]+@/],
];

const files = process.argv.slice(2);
const inputs = files.length > 0 ? files.map((name) => [name, readFileSync(name, 'utf8')]) : [['stdin', readFileSync(0, 'utf8')]];

let found = 0;
for (const [name, text] of inputs) {
  text.split('\n').forEach((line, index) => {
    const hits = [...TEST_SECRETS.filter((secret) => line.includes(secret)).map(() => 'test secret'), ...PATTERNS.filter(([, pattern]) => pattern.test(line)).map(([what]) => what)];
    if (hits.length === 0) return;
    found += 1;
    process.stderr.write(`${name}:${index + 1}: ${[...new Set(hits)].join(', ')}\n`);
  });
}
if (found > 0) {
  process.stderr.write(`scan-secrets: ${found} line(s) carry a secret; redact them where they are logged or printed\n`);
  process.exit(1);
}
process.stdout.write(`scan-secrets: no secret in ${inputs.map(([name]) => name).join(', ')}\n`);

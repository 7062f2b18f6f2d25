import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

function io(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const dir = mkdtempSync(join(tmpdir(), 'mlobs-cli-'));
  return {
    io: { env: { DATABASE_URL: `sqlite:${join(dir, 'mlobs.db')}`, ...env }, stdin: new PassThrough(), stdout, stderr },
    dir,
    out: () => out,
    err: () => err,
  };
}

describe('mlobs config check', () => {
  it('accepts the shipped example and says so', async () => {
    const t = io();
    expect(await main(['config', 'check', 'mlobs.example.yml'], t.io)).toBe(0);
    expect(t.out()).toContain('✓ configuration is valid: mlobs.example.yml');
  });

  it('prints every problem with its path and exits 1', async () => {
    const t = io();
    const file = join(t.dir, 'broken.yml');
    writeFileSync(file, 'routing:\n  - match: { alarm_name: "fraud-*" }\n    chanel: "#x"\nincidents:\n  reopen_window: 30 minutes\n');
    expect(await main(['config', 'check', file], t.io)).toBe(1);
    expect(t.err()).toContain('routing[0].channel: required');
    expect(t.err()).toContain('routing[0].chanel: unknown key (did you mean "channel"?)');
    expect(t.err()).toContain('incidents.reopen_window:');
    expect(t.err()).toMatch(/✗ 3 problems/);
  });

  it('names a missing file', async () => {
    const t = io();
    expect(await main(['config', 'check', '/nonexistent/mlobs.yml'], t.io)).toBe(1);
    expect(t.err()).toContain('/nonexistent/mlobs.yml: not found');
  });
});

describe('mlobs <command> from the terminal', () => {
  it('runs help and lists the commands', async () => {
    const t = io();
    expect(await main(['help'], t.io)).toBe(0);
    expect(t.out()).toContain('mlobs commands');
    expect(t.out()).toContain('help [command]');
  });

  it('answers an unknown command with the usage line and exit code 2', async () => {
    const t = io();
    expect(await main(['hepl'], t.io)).toBe(2);
    expect(t.out()).toContain('did you mean help?');
  });

  it('refuses to run anything on an invalid configuration, naming the problem', async () => {
    const t = io({ PORT: 'eighty' });
    expect(await main(['help'], t.io)).toBe(1);
    expect(t.err()).toContain('env.PORT');
    expect(t.out()).toBe('');
  });
});

describe('mlobs start (a real process)', () => {
  it('starts in local mode with nothing configured — simulators and the bot — is ready, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlobs-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'start'], {
      env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'mlobs.db')}`, HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner; stdout: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /bot +http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    expect(out).toContain('local mode');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start on an invalid configuration with the same message as config check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlobs-start-'));
    writeFileSync(join(dir, 'mlobs.yml'), 'routing:\n  - match: {}\n');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'start'], {
      env: { PATH: process.env.PATH, HOME: dir, MLOBS_CONFIG: join(dir, 'mlobs.yml'), DATABASE_URL: `sqlite:${join(dir, 'mlobs.db')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toContain('routing[0].channel: required');
  });
});

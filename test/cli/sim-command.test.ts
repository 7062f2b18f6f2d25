import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('mlobs sim (a real process)', () => {
  it('prints one line per server once ready, serves them, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'sim', '--port', '0', '--slack-port', '0', '--speed', '0'], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const urls = await new Promise<{ aws: string; slack: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready; stdout: ${out}`)), 20_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const aws = /^aws (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
        const slack = /^slack (http:\/\/127\.0\.0\.1:\d+\/api\/)$/m.exec(out)?.[1];
        if (aws && slack) {
          clearTimeout(timer);
          resolve({ aws, slack });
        }
      });
    });
    const auth = await fetch(`${urls.slack}auth.test`, { method: 'POST', headers: { authorization: 'Bearer xoxb-wrong' } });
    expect(await auth.json()).toEqual({ ok: false, error: 'invalid_auth' });
    // An unsigned request is refused the way AWS refuses it; the SDK tests sign theirs.
    const unsigned = await fetch(urls.aws, { method: 'POST', headers: { 'x-amz-target': 'SageMaker.ListEndpoints', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('SigV4');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad option with the reason and the usage line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'sim', '--scenario', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain('--scenario "nope" is not one of steady, preprocess-memory, daily-spike, drift, storm');
    expect(err).toContain('usage: mlobs sim');
  });
});

import { describe, expect, it } from 'vitest';
import logs from '../../commands/logs.js';
import { defineCommand, type AnyCommand, type CommandContext } from '../../src/command/command-definition.js';
import { UserFacingError } from '../../src/command/command-errors.js';
import { CancelRequest, CommandRunner } from '../../src/command/command-runner.js';
import { loadConfig } from '../../src/config/load-config.js';
import { note, type Reply } from '../../src/reply/reply.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { BotMetrics } from '../../src/telemetry/metrics.js';
import { SLACK_USER } from '../commands/command-world.js';
import { startLogsWorld } from '../commands/logs-world.js';

/** A command that reports progress, then waits until its signal is aborted and stops "its query". */
function waitingCommand(seen: { ctx?: CommandContext }) {
  return defineCommand({
    name: 'wait',
    summary: 'reports progress, then waits for a cancel',
    positionals: [],
    options: {},
    async run(ctx): Promise<Reply> {
      seen.ctx = ctx;
      ctx.progress?.({ heading: 'Waiting', parts: [note('info', 'Running… 1 KB scanned')], visibility: 'channel' });
      await new Promise<void>((resolve) => ctx.signal?.addEventListener('abort', () => resolve(), { once: true }));
      throw new UserFacingError('the query was stopped (StopQuery) after 1.0 s (1 KB scanned).');
    },
  }) as AnyCommand;
}

function runnerWith(commands: AnyCommand[]): CommandRunner {
  const loaded = loadConfig({ DATABASE_URL: 'sqlite::memory:' }, { cwd: '/nonexistent' });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return new CommandRunner({
    commands,
    config: loaded.config,
    log: createLogger({ level: 'silent' }),
    metrics: new BotMetrics({ processMetrics: false }),
    ports: { audit: { record: async () => { throw new Error('not used'); }, list: async () => [] } },
  });
}

describe('cancelling a command through the run signal', () => {
  it('a command that ends because of the signal is cancelled, saying who cancelled and what the command stopped', async () => {
    const seen: { ctx?: CommandContext } = {};
    const runner = runnerWith([waitingCommand(seen)]);
    const controller = new AbortController();
    const shown: Reply[] = [];
    const running = runner.run('wait', SLACK_USER, { signal: controller.signal, progress: (reply) => shown.push(reply) });
    await expect.poll(() => shown.length).toBe(1);
    controller.abort(new CancelRequest('U0LEAD', 'lead'));

    const result = await running;
    expect(result.outcome).toBe('cancelled');
    expect(result.cancellation).toMatchObject({ by: 'U0LEAD', detail: 'the query was stopped (StopQuery) after 1.0 s (1 KB scanned).' });
    expect(result.reply.summary).toMatch(/^Cancelled by lead after [\d.]+ s; the query was stopped \(StopQuery\)/);
    expect(seen.ctx?.signal).toBe(controller.signal);
  });

  it('a cancel before the command starts runs nothing', async () => {
    const seen: { ctx?: CommandContext } = {};
    const runner = runnerWith([waitingCommand(seen)]);
    const controller = new AbortController();
    controller.abort(new CancelRequest(SLACK_USER.userId));
    const result = await runner.run('wait', SLACK_USER, { signal: controller.signal });
    expect(result.outcome).toBe('cancelled');
    expect(result.cancellation?.by).toBe(SLACK_USER.userId);
    expect(seen.ctx).toBeUndefined();
  });

  it('an error with the signal untouched is still a failure, not a cancel', async () => {
    const broken = defineCommand({ name: 'broken', summary: 'fails', positionals: [], options: {}, async run(): Promise<Reply> { throw new Error('boom'); } }) as AnyCommand;
    const result = await runnerWith([broken]).run('broken', SLACK_USER, { signal: new AbortController().signal });
    expect(result.outcome).toBe('failed');
    expect(result.cancellation).toBeUndefined();
  });

  it('progress of a --private run is private too', async () => {
    const seen: { ctx?: CommandContext } = {};
    const runner = runnerWith([waitingCommand(seen)]);
    const controller = new AbortController();
    const shown: Reply[] = [];
    const running = runner.run('wait --private', SLACK_USER, { signal: controller.signal, progress: (reply) => shown.push(reply) });
    await expect.poll(() => shown.length).toBe(1);
    controller.abort();
    await running;
    expect(shown[0]?.visibility).toBe('private');
  });
});

describe('logs: cancelling stops the Logs Insights query', () => {
  it('aborting while the query runs calls StopQuery once and stops polling', async () => {
    const world = await startLogsWorld({
      commands: [logs as AnyCommand],
      // The simulated clock does not move: the query stays Running until the test cancels it.
      adapter: { sleep: (ms, signal) => new Promise((resolve) => { const timer = setTimeout(resolve, Math.min(ms, 20)); signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true }); }) },
    });
    try {
      const controller = new AbortController();
      const shown: Reply[] = [];
      const running = world.runner.run('logs fraud-detector errors', SLACK_USER, { signal: controller.signal, progress: (reply) => shown.push(reply) });
      await expect.poll(() => shown.some((reply) => reply.summary?.includes('Running…'))).toBe(true);
      controller.abort(new CancelRequest(SLACK_USER.userId, 'tester'));
      const result = await running;

      expect(result.outcome).toBe('cancelled');
      expect(result.reply.summary).toMatch(/^Cancelled by tester after [\d.]+ s; the query was stopped \(StopQuery\) after/);
      const operations = world.sims.aws.server.calls.map((call) => call.operation);
      expect(operations.filter((op) => op === 'StopQuery')).toHaveLength(1);
      const pollsAfterStop = operations.slice(operations.indexOf('StopQuery') + 1).filter((op) => op === 'GetQueryResults');
      expect(pollsAfterStop).toHaveLength(0);
    } finally {
      await world.close();
    }
  });
});

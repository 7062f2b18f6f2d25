import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, expect, it } from 'vitest';
import audit from '../../commands/audit.js';
import { CloudTrailChangeHistory } from '../../src/aws/cloudtrail-change-history.js';
import { SageMakerEndpointCapacity } from '../../src/aws/sagemaker-endpoint-capacity.js';
import { renderText } from '../../src/console/render-text.js';
import type { Reply } from '../../src/reply/reply.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { AuditLog } from '../../src/store/audit-log.js';
import type { Store } from '../../src/store/database.js';
import { describeEachStore } from '../support/database.js';
import { assertWithinSlackLimits } from '../support/slack-limits.js';
import { startCommandWorld, type CommandWorld } from './command-world.js';

/** A Monday; deploy-bot last shipped fraud-detector on Friday 2026-11-20 at 10:10 UTC. */
const NOW = new Date('2026-11-23T15:05:00Z');
const SCOPE = { region: 'us-east-1' };

function tableOf(reply: Reply): { rows: string[][]; totalRows?: number } {
  const part = reply.parts.find((p) => p.kind === 'table');
  if (part?.kind !== 'table') throw new Error('no table in the reply');
  return part.table;
}

describeEachStore('audit', (target) => {
  let store: Store;
  let log: AuditLog;
  let world: CommandWorld | undefined;
  beforeEach(async () => {
    store = await target.open();
    log = new AuditLog(store);
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
    await store.close();
  });

  const startWorld = async () => {
    world = await startCommandWorld({
      commands: [audit],
      ports: (clients) => ({ audit: log, endpointCapacity: new SageMakerEndpointCapacity(clients), changeHistory: new CloudTrailChangeHistory(clients) }),
      now: NOW,
    });
    return world;
  };

  /** What the scale command does: the SageMaker call (CloudTrail records it as mlobs-bot), then the audit entry. */
  const botScales = async (w: CommandWorld, from: number, to: number) => {
    await w.clients.client('sagemaker', SCOPE).send(
      new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName: 'fraud-detector', DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: to }] }),
    );
    await log.record({ at: w.sims.simulation.now(), actor: 'U0TEST', actorName: 'tester', action: 'scale', target: 'endpoint/fraud-detector', before: { instanceCount: from }, after: { instanceCount: to }, result: 'ok' });
  };

  it("shows the bot's scale once, with both sources, beside deploy-bot's CloudTrail deploys, newest first", async () => {
    const w = await startWorld();
    await botScales(w, 2, 4);
    await log.record({ at: new Date(NOW.getTime() - 3_600_000), actor: 'U0OTHER', actorName: 'other', action: 'scale', target: 'endpoint/fraud-detector', result: 'refused', detail: 'outside 1–10' });
    await log.record({ at: NOW, actor: 'U0TEST', action: 'scale', target: 'endpoint/recsys-ranker', result: 'ok' });
    w.clients.calls.records.length = 0;

    const result = await w.run('audit fraud-detector --since 30d');

    expect(result.outcome).toBe('ok');
    const { rows, totalRows } = tableOf(result.reply);
    expect(rows[0]).toEqual(['11-23 15:05', 'mlobs + CloudTrail', '@tester (U0TEST)', 'scale instanceCount 2 → 4 (ok) = UpdateEndpointWeightsAndCapacities']);
    expect(rows[1]).toEqual(['11-23 14:05', 'mlobs', '@other (U0OTHER)', 'scale (refused: outside 1–10)']);
    expect(rows[2]).toEqual(['11-20 10:10', 'CloudTrail', 'arn:…:user/deploy-bot', expect.stringMatching(/^UpdateEndpoint endpointConfigName=fraud-detector-config-2026-11-20-10-10-/)]);
    expect(rows.slice(2).every((row) => row[1] === 'CloudTrail' && row[2] === 'arn:…:user/deploy-bot')).toBe(true);
    // recsys-ranker's entry is another endpoint's.
    expect(renderText(result.reply)).not.toContain('recsys-ranker');
    expect(totalRows).toBe(rows.length);
    expect(result.reply.parts).toContainEqual({ kind: 'fields', fields: [{ label: 'Changes', value: String(rows.length) }, { label: 'Through mlobs', value: '2' }, { label: 'Elsewhere (CloudTrail)', value: String(rows.length - 2) }] });

    // One DescribeEndpoint and its config; one LookupEvents for the endpoint, one for its scalable target.
    expect(w.clients.calls.count({ operation: 'DescribeEndpoint' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'DescribeEndpointConfig' })).toBe(1);
    expect(w.clients.calls.count({ operation: 'LookupEvents' })).toBe(2);
    expect(w.clients.calls.records).toHaveLength(4);
    assertWithinSlackLimits(renderBlocks(result.reply).blocks);
  });

  it('says plainly when nothing changed the endpoint in the range', async () => {
    const w = await startWorld();
    const result = await w.run('audit fraud-detector --since 2d');

    expect(result.outcome).toBe('ok');
    expect(result.reply.summary).toBe('Nothing changed fraud-detector in the last 2 days (2026-11-21 15:05–2026-11-23 15:05 UTC).');
    expect(result.reply.parts.some((part) => part.kind === 'table')).toBe(false);
  });

  it('answers an unknown endpoint with the known ones, and looks nothing up in CloudTrail', async () => {
    const w = await startWorld();
    const result = await w.run('audit fraud-detecter');

    expect(result.outcome).not.toBe('ok');
    expect(renderText(result.reply)).toContain('no endpoint named "fraud-detecter" in us-east-1 (known: churn-model, fraud-detector, recsys-ranker). Did you mean fraud-detector?');
    expect(w.clients.calls.count({ operation: 'LookupEvents' })).toBe(0);
  });

  it("shows Application Auto Scaling changes to the endpoint's scalable target: bob's load test on recsys-ranker", async () => {
    const w = await startWorld();
    const result = await w.run('audit recsys-ranker --since 10d');

    const rows = tableOf(result.reply).rows.filter((row) => row[3]?.startsWith('RegisterScalableTarget'));
    expect(rows.map((row) => [row[0], row[2]])).toEqual([
      ['11-15 23:00', 'arn:…:user/bob'],
      ['11-15 03:30', 'arn:…:user/bob'],
    ]);
    expect(rows[1]?.[3]).toContain('minCapacity=4');
  });

  it('stays within Slack limits with hundreds of changes, saying how many there were', async () => {
    const w = await startWorld();
    for (let i = 0; i < 300; i++) {
      await log.record({ at: new Date(NOW.getTime() - i * 60_000), actor: 'U0TEST', actorName: 'tester', action: 'ack', target: 'endpoint/fraud-detector', result: 'ok', detail: 'x'.repeat(200) });
    }
    const result = await w.run('audit fraud-detector');

    expect(tableOf(result.reply).totalRows).toBeGreaterThanOrEqual(300);
    const { blocks } = renderBlocks(result.reply);
    assertWithinSlackLimits(blocks);
    expect(JSON.stringify(blocks)).toMatch(/more rows/);
  });
});

import { describe, expect, it } from 'vitest';
import type { PermissionRule } from '../../src/config/config.js';
import { PermissionPolicy } from '../../src/permissions/permission-policy.js';
import { CachedSlackDirectory, type SlackDirectory } from '../../src/permissions/slack-directory.js';

function rule(action: PermissionRule['action'], allow: string[], channels?: string[]): PermissionRule {
  return { action, allow, channels, endpoints: undefined };
}

/** A directory over literal data that counts its lookups; `down` makes every lookup fail like Slack would. */
function directory(groups: Record<string, string[]>, channels: Record<string, string>, options: { down?: string } = {}) {
  const calls: string[] = [];
  const fake: SlackDirectory = {
    async userGroupMembers(id) {
      calls.push(`group ${id}`);
      if (options.down) throw Object.assign(new Error('An API error occurred'), { data: { error: options.down } });
      return groups[id] ?? [];
    },
    async channelName(id) {
      calls.push(`channel ${id}`);
      if (options.down) throw Object.assign(new Error('An API error occurred'), { data: { error: options.down } });
      return channels[id];
    },
  };
  return { fake, calls };
}

const ack = { action: 'incident' as const, doing: 'acknowledge incidents' };

describe('PermissionPolicy', () => {
  const rules = [rule('incident', ['U0LEAD0001', 'S0MLONCALL'], ['#ml-incidents'])];

  it('allows a person named by an applying rule', async () => {
    const { fake } = directory({}, {});
    await expect(new PermissionPolicy(rules, fake).may({ ...ack, actor: 'U0LEAD0001', channel: ['#ml-incidents'] })).resolves.toEqual({ allowed: true });
  });

  it('allows a member of a user group named by an applying rule', async () => {
    const { fake } = directory({ S0MLONCALL: ['U0ONCALL01'] }, {});
    await expect(new PermissionPolicy(rules, fake).may({ ...ack, actor: 'U0ONCALL01', channel: ['#ml-incidents'] })).resolves.toEqual({ allowed: true });
  });

  it('refuses anyone else, naming who may and where', async () => {
    const { fake } = directory({ S0MLONCALL: ['U0ONCALL01'] }, {});
    await expect(new PermissionPolicy(rules, fake).may({ ...ack, actor: 'U0INTERN01', channel: ['#ml-incidents'] })).resolves.toEqual({
      allowed: false,
      reason: 'only <@U0LEAD0001>, <!subteam^S0MLONCALL> may acknowledge incidents in #ml-incidents',
    });
  });

  it('matches a rule naming the channel by name when the action knows only its ID', async () => {
    const { fake } = directory({}, { C0INCIDENTS: 'ml-incidents' });
    await expect(new PermissionPolicy(rules, fake).may({ ...ack, actor: 'U0LEAD0001', channel: ['C0INCIDENTS'] })).resolves.toEqual({ allowed: true });
  });

  it('matches a rule naming the channel by ID when the action knows only its name', async () => {
    const { fake } = directory({}, { C0INCIDENTS: 'ml-incidents' });
    const byId = [rule('incident', ['U0LEAD0001'], ['C0INCIDENTS'])];
    await expect(new PermissionPolicy(byId, fake).may({ ...ack, actor: 'U0LEAD0001', channel: ['#ml-incidents'] })).resolves.toEqual({ allowed: true });
    await expect(new PermissionPolicy(byId, fake).may({ ...ack, actor: 'U0LEAD0001', channel: ['#general'] })).resolves.toMatchObject({ allowed: false });
  });

  it('refuses with Slack\'s reason when group membership cannot be checked', async () => {
    const { fake } = directory({}, {}, { down: 'missing_scope' });
    const decision = await new PermissionPolicy(rules, fake).may({ ...ack, actor: 'U0ONCALL01', channel: ['#ml-incidents'] });
    expect(decision).toEqual({
      allowed: false,
      reason: 'only <@U0LEAD0001>, <!subteam^S0MLONCALL> may acknowledge incidents in #ml-incidents (could not check who is in <!subteam^S0MLONCALL>: Slack answered missing_scope)',
    });
  });

  it('says no one may where the rules for the action cover other channels only', async () => {
    const { fake } = directory({}, {});
    const decision = await new PermissionPolicy(rules, fake).may({ ...ack, actor: 'U0LEAD0001', channel: ['#general'] });
    expect(decision).toEqual({ allowed: false, reason: 'no one may acknowledge incidents in #general: the `permissions` rules for incident cover other channels or endpoints' });
  });

  it('allows everyone, asking Slack nothing, when no rule governs the action', async () => {
    const { fake, calls } = directory({}, {});
    await expect(new PermissionPolicy([rule('scale', ['U0LEAD0001'])], fake).may({ ...ack, actor: 'U0ANYONE01', channel: ['#ml-incidents'] })).resolves.toEqual({ allowed: true });
    expect(calls).toEqual([]);
  });

  it('keeps group members for a while but asks again after a failure', async () => {
    let now = 0;
    let down = true;
    let asked = 0;
    const flaky: SlackDirectory = {
      async userGroupMembers() {
        asked += 1;
        if (down) throw new Error('socket hang up');
        return ['U0ONCALL01'];
      },
      channelName: async () => undefined,
    };
    const cached = new CachedSlackDirectory(flaky, { ttlMs: 60_000, clock: () => now });
    await expect(cached.userGroupMembers('S0MLONCALL')).rejects.toThrow('socket hang up');
    down = false;
    await expect(cached.userGroupMembers('S0MLONCALL')).resolves.toEqual(['U0ONCALL01']);
    await cached.userGroupMembers('S0MLONCALL');
    expect(asked).toBe(2);
    now = 61_000;
    await cached.userGroupMembers('S0MLONCALL');
    expect(asked).toBe(3);
  });
});

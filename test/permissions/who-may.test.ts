import { describe, expect, it } from 'vitest';
import type { PermissionRule } from '../../src/config/config.js';
import { normalChannelRef, whoMay } from '../../src/permissions/who-may.js';

function rule(action: PermissionRule['action'], allow: string[], where: { channels?: string[]; endpoints?: string[] } = {}): PermissionRule {
  return { action, allow, channels: where.channels, endpoints: where.endpoints };
}

const inChannel = (...names: string[]) => (ref: string) => names.includes(normalChannelRef(ref));

describe('whoMay', () => {
  it('lets everyone act when no rule governs the action', () => {
    expect(whoMay([rule('scale', ['U0SCALER01'])], 'incident', {})).toEqual({ kind: 'everyone' });
    expect(whoMay([], 'incident', {})).toEqual({ kind: 'everyone' });
  });

  it('counts an `all` rule for every action', () => {
    expect(whoMay([rule('all', ['S0ONCALL01'])], 'incident', {})).toEqual({ kind: 'only', principals: ['S0ONCALL01'] });
    expect(whoMay([rule('all', ['S0ONCALL01'])], 'scale', { endpoint: 'fraud-detector' })).toEqual({ kind: 'only', principals: ['S0ONCALL01'] });
  });

  it('joins the principals of every rule that applies, without duplicates', () => {
    const rules = [rule('all', ['S0ONCALL01', 'U0LEAD0001']), rule('incident', ['S0MLTEAM01', 'U0LEAD0001'], { channels: ['#ml-incidents'] })];
    expect(whoMay(rules, 'incident', { inChannel: inChannel('#ml-incidents') })).toEqual({ kind: 'only', principals: ['S0ONCALL01', 'U0LEAD0001', 'S0MLTEAM01'] });
  });

  it('applies a channel-scoped rule only in its channels', () => {
    const rules = [rule('all', ['S0ONCALL01']), rule('incident', ['S0MLTEAM01'], { channels: ['#ml-incidents', 'C0RECSYS01'] })];
    expect(whoMay(rules, 'incident', { inChannel: inChannel('#recsys-alerts') })).toEqual({ kind: 'only', principals: ['S0ONCALL01'] });
    expect(whoMay(rules, 'incident', { inChannel: inChannel('c0recsys01', 'C0RECSYS01') })).toEqual({ kind: 'only', principals: ['S0ONCALL01', 'S0MLTEAM01'] });
    // An action with no channel is not in any rule's channels.
    expect(whoMay(rules, 'incident', {})).toEqual({ kind: 'only', principals: ['S0ONCALL01'] });
  });

  it('applies an endpoint-scoped rule only to its endpoints', () => {
    const rules = [rule('scale', ['U0SCALER01'], { endpoints: ['recsys-ranker'] })];
    expect(whoMay(rules, 'scale', { endpoint: 'recsys-ranker' })).toEqual({ kind: 'only', principals: ['U0SCALER01'] });
    expect(whoMay(rules, 'scale', { endpoint: 'fraud-detector' })).toEqual({ kind: 'only', principals: [] });
    expect(whoMay(rules, 'scale', {})).toEqual({ kind: 'only', principals: [] });
  });

  it('needs both the channel and the endpoint of a rule naming both', () => {
    const rules = [rule('incident', ['U0BOTH0001'], { channels: ['#ml-incidents'], endpoints: ['fraud-detector'] })];
    expect(whoMay(rules, 'incident', { inChannel: inChannel('#ml-incidents'), endpoint: 'fraud-detector' })).toEqual({ kind: 'only', principals: ['U0BOTH0001'] });
    expect(whoMay(rules, 'incident', { inChannel: inChannel('#ml-incidents'), endpoint: 'churn-model' })).toEqual({ kind: 'only', principals: [] });
    expect(whoMay(rules, 'incident', { inChannel: inChannel('#general'), endpoint: 'fraud-detector' })).toEqual({ kind: 'only', principals: [] });
  });

  it('lets nobody act where rules exist for the action but none covers the place', () => {
    const rules = [rule('incident', ['S0MLTEAM01'], { channels: ['#ml-incidents'] })];
    expect(whoMay(rules, 'incident', { inChannel: inChannel('#general') })).toEqual({ kind: 'only', principals: [] });
  });

  it('normalizes channel names, leaving IDs alone', () => {
    expect(normalChannelRef('ml-incidents')).toBe('#ml-incidents');
    expect(normalChannelRef('#ML-Incidents')).toBe('#ml-incidents');
    expect(normalChannelRef('C0INCIDENTS')).toBe('C0INCIDENTS');
  });
});

import { describe, expect, it } from 'vitest';
import { configuredDigests } from '../../src/config/config.js';
import { configOf, loadYaml, problemAt } from '../config/config-test-kit.js';

describe('digest configuration', () => {
  it('a single digest block is the one digest, named daily', () => {
    const config = configOf(loadYaml('digest:\n  schedule: "0 8 * * 1-5"\n  timezone: Europe/Berlin\n  channel: "#ml-costs"\n'));
    expect(configuredDigests(config.digest)).toEqual([{ name: 'daily', schedule: '0 8 * * 1-5', timeZone: 'Europe/Berlin', channel: '#ml-costs', monthlyBudgetUsd: undefined }]);
  });

  it('digest.also adds digests per channel, each taking what it leaves out from the block', () => {
    const yaml = [
      'digest:',
      '  timezone: Europe/Berlin',
      '  channel: "#ml-costs"',
      '  monthly_budget_usd: 25000',
      '  also:',
      '    - channel: "#ml-us-team"',
      '      schedule: "0 9 * * 1-5"',
      '      timezone: America/New_York',
      '    - channel: C0FINANCE1',
      '      name: finance',
      '      monthly_budget_usd: 90000',
    ].join('\n');
    expect(configuredDigests(configOf(loadYaml(yaml)).digest)).toEqual([
      { name: 'daily', schedule: '0 9 * * *', timeZone: 'Europe/Berlin', channel: '#ml-costs', monthlyBudgetUsd: 25000 },
      { name: 'ml-us-team', schedule: '0 9 * * 1-5', timeZone: 'America/New_York', channel: '#ml-us-team', monthlyBudgetUsd: 25000 },
      { name: 'finance', schedule: '0 9 * * *', timeZone: 'Europe/Berlin', channel: 'C0FINANCE1', monthlyBudgetUsd: 90000 },
    ]);
  });

  it('two digests may not share a name', () => {
    const yaml = 'digest:\n  also:\n    - channel: "#daily"\n';
    expect(problemAt(loadYaml(yaml), 'digest.also[0].name')).toBe('"daily" names another digest already: give this one its own name');
  });

  it('an entry of also is checked like the block: a bad schedule is named with its path', () => {
    const yaml = 'digest:\n  also:\n    - channel: "#ml-us"\n      schedule: "0 25 * * *"\n';
    expect(problemAt(loadYaml(yaml), 'digest.also[0].schedule')).toBe('"0 25 * * *" is not a valid cron schedule: Invalid value for hour: 25');
  });
});

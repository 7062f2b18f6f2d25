import { describe, expect, it } from 'vitest';
import { burnText, incidentBurn } from '../../src/cost/incident-burn.js';

const start = new Date('2026-11-23T14:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const span = { start, end: at(20) };

describe('incident cost burn', () => {
  it('no scaling: the count now for the whole span, and no "scaling added"', () => {
    const burn = incidentBurn(span, [{ variant: 'AllTraffic', instanceType: 'ml.m5.xlarge', count: 2 }], []);
    expect(burn.costUsd).toBeCloseTo(2 * (20 / 60) * 0.23, 10);
    expect(burn.addedUsd).toBe(0);
    expect(burnText('fraud-detector', burn)).toMatch(/^💸 During these 20 min fraud-detector cost ≈ \$0\.15 \(2 × ml\.m5\.xlarge\)\. _On-demand list prices of 2025-01-15 \(us-east-1\)/);
  });

  it('a scale-up and its undo inside the span: only the minutes in between were added', () => {
    const changes = [
      { at: at(5), variant: 'AllTraffic', from: 2, to: 4 },
      { at: at(15), variant: 'AllTraffic', from: 4, to: 2 },
    ];
    const burn = incidentBurn(span, [{ variant: 'AllTraffic', instanceType: 'ml.c5.xlarge', count: 2 }], changes);
    expect(burn.variants[0]).toEqual(expect.objectContaining({ countAtStart: 2, countAtEnd: 2 }));
    expect(burn.variants[0]!.instanceHours).toBeCloseTo((2 * 5 + 4 * 10 + 2 * 5) / 60, 10);
    expect(burn.addedUsd).toBeCloseTo(((2 * 10) / 60) * 0.204, 10);
    expect(burn.stillAddingUsdPerHour).toBeUndefined();
    expect(burnText('fraud-detector', burn)).toContain('(2 × ml.c5.xlarge); scaling added ≈ $0.07.');
  });

  it('an action after the resolve tells the count at the end, and is not counted', () => {
    const changes = [{ at: at(25), variant: 'AllTraffic', from: 3, to: 1 }];
    const burn = incidentBurn(span, [{ variant: 'AllTraffic', instanceType: 'ml.c5.xlarge', count: 1 }], changes);
    expect(burn.variants[0]).toEqual(expect.objectContaining({ countAtStart: 3, countAtEnd: 3, instanceHours: 1 }));
  });

  it('scaling down saves, and the reply says so', () => {
    const burn = incidentBurn(span, [{ variant: 'AllTraffic', instanceType: 'ml.c5.xlarge', count: 2 }], [{ at: at(0), variant: 'AllTraffic', from: 4, to: 2 }]);
    expect(burnText('fraud-detector', burn)).toMatch(/\(4 → 2 × ml\.c5\.xlarge\); scaling saved ≈ \$0\.14 \(−\$0\.41\/h while it stays scaled\)/);
  });

  it('a type the price table does not know: instance-hours and why there is no cost', () => {
    const burn = incidentBurn(span, [{ variant: 'AllTraffic', instanceType: 'ml.p4d.24xlarge', count: 3 }], []);
    expect(burn.costUsd).toBeUndefined();
    expect(burnText('llm', burn)).toBe('💸 During these 20 min llm ran ≈ 1.0 instance-hours (3 × ml.p4d.24xlarge); no cost: the shipped price table has no price for ml.p4d.24xlarge.');
  });
});

import { describe, expect, it } from 'vitest';
import { readFeatureDrift } from '../../src/drift/feature-drift.js';

const hour = (h: number) => new Date(Date.UTC(2026, 10, 23, h));
const series = (feature: string, values: number[]) => ({ feature, points: values.map((value, i) => ({ at: hour(10 + i), value })) });

describe('readFeatureDrift', () => {
  const readings = readFeatureDrift(
    [series('calm', [0.02, 0.05, 0.03]), series('late', [0.05, 0.05, 0.2]), series('early', [0.05, 0.15, 0.25]), series('blip', [0.05, 0.12, 0.04]), series('always', [0.3, 0.3, 0.3])],
    0.1,
  );
  const byName = (name: string) => readings.find((r) => r.feature === name)!;

  it('orders the features that crossed the threshold by when they first did (then by name), then the rest', () => {
    expect(readings.map((r) => r.feature)).toEqual(['always', 'blip', 'early', 'late', 'calm']);
  });

  it('knows since when a feature is over, and whether that began before the window', () => {
    expect(byName('early')).toMatchObject({ firstOver: hour(11), overSince: hour(11), overBeforeWindow: false });
    expect(byName('always')).toMatchObject({ overSince: hour(10), overBeforeWindow: true });
  });

  it('tells a feature that crossed and came back from one still over', () => {
    expect(byName('blip').firstOver).toEqual(hour(11));
    expect(byName('blip').overSince).toBeUndefined();
    expect(byName('calm').firstOver).toBeUndefined();
    expect(byName('calm').highest).toEqual({ at: hour(11), value: 0.05 });
  });
});

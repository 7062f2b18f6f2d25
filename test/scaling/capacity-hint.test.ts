import { describe, expect, it } from 'vitest';
import { capacityHint } from '../../src/scaling/capacity-hint.js';

describe('capacity hint (Little’s law)', () => {
  it('uses the target-tracking policy’s invocations per instance when there is one', () => {
    const hint = capacityHint({ peakPerMinute: 1_200, latencyMs: 180, latencyStat: 'p50', currentCount: 2, targetTracking: { metric: 'SageMakerVariantInvocationsPerInstance', targetValue: 400 } });
    expect(hint.instances).toBe(3);
    expect(hint.text).toBe('peak 1,200 req/min at 180 ms (p50) ≈ 3.6 concurrent; at your target of 400 invocations per instance per minute that is 3 instances');
  });

  it('without a policy, says it assumes a 70% CPU target and scales the measured CPU per vCPU', () => {
    const hint = capacityHint({ peakPerMinute: 600, latencyMs: 50, latencyStat: 'p50', currentCount: 2, cpuP95Percent: 360, vcpus: 4 });
    // 90% per vCPU on 2 instances → 2 × 90 / 70 = 2.6 → 3
    expect(hint.instances).toBe(3);
    expect(hint.text).toContain('at 70% CPU (assumed: no target-tracking policy to read it from) that is 3 instances');
  });

  it('says there is no hint when the endpoint had no traffic', () => {
    expect(capacityHint({ latencyStat: 'p50', currentCount: 1 })).toEqual({ text: 'no invocations in the last hour, so no capacity hint' });
  });
});

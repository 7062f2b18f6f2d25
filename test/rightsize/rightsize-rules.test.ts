import { describe, expect, it } from 'vitest';
import type { VariantCapacity, VariantUtilisation } from '../../src/aws/ports/endpoint-capacity.js';
import { assessVariant } from '../../src/rightsize/rightsize-rules.js';

const HOURS = 14 * 24;
const capacity = (instanceType: string | undefined, count: number): VariantCapacity => ({ endpoint: 'model', variant: 'AllTraffic', currentInstanceCount: count, ...(instanceType ? { instanceType } : {}) });
/** CPU in CloudWatch's units: 100 per vCPU. */
const usage = (u: Partial<VariantUtilisation>): VariantUtilisation => ({ endpoint: 'model', variant: 'AllTraffic', invocations: 10_000, ...u });

describe('rightsize rules', () => {
  it('a zombie saves its whole month: price × instances × 730 h', () => {
    const a = assessVariant(capacity('ml.g4dn.xlarge', 2), usage({ cpuP95Percent: 10, invocations: 0 }), HOURS);
    expect(a.recommendation).toEqual({ kind: 'zombie' });
    expect(a.monthlySavingUsd).toBeCloseTo(0.736 * 2 * 730, 9);
    expect(a.costPer1000Usd).toBeUndefined();
  });

  it('idle on several instances: fewer, but never below two', () => {
    const a = assessVariant(capacity('ml.c5.xlarge', 6), usage({ cpuP95Percent: 40, memoryP95Percent: 20 }), HOURS);
    // 10% of 4 vCPUs on 6 instances ≈ 1 instance's worth at 60%; availability keeps 2.
    expect(a.recommendation).toEqual({ kind: 'fewer', count: 2 });
    expect(a.monthlySavingUsd).toBeCloseTo(0.204 * 4 * 730, 9);
  });

  it('idle on one instance: one size smaller, when memory still fits', () => {
    const a = assessVariant(capacity('ml.m5.xlarge', 1), usage({ cpuP95Percent: 60, memoryP95Percent: 30 }), HOURS);
    expect(a.recommendation).toMatchObject({ kind: 'smaller', instance: { name: 'ml.m5.large' } });
    expect(a.monthlySavingUsd).toBeCloseTo((0.23 - 0.115) * 730, 9);
  });

  it('keeps an idle instance whose memory would not fit on the smaller size', () => {
    const a = assessVariant(capacity('ml.m5.xlarge', 1), usage({ cpuP95Percent: 40, memoryP95Percent: 39 }), HOURS);
    expect(a.recommendation).toEqual({ kind: 'keep', reason: 'a smaller size (ml.m5.large) would run too hot' });
    expect(a.monthlySavingUsd).toBe(0);
  });

  it('moves onto a burstable instance only under its CPU baseline', () => {
    const quiet = assessVariant(capacity('ml.m5.large', 1), usage({ cpuP95Percent: 30, memoryP95Percent: 20 }), HOURS);
    expect(quiet.recommendation).toMatchObject({ kind: 'smaller', instance: { name: 'ml.t2.medium' } });
    const busier = assessVariant(capacity('ml.m5.large', 1), usage({ cpuP95Percent: 50, memoryP95Percent: 20 }), HOURS);
    expect(busier.recommendation.kind).toBe('keep');
  });

  it('CPU saturation asks for more instances, enough to bring p95 back to 60%', () => {
    const a = assessVariant(capacity('ml.c5.xlarge', 2), usage({ cpuP95Percent: 360, memoryP95Percent: 30 }), HOURS);
    expect(a.recommendation).toEqual({ kind: 'more', count: 3 });
    expect(a.monthlySavingUsd).toBeCloseTo(-0.204 * 730, 9);
  });

  it('memory saturation asks for the next size up (memory does not spread over instances)', () => {
    const a = assessVariant(capacity('ml.c5.xlarge', 2), usage({ cpuP95Percent: 100, memoryP95Percent: 91 }), HOURS);
    expect(a.recommendation).toMatchObject({ kind: 'larger', instance: { name: 'ml.c5.2xlarge' } });
    expect(a.monthlySavingUsd).toBeCloseTo(-(0.408 - 0.204) * 2 * 730, 9);
  });

  it('a GPU endpoint is idle only when its GPU is', () => {
    const busyGpu = assessVariant(capacity('ml.g4dn.xlarge', 1), usage({ cpuP95Percent: 20, memoryP95Percent: 20, gpuP95Percent: 50 }), HOURS);
    expect(busyGpu.recommendation).toEqual({ kind: 'keep', reason: 'utilisation within range' });
  });

  it('cost per 1,000 inferences = instance-hours × price ÷ invocations × 1,000', () => {
    const a = assessVariant(capacity('ml.m5.large', 2), usage({ cpuP95Percent: 100, memoryP95Percent: 50, invocations: 50_000, instanceMinutes: 2 * 60 * HOURS }), HOURS);
    expect(a.costPer1000Usd).toBeCloseTo(((2 * HOURS * 0.115) / 50_000) * 1_000, 9);
  });

  it('gives no estimate for an instance type the table does not have, or without data', () => {
    expect(assessVariant(capacity('ml.p5.48xlarge', 1), usage({ cpuP95Percent: 10 }), HOURS).recommendation).toEqual({ kind: 'unknown', reason: 'ml.p5.48xlarge is not in the price table' });
    expect(assessVariant(capacity('ml.m5.large', 1), usage({}), HOURS).recommendation).toEqual({ kind: 'unknown', reason: 'no utilisation data in the range' });
  });
});

import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/config/did-you-mean.js';

describe('didYouMean', () => {
  const keys = ['match', 'channel', 'severity', 'group_by', 'runbook', 'mention', 'diagnose'];

  it('suggests the key one letter away', () => {
    expect(didYouMean('chanel', keys)).toBe('channel');
    expect(didYouMean('mentoin', keys)).toBe('mention');
  });

  it('matches camelCase or dashed spellings of a snake_case key', () => {
    expect(didYouMean('groupBy', keys)).toBe('group_by');
    expect(didYouMean('group-by', keys)).toBe('group_by');
  });

  it('suggests a near-miss endpoint name', () => {
    expect(didYouMean('fraud-detecter', ['fraud-detector', 'recsys-ranker', 'churn-model'])).toBe('fraud-detector');
  });

  it('suggests nothing when no candidate is plausibly meant', () => {
    expect(didYouMean('version', keys)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('allows only one edit in short words, so unrelated short keys are not suggested', () => {
    expect(didYouMean('ab', ['id'])).toBeUndefined();
    expect(didYouMean('ix', ['id'])).toBe('id');
  });
});

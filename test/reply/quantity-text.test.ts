import { describe, expect, it } from 'vitest';
import { count, megabytes, milliseconds, rate } from '../../src/reply/quantity-text.js';

describe('quantity text', () => {
  it('never rounds a few failures to 0%', () => {
    expect([rate(0, 10), rate(4, 66_041), rate(7, 10_000), rate(1_402, 198_221), rate(5, 300), rate(60, 100)]).toEqual(['0%', '<0.01%', '0.07%', '0.71%', '1.7%', '60%']);
    expect(rate(1, 0)).toBe('–');
  });

  it('writes counts, sizes and durations as people read them', () => {
    expect([count(198_221.4), megabytes(1_024), milliseconds(145.4), milliseconds(2_999.6), milliseconds(61_000)]).toEqual(['198,221', '1,024 MB', '145 ms', '3.0 s', '61 s']);
  });
});

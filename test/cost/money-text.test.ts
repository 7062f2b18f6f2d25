import { describe, expect, it } from 'vitest';
import { ageText, money, moneyChange, percentChange } from '../../src/cost/money-text.js';

describe('money text', () => {
  it('writes amounts with cents and thousands separators, whole units from 100,000', () => {
    expect(money(57.124)).toBe('$57.12');
    expect(money(1712.4)).toBe('$1,712.40');
    expect(money(123_456.7)).toBe('$123,457');
    expect(money(0.001)).toBe('<$0.01');
    expect(money(-3)).toBe('−$3.00');
    expect(money(5, 'EUR')).toBe('EUR 5.00');
  });

  it('signs changes and percentages, and calls growth from nothing new', () => {
    expect(moneyChange(38.1)).toBe('+$38.10');
    expect(moneyChange(-2)).toBe('−$2.00');
    expect(moneyChange(0.001)).toBe('$0.00');
    expect(percentChange(104.2, 100)).toBe('+4.2%');
    expect(percentChange(88, 100)).toBe('−12%');
    expect(percentChange(5, 0)).toBe('new');
    expect(percentChange(100, 100)).toBe('0%');
  });

  it('says how old data is', () => {
    const now = new Date('2026-11-23T15:05:00Z');
    expect(ageText(now, now)).toBe('just now');
    expect(ageText(new Date(now.getTime() + 60_000), now)).toBe('just now');
    expect(ageText(new Date(now.getTime() - 12 * 60_000), now)).toBe('12 min ago');
    expect(ageText(new Date(now.getTime() - 2 * 3_600_000 - 59_000), now)).toBe('2 h ago');
    expect(ageText(new Date(now.getTime() - 3 * 86_400_000), now)).toBe('3 days ago');
  });
});

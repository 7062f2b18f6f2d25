/**
 * Amounts and ages as the cost answers word them: `$1,712.43`, `+$38.10`, `+4.2%`, `2 h ago`.
 */

/** `$57.12`, `$1,712.43`; whole units from 100,000 up; `<$0.01` for a few tenths of a cent. */
export function money(amount: number, currency = 'USD'): string {
  const sign = amount < 0 ? '−' : '';
  const value = Math.abs(amount);
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  if (value > 0 && value < 0.005) return `${sign}<${symbol}0.01`;
  const digits = value >= 100_000 ? 0 : 2;
  return `${sign}${symbol}${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** `+$38.10`, `−$2.00`, `$0.00`. */
export function moneyChange(delta: number, currency = 'USD'): string {
  if (Math.abs(delta) < 0.005) return money(0, currency);
  return `${delta > 0 ? '+' : '−'}${money(Math.abs(delta), currency)}`;
}

/** `+4.2%`, `−12%`, `+310%`; `new` when there was nothing before. */
export function percentChange(now: number, before: number): string {
  if (Math.abs(before) < 0.005) return Math.abs(now) < 0.005 ? '0%' : 'new';
  const ratio = ((now - before) / Math.abs(before)) * 100;
  const rounded = Math.abs(ratio) >= 10 ? Math.round(ratio).toString() : ratio.toFixed(1);
  if (Number(rounded) === 0) return '0%';
  return `${ratio > 0 ? '+' : '−'}${rounded.replace('-', '')}%`;
}

/** How long ago data was fetched: `just now`, `12 min ago`, `2 h ago`, `1 day ago`. */
export function ageText(fetchedAt: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - fetchedAt.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** Numbers as the scale messages show them: `1,150`, `35`, `$0.41/h`. */

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A signed hourly cost change: `+$0.41/h`, `−$0.20/h`. */
export function formatHourlyChange(usd: number): string {
  const sign = usd > 0 ? '+' : usd < 0 ? '−' : '±';
  return `${sign}$${Math.abs(usd).toFixed(2)}/h`;
}

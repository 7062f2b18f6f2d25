/**
 * What an endpoint cost while an incident was open, and what scaling changed of it: instance-
 * hours from the count timeline (the count at the end, walked back through the bot's own scale
 * actions) × the shipped on-demand price of the instance type. Pure; the incident follow-up
 * fetches the endpoint and the actions.
 *
 * Only the bot's actions move the timeline: a change auto scaling made on its own in the span is
 * not seen, which is why the reply says "≈".
 */
import { instancePrice, PRICE_TABLE_DATE, PRICE_TABLE_REGION } from '../rightsize/instance-prices.js';
import { money, moneyChange } from './money-text.js';

const HOUR_MS = 3_600_000;

export interface BurnSpan {
  start: Date;
  end: Date;
}

/** A variant as DescribeEndpoint shows it now. */
export interface VariantNow {
  variant: string;
  instanceType?: string;
  count: number;
}

/** One of the bot's scale actions that went through (scale, undo, revert), at the time of its AWS call. */
export interface CapacityChange {
  at: Date;
  variant: string;
  from: number;
  to: number;
}

export interface VariantBurn {
  variant: string;
  instanceType?: string;
  /** Undefined when the shipped table has no price for the type. */
  hourlyUsd?: number;
  countAtStart: number;
  countAtEnd: number;
  instanceHours: number;
  /** Instance-hours above (or, negative, below) the count at the start: what the scale actions did. */
  addedInstanceHours: number;
}

export interface IncidentBurn {
  span: BurnSpan;
  variants: VariantBurn[];
  /** Undefined when a variant has no price. */
  costUsd?: number;
  addedUsd?: number;
  /** Per hour, from the end on, while the count stays where the actions left it. */
  stillAddingUsdPerHour?: number;
}

/** `changes` may run past the span's end (actions after the resolve): they tell the count at the end. */
export function incidentBurn(span: BurnSpan, variants: readonly VariantNow[], changes: readonly CapacityChange[]): IncidentBurn {
  const startMs = span.start.getTime();
  const endMs = Math.max(startMs, span.end.getTime());
  const burns = variants.map((now): VariantBurn => {
    const mine = changes.filter((change) => change.variant === now.variant).sort((a, b) => a.at.getTime() - b.at.getTime());
    const inSpan = mine.filter((change) => change.at.getTime() >= startMs && change.at.getTime() < endMs);
    const countAtEnd = mine.find((change) => change.at.getTime() >= endMs)?.from ?? now.count;
    const countAtStart = inSpan[0]?.from ?? countAtEnd;
    let instanceHours = 0;
    let addedInstanceHours = 0;
    let count = countAtStart;
    let from = startMs;
    for (const change of [...inSpan, undefined]) {
      const until = change?.at.getTime() ?? endMs;
      const hours = (until - from) / HOUR_MS;
      instanceHours += count * hours;
      addedInstanceHours += (count - countAtStart) * hours;
      if (change !== undefined) {
        count = change.to;
        from = until;
      }
    }
    const hourlyUsd = now.instanceType === undefined ? undefined : instancePrice(now.instanceType)?.hourlyUsd;
    return { variant: now.variant, ...(now.instanceType === undefined ? {} : { instanceType: now.instanceType }), ...(hourlyUsd === undefined ? {} : { hourlyUsd }), countAtStart, countAtEnd, instanceHours, addedInstanceHours };
  });
  const priced = burns.every((burn) => burn.hourlyUsd !== undefined);
  const sum = (of: (burn: VariantBurn) => number) => burns.reduce((total, burn) => total + of(burn), 0);
  const stillAdding = sum((burn) => (burn.countAtEnd - burn.countAtStart) * (burn.hourlyUsd ?? 0));
  return {
    span: { start: span.start, end: new Date(endMs) },
    variants: burns,
    ...(priced
      ? {
          costUsd: sum((burn) => burn.instanceHours * burn.hourlyUsd!),
          addedUsd: sum((burn) => burn.addedInstanceHours * burn.hourlyUsd!),
          ...(Math.abs(stillAdding) >= 0.005 ? { stillAddingUsdPerHour: stillAdding } : {}),
        }
      : {}),
  };
}

/**
 * "💸 During these 14 min fraud-detector cost ≈ $1.23 (2 × ml.m5.xlarge); scaling added ≈ $0.40
 * (+$0.46/h while it stays at 4)." — one thread reply, Slack mrkdwn (the endpoint name is the
 * caller's to escape).
 */
export function burnText(endpoint: string, burn: IncidentBurn): string {
  const minutes = durationText(burn.span.end.getTime() - burn.span.start.getTime());
  const fleet = burn.variants.map(fleetText).join(' + ');
  const scaled = burn.variants.some((variant) => variant.countAtStart !== variant.countAtEnd || Math.abs(variant.addedInstanceHours) > 1e-9);
  if (burn.costUsd === undefined || burn.addedUsd === undefined) {
    const unpriced = burn.variants.filter((variant) => variant.hourlyUsd === undefined).map((variant) => variant.instanceType ?? `${variant.variant} (serverless or unknown type)`);
    const hours = burn.variants.reduce((total, variant) => total + variant.instanceHours, 0);
    return `💸 During these ${minutes} ${endpoint} ran ≈ ${hours.toFixed(1)} instance-hours (${fleet}); no cost: the shipped price table has no price for ${unpriced.join(', ')}.`;
  }
  const scaling = !scaled
    ? ''
    : `; scaling ${burn.addedUsd >= 0 ? 'added' : 'saved'} ≈ ${money(Math.abs(burn.addedUsd))}${burn.stillAddingUsdPerHour === undefined ? '' : ` (${moneyChange(burn.stillAddingUsdPerHour)}/h while it stays scaled)`}`;
  return `💸 During these ${minutes} ${endpoint} cost ≈ ${money(burn.costUsd)} (${fleet})${scaling}. _On-demand list prices of ${PRICE_TABLE_DATE} (${PRICE_TABLE_REGION}); scaling AWS did on its own is not counted._`;
}

/** `2 × ml.m5.xlarge`, `2 → 4 × ml.c5.xlarge`, `canary: 1 × ml.g5.xlarge`. */
function fleetText(variant: VariantBurn): string {
  const counts = variant.countAtStart === variant.countAtEnd ? `${variant.countAtStart}` : `${variant.countAtStart} → ${variant.countAtEnd}`;
  const named = variant.variant === 'AllTraffic' ? '' : `${variant.variant}: `;
  return `${named}${counts} × ${variant.instanceType ?? 'instances'}`;
}

function durationText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

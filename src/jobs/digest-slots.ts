import { Cron } from 'croner';

/**
 * When a digest is due: its cron schedule read in its time zone. A "slot" is one instant the
 * schedule names (09:00 Europe/Berlin on a given day, as a UTC instant); it keys the durable
 * record of the run, so every replica computes the same one.
 *
 * Daylight saving is croner's: a time skipped by the spring change runs at the first instant
 * after the gap (02:30 → 03:00), a time repeated in autumn runs once, at its first occurrence.
 */
export interface DigestSchedule {
  /** Five-field cron, validated when the config was loaded. */
  schedule: string;
  /** IANA zone. */
  timeZone: string;
}

function cronOf(digest: DigestSchedule): Cron {
  return new Cron(digest.schedule, { timezone: digest.timeZone, paused: true });
}

/** The latest slot at or before `now`, however long ago; undefined when the schedule never ran before. */
export function latestSlot(digest: DigestSchedule, now: Date): Date | undefined {
  // previousRuns is strictly before its reference: one millisecond on includes a slot at `now` itself.
  return cronOf(digest).previousRuns(1, new Date(now.getTime() + 1))[0];
}

/**
 * The slot to post now: the latest one at or before `now`, if it is within `catchUpMs` — a bot
 * that was down over several slots posts only the most recent one, and a long-gone one not at all.
 */
export function dueSlot(digest: DigestSchedule, now: Date, catchUpMs: number): Date | undefined {
  const slot = latestSlot(digest, now);
  return slot !== undefined && now.getTime() - slot.getTime() <= catchUpMs ? slot : undefined;
}

/** The first slot after `now`. */
export function nextSlot(digest: DigestSchedule, now: Date): Date | undefined {
  return cronOf(digest).nextRun(now) ?? undefined;
}

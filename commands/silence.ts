import { defineCommand } from '../src/command/command-definition.js';
import { UsageError, UserFacingError } from '../src/command/command-errors.js';
import { formatDuration, parseDuration } from '../src/config/duration.js';
import { actionOutcomeReply, commandActionRequest, incidentNumberProblem } from '../src/incidents/incident-action-replies.js';

const DEFAULT_MS = 3_600_000;
/** Longer than a week is forgetting an incident, not silencing it: resolve it instead. */
const LONGEST_MS = 7 * 24 * 3_600_000;

export default defineCommand({
  name: 'silence',
  summary: 'no thread replies or reminders for an incident for a while (default 1h, at most 7d)',
  positionals: [
    { name: 'incident', description: 'the incident number, e.g. 12 or #12', required: true, validate: incidentNumberProblem },
    // The parent's console hint reads `silence 12 1h`; `--for 1h` says the same.
    { name: 'duration', description: 'how long, e.g. 30m, 2h (same as --for)', validate: durationProblem },
  ],
  // The terminal asks before acting (or takes --yes); in Slack the desk checks permissions. Audited either way.
  mutates: true,
  options: { for: { type: 'string', valueName: 'DURATION', description: 'how long, e.g. 30m, 2h, 1d (default 1h, at most 7d)', validate: durationProblem } },
  examples: ['silence 12', 'silence 12 --for 30m', 'silence #12 2h'],

  async run(ctx, { incident, duration, for: forText }) {
    const desk = ctx.ports.incidents;
    if (!desk) throw new UserFacingError('incidents are not available here: this bot has no incident store connected');
    if (duration !== undefined && forText !== undefined && parseDuration(duration) !== parseDuration(forText)) {
      throw new UsageError(`two different durations (${duration} and --for ${forText}): give one`);
    }
    const ms = parseDuration(forText ?? duration ?? '') ?? DEFAULT_MS;
    const until = new Date(ctx.now.getTime() + ms);
    const outcome = await desk.act(commandActionRequest(ctx.invoker, incident, 'silence', { until }));
    return actionOutcomeReply(outcome, 'silence', ctx.now);
  },
});

function durationProblem(value: string): string | undefined {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) return 'is not a duration: write it like 30m, 2h or 1d';
  if (ms > LONGEST_MS) return `is longer than ${formatDuration(LONGEST_MS)}: resolve the incident instead, or silence it again later`;
  return undefined;
}

import type { AwsScope } from '../src/aws/aws-clients.js';
import { endpointNameProblem } from '../src/command/aws-names.js';
import { defineCommand } from '../src/command/command-definition.js';
import { UsageError, UserFacingError } from '../src/command/command-errors.js';
import { parseDuration } from '../src/config/duration.js';
import { scaleAskReply, scaleRefusal, scheduledReply, schedulesReply } from '../src/scaling/scale-replies.js';
import { parseScheduleTime } from '../src/scaling/schedule-time.js';

const LONGEST_FOR_MS = 7 * 24 * 3_600_000;

// `mutates`: on the console the prompt (or --yes) is the confirmation and it acts at once; in
// Slack the request message's Confirm button is, and a production endpoint waits for a second person.
export default defineCommand({
  name: 'scale',
  summary: 'change an endpoint instance count now (with Confirm, Undo and --for), on a schedule, or list its schedules',
  positionals: [
    { name: 'endpoint', description: 'the SageMaker endpoint', required: true, validate: endpointNameProblem },
    { name: 'count', description: 'instances wanted, or `schedules` to list scheduled scaling', required: true, validate: countProblem },
    { name: 'when', description: '`at <time> [until <time>]`: schedule it instead (`14:45`, `tomorrow 08:45`, ISO)', rest: true },
  ],
  options: {
    variant: { type: 'string', valueName: 'VARIANT', description: 'the production variant (default: the only one)' },
    for: { type: 'string', valueName: 'DURATION', description: 'revert by itself after this long, e.g. 2h', validate: forProblem },
  },
  awsScoped: true,
  mutates: true,
  examples: ['scale fraud-detector 4', 'scale fraud-detector 4 --for 2h', 'scale fraud-detector 6 at tomorrow 08:45 until tomorrow 12:00', 'scale fraud-detector schedules'],

  async run(ctx, { endpoint, count, when, variant, for: forText }) {
    const scope: AwsScope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };
    const actor = { id: ctx.invoker.userId, ...(ctx.invoker.userName === undefined ? {} : { name: ctx.invoker.userName }) };
    const where = { surface: ctx.invoker.surface, ...(ctx.invoker.channelId === undefined ? {} : { channelId: ctx.invoker.channelId }), scope };

    if (count === 'schedules') {
      const schedules = ctx.ports.scaleSchedules;
      if (!schedules) throw new UserFacingError('scheduled scaling is not available: this bot has no Application Auto Scaling connection');
      if (when !== undefined || forText !== undefined) throw new UsageError('`scale <endpoint> schedules` takes nothing more');
      return schedulesReply(endpoint, ctx.region, ctx.account, await schedules.list(endpoint, scope));
    }

    const instances = Number(count);
    if (when !== undefined) {
      const schedules = ctx.ports.scaleSchedules;
      if (!schedules) throw new UserFacingError('scheduled scaling is not available: this bot has no Application Auto Scaling connection');
      if (forText !== undefined) throw new UsageError('`--for` is for scaling now; a schedule ends with `until <time>`');
      const times = parseWhen(when, schedules.timeZone, ctx.now);
      const outcome = await schedules.schedule({ endpoint, ...(variant === undefined ? {} : { variant }), count: instances, ...times, actor, ...where });
      return outcome.kind === 'refused' ? scaleRefusal(endpoint, outcome.reason) : scheduledReply(endpoint, outcome);
    }

    const desk = ctx.ports.scaling;
    if (!desk) throw new UserFacingError('scaling is not available here: this bot has no database or AWS connection for it');
    const forMs = forText === undefined ? undefined : parseDuration(forText);
    const outcome = await desk.ask({ endpoint, ...(variant === undefined ? {} : { variant }), count: instances, ...(forMs === undefined ? {} : { forMs }), actor, ...where });
    return outcome.kind === 'refused' ? scaleRefusal(endpoint, outcome.reason) : scaleAskReply(outcome, instances);
  },
});

function countProblem(value: string): string | undefined {
  if (value === 'schedules') return undefined;
  return /^\d{1,3}$/.test(value) && Number(value) >= 1 ? undefined : `"${value}" is not an instance count: give a whole number like 4 (or \`schedules\`)`;
}

function forProblem(value: string): string | undefined {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) return `"${value}" is not a duration: use e.g. 30m, 2h, 1d`;
  return ms > LONGEST_FOR_MS ? `--for is at most 7d (got ${value}); for longer, change the endpoint's settings` : undefined;
}

/** `at <time> [until <time>]`, times read in the configured zone. */
function parseWhen(text: string, timeZone: string, now: Date): { at: Date; until?: Date } {
  const match = /^at\s+(.+?)(?:\s+until\s+(.+))?$/i.exec(text.trim());
  if (!match) throw new UsageError(`"${text}" is not a schedule: write \`at <time>\` or \`at <time> until <time>\` (options go before \`at\`)`);
  if (/\s--/.test(` ${text}`)) throw new UsageError('options go before `at`: `scale <endpoint> <count> --variant V at <time>`');
  const at = parseScheduleTime(match[1]!, timeZone, now);
  if (!at.ok) throw new UsageError(`at: ${at.reason} (times are read in ${timeZone})`);
  if (match[2] === undefined) return { at: at.at };
  const until = parseScheduleTime(match[2], timeZone, now);
  if (!until.ok) throw new UsageError(`until: ${until.reason} (times are read in ${timeZone})`);
  return { at: at.at, until: until.at };
}

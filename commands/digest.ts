import { defineCommand, type CommandContext } from '../src/command/command-definition.js';
import { UsageError } from '../src/command/command-errors.js';
import { configuredDigests, type NamedDigestSchedule } from '../src/config/config.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { composeDigest } from '../src/digest/compose-digest.js';
import { note, type Reply } from '../src/reply/reply.js';

const MANUAL_INTERVAL_TEXT = '10 minutes';

/**
 * `digest` shows the digest to whoever asked, privately: a preview must not become a way around
 * the schedule and the rate limit, and the channel already gets it every morning. `digest --now`
 * posts it to the digest's channel through the Slack outbox — anyone may (it only posts what
 * everyone there sees daily anyway), at most once per channel every 10 minutes.
 */
export default defineCommand({
  name: 'digest',
  summary: "the daily cost digest: yesterday's spend, 30-day trend, top services and projects, budget, zombies, open incidents",
  positionals: [],
  options: {
    now: { type: 'boolean', description: "post it to the digest's channel now (at most once per channel every 10 minutes)" },
    name: { type: 'string', valueName: 'NAME', description: 'which digest, when `digest.also` configures several (default: daily)' },
  },
  examples: ['digest', 'digest --now', 'digest --name us-team --now'],

  async run(ctx, { now, name }): Promise<Reply> {
    const digest = digestNamed(ctx, name);
    const reply = await composeDigest(ctx.ports, digest, { now: ctx.now, region: ctx.config.aws.defaultRegion, charts: ctx.config.charts, log: ctx.log });
    if (!now) {
      return { ...reply, visibility: 'private', context: `${reply.context} · a preview for you: \`digest --now\` posts it to ${digest.channel}` };
    }

    const posts = ctx.ports.digests;
    if (!posts) {
      return { ...reply, visibility: 'private', parts: [note('info', `No Slack connection here: the digest is shown, not posted to ${digest.channel}.`), ...reply.parts] };
    }
    const outcome = await posts.postNow(digest, reply, ctx.invoker.userId, ctx.now);
    if (outcome.kind === 'too-soon') {
      const by = outcome.lastBy === undefined ? '' : ` by ${outcome.lastBy.startsWith('console:') ? outcome.lastBy.slice('console:'.length) : `<@${outcome.lastBy}>`}`;
      const minutes = Math.max(1, Math.round((ctx.now.getTime() - outcome.lastAt.getTime()) / 60_000));
      const line =
        `A digest was posted to ${outcome.channel} ${minutes} min ago${by}; it can be posted there at most once every ${MANUAL_INTERVAL_TEXT}. ` +
        `Try again after ${timeText(outcome.nextAt)}, or run \`digest\` to see it yourself now.`;
      return { heading: 'Digest not posted', parts: [note('warning', line)], visibility: 'private', tone: 'warning', summary: line };
    }
    const line = `The ${digest.name} digest is on its way to ${outcome.channel}.`;
    return { heading: 'Digest posted', parts: [note('ok', line)], visibility: 'private', tone: 'ok', summary: line };
  },
});

function digestNamed(ctx: CommandContext, name: string | undefined): NamedDigestSchedule {
  const digests = configuredDigests(ctx.config.digest);
  if (name === undefined) return digests[0]!;
  const found = digests.find((digest) => digest.name === name);
  if (found) return found;
  const names = digests.map((digest) => digest.name);
  const suggestion = didYouMean(name, names);
  throw new UsageError(`no digest named "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; configured: ${names.join(', ')}`);
}

/** `10:15 UTC`: the rate limit is shared by people in any time zone. */
function timeText(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

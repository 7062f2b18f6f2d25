import type { AwsScope } from '../src/aws/aws-clients.js';
import type { EndpointCapacity } from '../src/aws/ports/endpoint-capacity.js';
import { mergeTimeline, timelineTable, type TimelineItem } from '../src/audit/audit-timeline.js';
import { endpointNameProblem } from '../src/command/aws-names.js';
import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { count } from '../src/reply/quantity-text.js';
import { fields, note, table, text, type Reply, type ReplyPart } from '../src/reply/reply.js';

/** Names listed in a "no endpoint named …" answer before "… N more". */
const MAX_KNOWN_LISTED = 20;
/** The bot's own entries read per answer: far more than an endpoint sees in 90 days. */
const MAX_BOT_ENTRIES = 500;

export default defineCommand({
  name: 'audit',
  summary: "who changed an endpoint: the bot's own actions and CloudTrail's events, newest first",
  positionals: [{ name: 'endpoint', description: 'SageMaker endpoint name', required: true, validate: endpointNameProblem }],
  options: {},
  timeRange: { defaultSince: '7d', longest: '90d', longestReason: 'CloudTrail LookupEvents keeps 90 days' },
  awsScoped: true,
  examples: ['audit fraud-detector', 'audit recsys-ranker --since 30d', 'audit fraud-detector --from 2026-11-22 --to 2026-11-23'],

  async run(ctx, { endpoint }): Promise<Reply> {
    const capacity = ctx.ports.endpointCapacity;
    if (!capacity) throw new UserFacingError('audit is not available: this bot has no SageMaker connection configured');
    const scope: AwsScope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };

    // Fetch: the endpoint (exists? which variants?), the bot's log, CloudTrail for the endpoint and its scalable targets.
    const description = await capacity.describe(endpoint, scope);
    if (!description) throw await unknownEndpoint(capacity, endpoint, scope);
    // The range's end is included: an action taken this very moment belongs in "the last 7 days".
    const until = new Date(ctx.range.end.getTime() + 1);
    const entries = await ctx.ports.audit.list({ target: `endpoint/${endpoint}`, since: ctx.range.start, until, limit: MAX_BOT_ENTRIES });
    // Application Auto Scaling names a variant's target `endpoint/<name>/variant/<variant>`.
    const resourceNames = [endpoint, ...description.variants.map((v) => `endpoint/${endpoint}/variant/${v.variant}`)];
    const trail = ctx.ports.changeHistory ? await ctx.ports.changeHistory.changesTo(resourceNames, ctx.range, scope) : undefined;

    // Compute.
    const timeline = mergeTimeline(entries, trail?.changes ?? []);

    // Answer.
    const heading = `Changes to ${endpoint}`;
    const context = `${ctx.region}${ctx.account ? ` · ${ctx.account}` : ''} · ${ctx.range.description}`;
    const noTrail = trail ? [] : [note('warning', 'CloudTrail is not connected: only the bot’s own actions are shown.')];
    if (timeline.length === 0) {
      const line = `Nothing changed ${endpoint} in ${rangeWords(ctx.range.description)}.`;
      return { heading, context, parts: [note('info', line), ...noTrail], visibility: 'channel', tone: 'info', summary: line };
    }
    const parts: ReplyPart[] = [
      ...noTrail,
      fields(countFields(timeline)),
      table(timelineTable(timeline)),
      text(
        `_"mlobs + CloudTrail": the bot's action and the AWS call it made (same API within 2 min), shown once. CloudTrail rows are looked up by resource name: ${resourceNames.map((n) => `\`${n}\``).join(', ')}._`,
      ),
    ];
    if (trail?.truncated) parts.push(note('warning', 'CloudTrail had more events than one answer reads: narrow the range with --since or --from/--to.'));
    const newest = timeline[0]!;
    return { heading, context, parts, visibility: 'channel', tone: 'info', summary: `${count(timeline.length)} changes to ${endpoint} in ${rangeWords(ctx.range.description)}; latest ${newest.at.toISOString().slice(0, 16).replace('T', ' ')} UTC` };
  },
});

function countFields(timeline: readonly TimelineItem[]): { label: string; value: string }[] {
  const bot = timeline.filter((item) => item.bot).length;
  const trailOnly = timeline.filter((item) => !item.bot).length;
  return [
    { label: 'Changes', value: count(timeline.length) },
    { label: 'Through mlobs', value: count(bot) },
    { label: 'Elsewhere (CloudTrail)', value: count(trailOnly) },
  ];
}


async function unknownEndpoint(capacity: EndpointCapacity, endpoint: string, scope: AwsScope): Promise<UserFacingError> {
  const known = await capacity.knownEndpoints(scope);
  const hint = didYouMean(endpoint, known);
  const listed = known.length === 0 ? 'none' : known.slice(0, MAX_KNOWN_LISTED).join(', ') + (known.length > MAX_KNOWN_LISTED ? `, … ${known.length - MAX_KNOWN_LISTED} more` : '');
  return new UserFacingError(`no endpoint named "${endpoint}" in ${scope.region} (known: ${listed})${hint ? `. Did you mean \`${hint}\`?` : ''}`);
}

/** "last 7d (…)" → "the last 7 days (…)"; an absolute range → "the range …". */
function rangeWords(description: string): string {
  const relative = /^last (\d+)([dh]) /.exec(description);
  if (!relative) return description.startsWith('last ') ? `the ${description}` : `the range ${description}`;
  const amount = Number(relative[1]);
  const unit = relative[2] === 'd' ? 'day' : 'hour';
  return `the last ${amount === 1 ? unit : `${amount} ${unit}s`} ${description.slice(relative[0].length)}`;
}

import type { AwsScope } from '../src/aws/aws-clients.js';
import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { money } from '../src/cost/money-text.js';
import { count } from '../src/reply/quantity-text.js';
import { fields, note, table, text, type Reply, type ReplyPart } from '../src/reply/reply.js';
import { priceTableNote } from '../src/rightsize/instance-prices.js';
import { orderAssessments, reasonLine, rightsizeTable } from '../src/rightsize/rightsize-report.js';
import { THRESHOLDS, assessVariant } from '../src/rightsize/rightsize-rules.js';

/** Reason lines under the table; the table already has every row. */
const MAX_REASON_LINES = 10;

export default defineCommand({
  name: 'rightsize',
  summary: 'instance type, count and p95 CPU/memory/GPU of every endpoint, with a smaller or larger fit, the monthly saving and the zombies',
  positionals: [],
  options: {},
  timeRange: { defaultSince: '14d', longest: '63d' },
  awsScoped: true,
  examples: ['rightsize', 'rightsize --since 30d', 'rightsize --account prod'],

  async run(ctx): Promise<Reply> {
    const capacity = ctx.ports.endpointCapacity;
    if (!capacity) throw new UserFacingError('rightsize is not available: this bot has no SageMaker connection configured');
    const scope: AwsScope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };

    // Fetch: what runs (SageMaker), then how hard it worked (one GetMetricData for all variants).
    const endpoints = await capacity.describeAll(scope);
    const variants = endpoints.flatMap((endpoint) => endpoint.variants);
    const usage = await capacity.utilisation(variants, ctx.range, scope);

    // Compute.
    const windowHours = (ctx.range.end.getTime() - ctx.range.start.getTime()) / 3_600_000;
    const assessments = orderAssessments(variants.map((variant, i) => assessVariant(variant, usage[i], windowHours)));
    const zombies = assessments.filter((a) => a.recommendation.kind === 'zombie');
    const saving = assessments.reduce((sum, a) => sum + Math.max(0, a.monthlySavingUsd), 0);
    const extra = assessments.reduce((sum, a) => sum + Math.max(0, -a.monthlySavingUsd), 0);

    // Answer.
    const heading = 'Rightsizing SageMaker endpoints';
    const context = `${ctx.region}${ctx.account ? ` · ${ctx.account}` : ''} · ${ctx.range.description}`;
    if (assessments.length === 0) {
      const line = `No SageMaker endpoints in ${ctx.region}${ctx.account ? ` (${ctx.account})` : ''}: nothing to rightsize.`;
      return { heading, context, parts: [note('info', line)], visibility: 'channel', tone: 'info', summary: line };
    }
    const parts: ReplyPart[] = [];
    if (zombies.length > 0) {
      parts.push(note('problem', `${count(zombies.length)} zombie endpoint${zombies.length === 1 ? '' : 's'} (no invocations in the range, instances running): ${zombies.map((z) => z.variant === 'AllTraffic' ? z.endpoint : `${z.endpoint}/${z.variant}`).join(', ')}`));
    }
    parts.push(
      fields([
        { label: 'Endpoint variants', value: count(assessments.length) },
        { label: 'Possible saving', value: `${money(saving)} a month` },
        ...(extra > 0 ? [{ label: 'Growing the saturated', value: `+${money(extra)} a month` }] : []),
      ]),
      table(rightsizeTable(assessments)),
    );
    const reasons = assessments.map(reasonLine).filter((line): line is string => line !== undefined);
    if (reasons.length > 0) parts.push(text(reasons.slice(0, MAX_REASON_LINES).join('\n') + (reasons.length > MAX_REASON_LINES ? `\n… ${reasons.length - MAX_REASON_LINES} more` : '')));
    parts.push(text(`_${rulesNote()} ${priceTableNote()}_`));

    const summary = `${zombies.length > 0 ? `${zombies.length} zombie${zombies.length === 1 ? '' : 's'}; ` : ''}possible saving ${money(saving)} a month over ${assessments.length} endpoint variants in ${ctx.region}`;
    return { heading, context, parts, visibility: 'channel', tone: zombies.length > 0 || saving > 0 ? 'warning' : 'ok', summary };
  },
});

function rulesNote(): string {
  const { idle, saturated } = THRESHOLDS;
  return `Idle: p95 CPU < ${idle.cpuPercent}%, memory < ${idle.memoryPercent}%, GPU < ${idle.gpuPercent}% → fewer instances or one size smaller; saturated: any above ${saturated.cpuPercent}% → more or larger. CPU and GPU are shares of all vCPUs/GPUs.`;
}

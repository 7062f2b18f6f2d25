import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import type { AlarmStatus } from '../src/aws/ports/alarms.js';
import { describeBreach, type AlarmState } from '../src/incidents/alarm-notification/index.js';
import { completeTransition } from '../src/incidents/alarm-notification/alarm-draft.js';
import { alarmConsoleUrl } from '../src/incidents/console-links.js';
import { clockText, sinceText } from '../src/incidents/duration-text.js';
import { count } from '../src/reply/quantity-text.js';
import { fields, note, text, type Reply, type ReplyPart } from '../src/reply/reply.js';

const STATES: readonly AlarmState[] = ['ALARM', 'INSUFFICIENT_DATA', 'OK'];
const STATE_TITLES: Record<AlarmState, string> = { ALARM: 'In ALARM', INSUFFICIENT_DATA: 'Insufficient data', OK: 'OK' };
/** A storm of alarms must still fit one Slack message (about 13,000 characters in all). */
const MAX_LINES_PER_STATE = 20;
const MAX_CHARACTERS_PER_STATE = 2_500;

export default defineCommand({
  name: 'alarms',
  summary: 'CloudWatch alarms by state: why each fired, since when, with a link',
  positionals: [],
  options: {
    state: { type: 'string', valueName: 'ALARM|OK|INSUFFICIENT_DATA', description: 'only alarms in this state', validate: stateProblem },
    prefix: { type: 'string', valueName: 'P', description: 'only alarms whose name starts with P', validate: prefixProblem },
  },
  awsScoped: true,
  examples: ['alarms', 'alarms --state ALARM', 'alarms --prefix fraud-'],

  async run(ctx, { state: stateText, prefix }): Promise<Reply> {
    const alarmsPort = ctx.ports.alarms;
    if (!alarmsPort) throw new UserFacingError('alarms are not available: this bot has no CloudWatch connection configured');
    const state = stateText === undefined ? undefined : (stateText.toUpperCase() as AlarmState);
    const scope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };

    const alarms = await alarmsPort.list({ ...(state ? { state } : {}), ...(prefix ? { namePrefix: prefix } : {}) }, scope);

    const heading = `Alarms${state ? ` in ${state}` : ''}${prefix ? ` starting with "${prefix}"` : ''}`;
    const context = `${ctx.region} · now (${clockText(ctx.now)})`;
    if (alarms.length === 0) {
      const which = `${state ? `in ${state} ` : ''}${prefix ? `starting with "${prefix}" ` : ''}`;
      return { heading, context, parts: [note('info', `No alarms ${which}in ${ctx.region}.`)], visibility: 'channel', tone: 'info', summary: `No alarms ${which}in ${ctx.region}` };
    }

    const byState = groupByState(alarms);
    const parts: ReplyPart[] = [];
    if (!state) parts.push(fields(STATES.map((s) => ({ label: STATE_TITLES[s], value: count(byState[s].length) }))));
    for (const s of STATES) {
      if (byState[s].length > 0) parts.push(text(stateSection(s, byState[s], ctx.region, ctx.now)));
    }
    const firing = byState.ALARM;
    return {
      heading,
      context,
      parts,
      visibility: 'channel',
      tone: firing.length > 0 ? 'problem' : 'ok',
      summary: firing.length > 0 ? `${firing.length} in ALARM in ${ctx.region}: ${firing.slice(0, 5).map((a) => a.name).join(', ')}${firing.length > 5 ? '…' : ''}` : `${alarms.length} alarms, none in ALARM, in ${ctx.region}`,
    };
  },
});

function stateProblem(value: string): string | undefined {
  return STATES.includes(value.toUpperCase() as AlarmState) ? undefined : 'must be ALARM, OK or INSUFFICIENT_DATA';
}

function prefixProblem(value: string): string | undefined {
  // DescribeAlarms takes prefixes of 1–255 characters.
  return value.length > 255 ? 'is longer than an alarm name can be (255 characters)' : undefined;
}

/** Each state's alarms, the most recent change first. */
function groupByState(alarms: readonly AlarmStatus[]): Record<AlarmState, AlarmStatus[]> {
  const groups: Record<AlarmState, AlarmStatus[]> = { ALARM: [], INSUFFICIENT_DATA: [], OK: [] };
  for (const alarm of alarms) groups[alarm.state].push(alarm);
  for (const group of Object.values(groups)) group.sort((a, b) => b.since.getTime() - a.since.getTime() || a.name.localeCompare(b.name));
  return groups;
}

function stateSection(state: AlarmState, alarms: readonly AlarmStatus[], region: string, now: Date): string {
  const lines: string[] = [];
  let length = 0;
  for (const alarm of alarms.slice(0, MAX_LINES_PER_STATE)) {
    const line = `• <${alarmConsoleUrl(region, alarm.name)}|${alarm.name}> ${sinceText(alarm.since, now)}: ${reasonInWords(alarm)}${alarm.actionsEnabled ? '' : ' _(actions disabled)_'}`;
    if (lines.length > 0 && length + line.length > MAX_CHARACTERS_PER_STATE) break;
    lines.push(line);
    length += line.length + 1;
  }
  // The count of what is left out goes in the title: a renderer cutting a long text cuts its end.
  const hidden = alarms.length - lines.length;
  const title = `*${STATE_TITLES[state]} (${count(alarms.length)})*${hidden > 0 ? ` — the ${lines.length} most recent; ${count(hidden)} more not shown (narrow with --prefix)` : ''}`;
  return `${title}\n${lines.join('\n')}`;
}

/** The state reason as the incident threads word it: `p99 Duration 3 s > 2.5 s for 3 of 3 datapoints`. */
function reasonInWords(alarm: AlarmStatus): string {
  const completed = completeTransition({
    kind: alarm.kind,
    source: 'sns-cloudwatch',
    alarmName: alarm.name,
    alarmArn: alarm.arn,
    newState: alarm.state,
    oldState: undefined,
    reason: alarm.reason,
    reasonData: alarm.reasonData,
    times: [alarm.since.toISOString()],
    ...(alarm.metric ? { metric: alarm.metric } : {}),
    ...(alarm.metrics ? { metrics: alarm.metrics } : {}),
    ...(alarm.threshold ? { threshold: alarm.threshold } : {}),
    ...(alarm.kind === 'composite' ? { composite: { rule: alarm.rule ?? '', triggeringChildren: [] } } : {}),
  });
  return completed.ok ? describeBreach(completed.transition) : alarm.reason || alarm.state;
}

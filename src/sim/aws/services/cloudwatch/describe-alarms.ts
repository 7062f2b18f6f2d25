import type { Fleet, SimCompositeAlarm, SimMetricAlarm, SimMetricMathAlarm } from '../../../fleet/index.js';
import { describeCompositeAlarm, describeMetricAlarm } from './alarm-descriptions.js';
import { AlarmStatusReader } from './alarm-status-reader.js';
import { ruleChildren } from './alarm-timelines.js';
import { enumValue, type Input, integerInRange, invalidCombination, optionalString, stringList, validationError } from './cloudwatch-input.js';
import { alarmTypeOf, type AlarmEntry, type AlarmType, type CloudWatchState } from './cloudwatch-state.js';
import { decodeNextToken, encodeNextToken, requestFingerprint } from './next-token.js';

/**
 * DescribeAlarms: the scenario's alarms and those put through the API, by name, with their
 * current state. As in AWS, omitting AlarmTypes returns metric alarms only; MaxRecords is 1–100
 * (default 50); ChildrenOfAlarmName / ParentsOfAlarmName exclude every other filter.
 */
const ALARM_TYPES = ['CompositeAlarm', 'MetricAlarm'] as const;
const STATE_VALUES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

export function describeAlarms(input: Input, state: CloudWatchState, fleet: Fleet, now: Date) {
  const names = stringList(input, 'AlarmNames', 'alarmNames', 100);
  const prefix = optionalString(input, 'AlarmNamePrefix');
  const types = (stringList(input, 'AlarmTypes') ?? []).map((type, i) => enumValue(type, ALARM_TYPES, `alarmTypes.${i + 1}.member`) as AlarmType);
  const childrenOf = optionalString(input, 'ChildrenOfAlarmName');
  const parentsOf = optionalString(input, 'ParentsOfAlarmName');
  const stateValue = enumValue(optionalString(input, 'StateValue'), STATE_VALUES, 'stateValue');
  const actionPrefix = optionalString(input, 'ActionPrefix');
  const maxRecords = integerInRange(input, 'MaxRecords', 'maxRecords', 1, 100, 50);
  if (names && prefix !== undefined) throw invalidCombination('AlarmNames and AlarmNamePrefix cannot be specified together.');
  const relative = childrenOf ?? parentsOf;
  if (childrenOf !== undefined && parentsOf !== undefined) throw validationError('ChildrenOfAlarmName and ParentsOfAlarmName cannot be specified together.');
  if (relative !== undefined && (names || prefix !== undefined || types.length > 0 || stateValue || actionPrefix !== undefined)) {
    throw validationError(`If you specify ${childrenOf !== undefined ? 'ChildrenOfAlarmName' : 'ParentsOfAlarmName'}, you cannot specify any other parameters in the request except for MaxRecords and NextToken.`);
  }

  const reader = new AlarmStatusReader(state, fleet, now);
  let selected = relative !== undefined ? relatives(state, childrenOf, parentsOf) : state.alarms();
  if (relative === undefined) {
    const wanted = types.length > 0 ? types : ['MetricAlarm'];
    selected = selected.filter(
      ({ definition }) =>
        wanted.includes(alarmTypeOf(definition)) &&
        (names === undefined || names.includes(definition.alarmName)) &&
        (prefix === undefined || definition.alarmName.startsWith(prefix)) &&
        (actionPrefix === undefined || [...definition.alarmActions, ...definition.okActions, ...definition.insufficientDataActions].some((arn) => arn.startsWith(actionPrefix))),
    );
    if (stateValue) selected = selected.filter((entry) => reader.value(entry) === stateValue);
  }

  const fingerprint = requestFingerprint({ names, prefix, types, childrenOf, parentsOf, stateValue, actionPrefix });
  const position = decodeNextToken(input.NextToken, fingerprint);
  const offset = typeof position === 'number' && position >= 0 ? position : 0;
  const page = selected.slice(offset, offset + maxRecords);
  return {
    MetricAlarms: page
      .filter((entry): entry is AlarmEntry & { definition: SimMetricAlarm | SimMetricMathAlarm } => entry.definition.kind !== 'composite')
      .map((entry) => describeMetricAlarm(entry, reader.status(entry))),
    CompositeAlarms: page
      .filter((entry): entry is AlarmEntry & { definition: SimCompositeAlarm } => entry.definition.kind === 'composite')
      .map((entry) => describeCompositeAlarm(entry, reader.status(entry))),
    ...(offset + maxRecords < selected.length && { NextToken: encodeNextToken(fingerprint, offset + maxRecords) }),
  };
}

/** The alarms a composite's rule names, or the composites whose rule names an alarm. */
function relatives(state: CloudWatchState, childrenOf: string | undefined, parentsOf: string | undefined): AlarmEntry[] {
  if (childrenOf !== undefined) {
    const parent = state.alarm(childrenOf);
    if (parent?.definition.kind !== 'composite') return [];
    const children = ruleChildren(parent.definition.alarmRule);
    return state.alarms().filter(({ definition }) => children.includes(definition.alarmName) || children.includes(definition.alarmArn));
  }
  const child = state.alarm(parentsOf ?? '');
  if (!child) return [];
  return state.alarms().filter(({ definition }) => {
    if (definition.kind !== 'composite') return false;
    const children = ruleChildren(definition.alarmRule);
    return children.includes(child.definition.alarmName) || children.includes(child.definition.alarmArn);
  });
}

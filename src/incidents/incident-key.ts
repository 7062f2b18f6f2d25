/**
 * The grouping key: alarms with the same key share one incident (and one thread).
 *
 * - `resource`: account + region + the watched resource (`123456789012/us-east-1/sagemaker:fraud-detector/AllTraffic`),
 *   so same-named endpoints in two accounts or regions never merge. An alarm on nothing the
 *   parser recognises is keyed by its own ARN, which already names account and region.
 * - `alarm`: the alarm ARN.
 * - `none`: the alarm ARN and the firing's `StateChangeTime` (`arn…@2026-11-23T14:07:12.345Z`):
 *   every firing is its own incident. Its later OK / INSUFFICIENT_DATA carries another time, so
 *   the caller finds the incident it belongs to as the newest open incident whose key starts
 *   with `firingKeyPrefix(alarmArn)`.
 */
import type { GroupBy } from '../config/config.js';
import type { AlarmTransition } from './alarm-notification/index.js';
import type { IncidentKey } from './incident.js';

export function incidentKey(transition: AlarmTransition, groupBy: GroupBy): IncidentKey {
  switch (groupBy) {
    case 'resource': {
      const resourceKey = transition.resource.key;
      if (resourceKey.startsWith('arn:')) return asIncidentKey(resourceKey);
      return asIncidentKey(`${transition.accountId}/${transition.region}/${resourceKey}`);
    }
    case 'alarm':
      return asIncidentKey(transition.alarmArn);
    case 'none':
      return asIncidentKey(`${firingKeyPrefix(transition.alarmArn)}${transition.changedAt.toISOString()}`);
  }
}

/** With `group_by: none`, the start of the keys of every firing of this alarm. */
export function firingKeyPrefix(alarmArn: string): string {
  return `${alarmArn}@`;
}

/** A key read back from the store or a button value. */
export function asIncidentKey(value: string): IncidentKey {
  return value as IncidentKey;
}

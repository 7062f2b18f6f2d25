/**
 * The small AWS vocabularies an alarm message is written in: alarm ARNs, region long names,
 * CloudWatch's `…+0000` timestamps, alarm states and statistic spellings.
 */
import type { AlarmState } from './alarm-transition.js';

const ALARM_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):cloudwatch:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):alarm:(.+)$/s;
const REGION_CODE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;

export interface AlarmArnParts {
  partition: string;
  region: string;
  accountId: string;
  alarmName: string;
}

export function parseAlarmArn(arn: string): AlarmArnParts | undefined {
  const match = ALARM_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', region = '', accountId = '', alarmName = ''] = match;
  return { partition, region, accountId, alarmName };
}

export function buildAlarmArn(region: string, accountId: string, alarmName: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
}

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

// CloudWatch writes the long name in `Region`; "EU (…)" in notifications, "Europe (…)" in newer consoles.
const REGION_NAMES: Record<string, string> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (N. California)': 'us-west-1',
  'US West (Oregon)': 'us-west-2',
  'Africa (Cape Town)': 'af-south-1',
  'Asia Pacific (Hong Kong)': 'ap-east-1',
  'Asia Pacific (Taipei)': 'ap-east-2',
  'Asia Pacific (Mumbai)': 'ap-south-1',
  'Asia Pacific (Hyderabad)': 'ap-south-2',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Asia Pacific (Seoul)': 'ap-northeast-2',
  'Asia Pacific (Osaka)': 'ap-northeast-3',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
  'Asia Pacific (Jakarta)': 'ap-southeast-3',
  'Asia Pacific (Melbourne)': 'ap-southeast-4',
  'Asia Pacific (Malaysia)': 'ap-southeast-5',
  'Asia Pacific (New Zealand)': 'ap-southeast-6',
  'Asia Pacific (Thailand)': 'ap-southeast-7',
  'Canada (Central)': 'ca-central-1',
  'Canada West (Calgary)': 'ca-west-1',
  'EU (Frankfurt)': 'eu-central-1',
  'EU (Zurich)': 'eu-central-2',
  'EU (Ireland)': 'eu-west-1',
  'EU (London)': 'eu-west-2',
  'EU (Paris)': 'eu-west-3',
  'EU (Milan)': 'eu-south-1',
  'EU (Spain)': 'eu-south-2',
  'EU (Stockholm)': 'eu-north-1',
  'Israel (Tel Aviv)': 'il-central-1',
  'Mexico (Central)': 'mx-central-1',
  'Middle East (Bahrain)': 'me-south-1',
  'Middle East (UAE)': 'me-central-1',
  'South America (Sao Paulo)': 'sa-east-1',
  'South America (São Paulo)': 'sa-east-1',
  'AWS GovCloud (US-East)': 'us-gov-east-1',
  'AWS GovCloud (US-West)': 'us-gov-west-1',
  'China (Beijing)': 'cn-north-1',
  'China (Ningxia)': 'cn-northwest-1',
};

/** `US East (N. Virginia)` → `us-east-1`; undefined for a name this table does not know. */
export function regionCodeFromName(name: string): string | undefined {
  const trimmed = name.trim().replace(/^Europe \(/, 'EU (');
  return Object.hasOwn(REGION_NAMES, trimmed) ? REGION_NAMES[trimmed] : undefined;
}

const STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

export function alarmState(value: unknown): AlarmState | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return STATES.find((state) => state === upper);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * CloudWatch writes `2026-11-23T14:07:12.345+0000` (no colon in the offset), which not every
 * Date parser takes; EventBridge and SNS write ordinary ISO 8601. Undefined if not a time.
 */
export function parseAwsTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const compact = value.replace(/\s+/g, '');
  if (!ISO_TIME.test(compact)) return undefined;
  const withColon = compact.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(withColon);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const STATISTICS: Record<string, string> = {
  AVERAGE: 'Average',
  SUM: 'Sum',
  MAXIMUM: 'Maximum',
  MINIMUM: 'Minimum',
  SAMPLECOUNT: 'SampleCount',
  SAMPLE_COUNT: 'SampleCount',
};

/**
 * SNS writes `AVERAGE`, `SAMPLE_COUNT`; the APIs write `Average`, `SampleCount`. Extended
 * statistics (`p99`, `tm99`, `TM(10%:90%)`, `IQM`) keep their spelling, except a bare `P99` → `p99`.
 */
export function normaliseStatistic(value: string): string {
  const trimmed = value.trim();
  const upper = trimmed.toUpperCase();
  if (Object.hasOwn(STATISTICS, upper)) return STATISTICS[upper] ?? trimmed;
  if (/^P\d+(\.\d+)?$/.test(trimmed)) return trimmed.toLowerCase();
  return trimmed;
}

/**
 * `--by service|tag:KEY` and `--filter service:NAME`: parsing, validation, and finding the
 * service a person means among the ones Cost Explorer names (`SageMaker` → `Amazon SageMaker`).
 */

export type CostGrouping = { kind: 'service' } | { kind: 'tag'; key: string };

/**
 * AWS tag keys: 1–128 Unicode letters, digits, spaces and `_ . : / = + - @`. Cost Explorer's
 * group keys put a `$` between key and value, which this rule keeps out of keys.
 */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const MAX_SERVICE_NAME = 1_024;

export function parseGrouping(text: string | undefined): CostGrouping {
  if (text === undefined || text.toLowerCase() === 'service') return { kind: 'service' };
  return { kind: 'tag', key: text.slice(text.indexOf(':') + 1) };
}

export function groupingProblem(text: string): string | undefined {
  if (text.toLowerCase() === 'service') return undefined;
  if (!/^tag:/i.test(text)) return 'must be `service` or `tag:KEY` (e.g. tag:Project)';
  const key = text.slice(4);
  if (key === '') return 'needs a tag key after `tag:` (e.g. tag:Project)';
  if (key.length > 128) return 'has a tag key longer than AWS allows (128 characters)';
  if (!TAG_KEY.test(key)) return 'has a tag key with characters AWS does not allow (letters, digits, spaces and _ . : / = + - @ only)';
  return undefined;
}

/** The service asked for, as written after `service:`. */
export function parseServiceFilter(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.slice(text.indexOf(':') + 1).trim();
}

export function serviceFilterProblem(text: string): string | undefined {
  if (!/^service:/i.test(text)) return 'must be `service:NAME` (e.g. service:SageMaker); only services can be filtered on';
  const name = text.slice(8).trim();
  if (name === '') return 'needs a service name after `service:` (e.g. service:SageMaker)';
  if (name.length > MAX_SERVICE_NAME) return `has a service name longer than ${MAX_SERVICE_NAME} characters`;
  return undefined;
}

/** Everyday names for services whose Cost Explorer name does not contain them. */
const ALIASES: Record<string, string> = {
  s3: 'simplestorageservice',
  ec2: 'elasticcomputecloudcompute',
  rds: 'relationaldatabaseservice',
  ebs: 'elasticblockstore',
  ecr: 'ec2containerregistryecr',
  sns: 'simplenotificationservice',
  sqs: 'simplequeueservice',
};

/**
 * The service among `known` that `asked` names: the exact name, else the same letters ignoring
 * case, spaces and the `Amazon`/`AWS` prefix, else the only name containing them. Undefined when
 * none or several match.
 */
export function matchService(asked: string, known: readonly string[]): string | undefined {
  const exact = known.find((name) => name === asked) ?? known.find((name) => name.toLowerCase() === asked.toLowerCase());
  if (exact) return exact;
  const wanted = ALIASES[squeeze(asked)] ?? squeeze(asked);
  if (wanted === '') return undefined;
  const same = known.filter((name) => squeeze(name) === wanted);
  if (same.length === 1) return same[0];
  const containing = known.filter((name) => squeeze(name).includes(wanted));
  return containing.length === 1 ? containing[0] : undefined;
}

/** `Amazon SageMaker` → `sagemaker`, `AmazonCloudWatch` → `cloudwatch`, `AWS X-Ray` → `xray`. */
function squeeze(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
    .replace(/^(amazon|aws)/, '');
}

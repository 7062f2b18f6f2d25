/**
 * The shipped price table `rightsize` uses: SageMaker real-time inference (hosting), on-demand,
 * us-east-1, as AWS's public SageMaker pricing page listed them on {@link PRICE_TABLE_DATE}. The
 * bot does not call the AWS Pricing API (no extra permission, no extra client); every answer says
 * which table it used, so a reader knows the prices may have moved since.
 */

export const PRICE_TABLE_DATE = '2025-01-15';
export const PRICE_TABLE_REGION = 'us-east-1';
/** AWS bills a month as 730 hours in its calculators; savings use the same. */
export const HOURS_PER_MONTH = 730;

export interface InstancePrice {
  /** `ml.m5.large` */
  name: string;
  /** `m5`: sizes of one family differ in capacity, not in kind. */
  family: string;
  vcpus: number;
  memoryGiB: number;
  gpus: number;
  hourlyUsd: number;
  /**
   * Burstable (t2) instances run at this share of each vCPU for free; sustained use above it
   * spends CPU credits. A downsize onto one must stay under it.
   */
  baselineCpuPercent?: number;
}

type Row = [name: string, vcpus: number, memoryGiB: number, gpus: number, hourlyUsd: number, baselineCpuPercent?: number];

/** Each family from its smallest size to its largest: the order "one size smaller" walks. */
const FAMILIES: Record<string, Row[]> = {
  t2: [
    ['ml.t2.medium', 2, 4, 0, 0.056, 20],
    ['ml.t2.large', 2, 8, 0, 0.111, 30],
    ['ml.t2.xlarge', 4, 16, 0, 0.223, 22.5],
    ['ml.t2.2xlarge', 8, 32, 0, 0.445, 17],
  ],
  m5: [
    ['ml.m5.large', 2, 8, 0, 0.115],
    ['ml.m5.xlarge', 4, 16, 0, 0.23],
    ['ml.m5.2xlarge', 8, 32, 0, 0.461],
    ['ml.m5.4xlarge', 16, 64, 0, 0.922],
    ['ml.m5.12xlarge', 48, 192, 0, 2.765],
    ['ml.m5.24xlarge', 96, 384, 0, 5.53],
  ],
  c5: [
    ['ml.c5.large', 2, 4, 0, 0.102],
    ['ml.c5.xlarge', 4, 8, 0, 0.204],
    ['ml.c5.2xlarge', 8, 16, 0, 0.408],
    ['ml.c5.4xlarge', 16, 32, 0, 0.816],
    ['ml.c5.9xlarge', 36, 72, 0, 1.836],
    ['ml.c5.18xlarge', 72, 144, 0, 3.672],
  ],
  r5: [
    ['ml.r5.large', 2, 16, 0, 0.151],
    ['ml.r5.xlarge', 4, 32, 0, 0.302],
    ['ml.r5.2xlarge', 8, 64, 0, 0.605],
    ['ml.r5.4xlarge', 16, 128, 0, 1.21],
  ],
  g4dn: [
    ['ml.g4dn.xlarge', 4, 16, 1, 0.736],
    ['ml.g4dn.2xlarge', 8, 32, 1, 0.94],
    ['ml.g4dn.4xlarge', 16, 64, 1, 1.505],
    ['ml.g4dn.8xlarge', 32, 128, 1, 2.72],
    ['ml.g4dn.12xlarge', 48, 192, 4, 4.89],
  ],
  g5: [
    ['ml.g5.xlarge', 4, 16, 1, 1.408],
    ['ml.g5.2xlarge', 8, 32, 1, 1.515],
    ['ml.g5.4xlarge', 16, 64, 1, 2.03],
    ['ml.g5.8xlarge', 32, 128, 1, 3.06],
    ['ml.g5.12xlarge', 48, 192, 4, 7.09],
  ],
};

/**
 * Below the smallest size of a family, a lightly used CPU endpoint can still move to a burstable
 * instance; the baseline check in the rules decides whether it may.
 */
const BELOW_SMALLEST: Readonly<Record<string, string>> = { 'ml.m5.large': 'ml.t2.medium', 'ml.c5.large': 'ml.t2.medium' };

const BY_NAME = new Map<string, InstancePrice>(
  Object.entries(FAMILIES).flatMap(([family, rows]) =>
    rows.map(([name, vcpus, memoryGiB, gpus, hourlyUsd, baselineCpuPercent]): [string, InstancePrice] => [
      name,
      { name, family, vcpus, memoryGiB, gpus, hourlyUsd, ...(baselineCpuPercent === undefined ? {} : { baselineCpuPercent }) },
    ]),
  ),
);

export function instancePrice(instanceType: string): InstancePrice | undefined {
  return BY_NAME.get(instanceType);
}

/** The next size down in the family (or the burstable step below its smallest), if there is one. */
export function smallerInstance(instanceType: string): InstancePrice | undefined {
  const sizes = familySizes(instanceType);
  const index = sizes.findIndex((name) => name === instanceType);
  const name = index > 0 ? sizes[index - 1] : BELOW_SMALLEST[instanceType];
  return name === undefined ? undefined : BY_NAME.get(name);
}

/** The next size up in the family, if there is one. */
export function largerInstance(instanceType: string): InstancePrice | undefined {
  const sizes = familySizes(instanceType);
  const index = sizes.findIndex((name) => name === instanceType);
  const name = index >= 0 ? sizes[index + 1] : undefined;
  return name === undefined ? undefined : BY_NAME.get(name);
}

function familySizes(instanceType: string): string[] {
  const family = BY_NAME.get(instanceType)?.family;
  return family === undefined ? [] : (FAMILIES[family] ?? []).map(([name]) => name);
}

/** What every answer built on these prices says about them. */
export function priceTableNote(): string {
  return `Prices: shipped table dated ${PRICE_TABLE_DATE}, SageMaker real-time inference on-demand in ${PRICE_TABLE_REGION} (the AWS Pricing API is not used); a month is ${HOURS_PER_MONTH} h.`;
}

import type { ChartsConfig, NamedDigestSchedule } from '../config/config.js';
import type { Reply } from '../reply/reply.js';
import type { Logger } from '../telemetry/logger.js';
import { gatherDigestFacts, type DigestSources } from './digest-facts.js';
import { digestReply } from './digest-reply.js';

export interface ComposeOptions {
  now: Date;
  /** Where the zombies are looked for: the configured default region. */
  region: string;
  charts: Pick<ChartsConfig, 'quickchartUrl'>;
  log: Logger;
}

/** One digest, fetched and built: what the scheduled job posts and `digest` answers. */
export async function composeDigest(sources: DigestSources, digest: NamedDigestSchedule, options: ComposeOptions): Promise<Reply> {
  const facts = await gatherDigestFacts(sources, { now: options.now, region: options.region, log: options.log });
  return digestReply(facts, { timeZone: digest.timeZone, monthlyBudgetUsd: digest.monthlyBudgetUsd, charts: options.charts });
}

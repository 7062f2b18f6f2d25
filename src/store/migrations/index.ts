/**
 * Every migration, in the order they apply. Keys are the file names; they sort in
 * application order and are what `kysely_migration` records, so never rename one.
 * Listing them here (rather than reading the folder) makes them work alike from
 * `dist/` and from vitest.
 */
import { auditLog } from './0001-audit-log.js';
import { snsInbox } from './0002-sns-inbox.js';
import { slackOutbox } from './0003-slack-outbox.js';
import { incidents } from './0004-incidents.js';
import { incidentTimers } from './0005-incident-timers.js';
import { costCache } from './0006-cost-cache.js';
import { commandCancellations } from './0007-command-cancellations.js';
import { scaleRequests } from './0008-scale-requests.js';
import { digestRuns } from './0009-digest-runs.js';
import { incidentDiagnoses } from './0010-incident-diagnoses.js';
import { incidentFollowups } from './0011-incident-followups.js';
import type { StoreMigration } from './store-migration.js';

export const migrations: Readonly<Record<string, StoreMigration>> = {
  '0001-audit-log': auditLog,
  '0002-sns-inbox': snsInbox,
  '0003-slack-outbox': slackOutbox,
  '0004-incidents': incidents,
  '0005-incident-timers': incidentTimers,
  '0006-cost-cache': costCache,
  '0007-command-cancellations': commandCancellations,
  '0008-scale-requests': scaleRequests,
  '0009-digest-runs': digestRuns,
  '0010-incident-diagnoses': incidentDiagnoses,
  '0011-incident-followups': incidentFollowups,
};

/**
 * The automatic diagnosis and the Diagnose button, as a durable job shared by replicas.
 *
 * A request is a row per incident episode (`IncidentDiagnoses.request`, written in the
 * transaction that opened the incident, or by the button). Each tick lists the resources with
 * pending requests; for each, the job takes the resource's lease (one replica, one run per
 * resource), runs ONE diagnosis — or reuses the resource's result of the last `reuseWindowMs` —
 * and, in one transaction, enqueues it as a thread reply to EVERY pending incident of that
 * resource (stable key `incident:<n>:diagnosis:<episodeStartMs>`: enqueued twice, posted once),
 * marks them posted and frees the lease. A crash mid-run leaves the requests pending and the
 * lease expiring: another replica runs it again. At most `concurrency` runs at once.
 *
 * The reply is due within seconds of the incident's parent, so the job does not wait for a slow
 * Logs Insights query (`logsBudgetMs`): the logs finding then says so and points to the command.
 */
import type { Ports } from '../command/ports.js';
import type { Config } from '../config/config.js';
import { BackgroundLoop, sleepUnlessWoken } from '../jobs/background-loop.js';
import { episodeStart } from '../incidents/incident.js';
import type { NumberedIncident, StoreTransaction } from '../incidents/pipeline/incident-threads.js';
import { note, type Reply } from '../reply/reply.js';
import type { DiagnosisRequest, IncidentDiagnoses } from '../store/incident-diagnoses.js';
import type { Logger } from '../telemetry/logger.js';
import { diagnoseEndpoint } from './diagnose-endpoint.js';
import { subjectFor, subjectOf } from './diagnosis-subject.js';
import { failureReason, UnknownEndpoint } from './gather-evidence.js';
import { keepDiagnosis, readKeptDiagnosis, replyForIncident, type KeptDiagnosis } from './kept-diagnosis.js';

/**
 * The automatic diagnosis's wait for its log query. With Logs Insights' polls at 0.5, 1.5, 3.5
 * and 5.5 s, it gives up at the 5.5 s poll: the reply still lands well within 10 s of the parent.
 */
export const AUTO_LOGS_BUDGET_MS = 5_000;
/**
 * A request wakes the job from inside the transaction that writes it; on PostgreSQL the job's
 * own connection does not see the row before the commit, so it looks once more this much later
 * rather than at the next poll.
 */
const LOOK_AGAIN_AFTER_WAKE_MS = 100;

/** What a click on Diagnose did (a double click finds the first click's request). */
export type DiagnoseClickOutcome =
  | { kind: 'requested'; endpoint: string }
  | { kind: 'running'; endpoint: string; requestedBy?: string }
  | { kind: 'posted'; endpoint: string; postedAt: Date }
  | { kind: 'not-diagnosable'; reason: string };

export interface DiagnosisJobOptions {
  requests: IncidentDiagnoses;
  ports: Ports;
  config: Config;
  log: Logger;
  /** Enqueues the diagnosis as a reply in the incident's thread, inside `trx`. */
  post(trx: StoreTransaction, request: DiagnosisRequest, reply: Reply): Promise<void>;
  clock?: () => Date;
  /** Longest sleep between looks (default 1 s: the reply is due within seconds of the parent). */
  pollIntervalMs?: number;
  /** How long a replica holds a resource while diagnosing it (default 2 min); a crash frees it then. */
  leaseMs?: number;
  /** A result this fresh is posted to later incidents of the same resource without a new run (default 2 min). */
  reuseWindowMs?: number;
  /** This replica's name in the leases. */
  owner?: string;
  /** How long a run waits for its Logs Insights query (default `AUTO_LOGS_BUDGET_MS`). */
  logsBudgetMs?: number;
}

export class DiagnosisJob {
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly loop: BackgroundLoop;
  private readonly running = new Set<string>();
  private readonly owner: string;
  private lookAgain: NodeJS.Timeout | undefined;
  /** Diagnoses run by this job (for tests and metrics). */
  runs = 0;

  constructor(private readonly options: DiagnosisJobOptions) {
    this.log = options.log.child({ component: 'diagnosis-job' });
    this.clock = options.clock ?? (() => new Date());
    this.owner = options.owner ?? `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.loop = new BackgroundLoop('diagnosis job', this.log, (signal) => this.iteration(signal));
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    clearTimeout(this.lookAgain);
    return this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
    clearTimeout(this.lookAgain);
    this.lookAgain = setTimeout(() => this.loop.wake(), LOOK_AGAIN_AFTER_WAKE_MS);
    this.lookAgain.unref();
  }

  /**
   * The Diagnose button: a request for the incident's current episode, then a wake. One request
   * per episode, so a double click (or a click after the automatic diagnosis) runs nothing twice.
   */
  async requestFor(incident: NumberedIncident, requestedBy: string): Promise<DiagnoseClickOutcome> {
    const subject = subjectFor(incident, this.options.config);
    if (subject === undefined) {
      const what = incident.resource.kind === 'lambda-function' ? `the Lambda ${incident.resource.name}, which no configured endpoint lists in \`lambdas\`` : `${incident.resource.name}, neither an endpoint nor a Lambda`;
      return { kind: 'not-diagnosable', reason: `incident #${incident.number} is about ${what}; the diagnosis is about a SageMaker endpoint: \`/mlobs diagnose <endpoint>\`` };
    }
    const { endpoint } = subjectOf(subject);
    const episodeStartMs = episodeStart(incident).getTime();
    const recorded = await this.options.requests.request({ incidentNumber: incident.number, episodeStartMs, subject, channel: incident.channel, requestedAt: this.clock().getTime(), requestedBy });
    if (recorded) {
      this.wake();
      return { kind: 'requested', endpoint };
    }
    const existing = await this.options.requests.find(incident.number, episodeStartMs);
    if (existing?.postedAt !== undefined) return { kind: 'posted', endpoint, postedAt: new Date(existing.postedAt) };
    return { kind: 'running', endpoint, ...(existing?.requestedBy === undefined ? {} : { requestedBy: existing.requestedBy }) };
  }

  /** Diagnoses the resources with pending requests, `concurrency` at a time; resolves when done. */
  async runPending(): Promise<void> {
    const subjects = (await this.options.requests.pendingSubjects(50)).filter((subject) => !this.running.has(subject));
    const queue = [...subjects];
    const worker = async () => {
      for (let subject = queue.shift(); subject !== undefined; subject = queue.shift()) await this.runSubject(subject);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.config.diagnosis.concurrency, queue.length) }, worker));
  }

  private async iteration(signal: AbortSignal): Promise<void> {
    try {
      await this.runPending();
    } catch (error) {
      this.log.error({ err: error }, 'listing pending diagnoses failed; retrying');
    }
    if (this.loop.running) await sleepUnlessWoken(this.options.pollIntervalMs ?? 1_000, signal);
  }

  private async runSubject(subject: string): Promise<void> {
    const { requests } = this.options;
    const startedAt = this.clock().getTime();
    if (!(await requests.claim(subject, this.owner, startedAt, this.options.leaseMs ?? 120_000))) return;
    this.running.add(subject);
    const log = this.log.child({ subject });
    try {
      const recent = await requests.recentResult(subject, startedAt - (this.options.reuseWindowMs ?? 120_000));
      const reused = recent === undefined ? undefined : readKeptDiagnosis(recent);
      const kept = reused ?? (await this.diagnose(subject, log));
      await requests.transaction(async (trx) => {
        const pending = await requests.pendingOf(subject, trx);
        for (const request of pending) {
          await this.options.post(trx, request, replyForIncident(kept, request.incidentNumber));
          await requests.markPosted(request, this.clock().getTime(), trx);
        }
        await requests.finish(subject, this.owner, reused === undefined ? keepDiagnosis(kept) : undefined, this.clock().getTime(), trx);
        log.info({ incidents: pending.map((request) => request.incidentNumber), reused: reused !== undefined }, 'diagnosis posted');
      });
    } catch (error) {
      // The requests stay pending and the lease expires: this or another replica tries again.
      log.error({ err: error }, 'diagnosis failed; retrying when the lease expires');
    } finally {
      this.running.delete(subject);
    }
  }

  private async diagnose(subject: string, log: Logger): Promise<KeptDiagnosis> {
    const { endpoint, scope } = subjectOf(subject);
    const now = this.clock();
    const window = { start: new Date(now.getTime() - this.options.config.diagnosis.sinceMs), end: now };
    this.runs += 1;
    try {
      const options = { logsBudgetMs: this.options.logsBudgetMs ?? AUTO_LOGS_BUDGET_MS };
      return { kind: 'diagnosis', diagnosis: await diagnoseEndpoint({ endpoint, scope }, this.options.ports, this.options.config, window, now, options) };
    } catch (error) {
      const reason = error instanceof UnknownEndpoint ? `there is no endpoint named "${endpoint}" in ${scope.region}` : failureReason(error);
      log.warn({ err: error }, 'diagnosis could not run');
      const reply: Reply = { heading: `Diagnosis: ${endpoint}`, parts: [note('warning', `Could not diagnose ${endpoint}: ${reason}. Try \`/mlobs diagnose ${endpoint}\` later.`)], visibility: 'channel', tone: 'warning' };
      return { kind: 'failure', reply };
    }
  }
}

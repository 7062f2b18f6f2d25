/**
 * The diagnosis job on both stores: requests as the pipeline and the Diagnose button write
 * them, one run per resource, the per-resource lease shared by replicas, a crash mid-run. The
 * AWS ports are the real adapters on the simulator (clock frozen five minutes after the
 * scenario's incident); what the job posts is captured inside its transaction.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { awsPorts } from '../../src/aws/aws-ports.js';
import { CloudWatchLogQueries } from '../../src/aws/cloudwatch-log-queries.js';
import type { Ports } from '../../src/command/ports.js';
import { DiagnosisJob, type DiagnosisJobOptions } from '../../src/diagnosis/diagnosis-job.js';
import type { NumberedIncident } from '../../src/incidents/pipeline/incident-threads.js';
import { summaryOf, type Reply } from '../../src/reply/reply.js';
import { parseScaleChoice } from '../../src/scaling/scale-chooser.js';
import { SCALE_ACTION_IDS } from '../../src/scaling/scale-request.js';
import type { ScenarioName } from '../../src/sim/fleet/index.js';
import { AuditLog } from '../../src/store/audit-log.js';
import type { Store } from '../../src/store/database.js';
import { IncidentDiagnoses, type DiagnosisRequest } from '../../src/store/incident-diagnoses.js';
import { createLogger } from '../../src/telemetry/logger.js';
import type { CommandWorld } from '../commands/command-world.js';
import { describeEachStore } from '../support/database.js';
import { NOW, startDiagnosisWorld } from './diagnosis-world.js';

const FRAUD = 'us-east-1||fraud-detector';
const LEASE_MS = 120_000;

describeEachStore('the diagnosis job', (target) => {
  let store: Store;
  let world: CommandWorld;
  let requests: IncidentDiagnoses;
  let now: Date;
  let posted: Array<{ request: DiagnosisRequest; reply: Reply }>;

  const open = async (scenario: ScenarioName) => {
    world = await startDiagnosisWorld(scenario);
  };

  beforeEach(async () => {
    store = await target.open();
    requests = new IncidentDiagnoses(store);
    now = NOW;
    posted = [];
  });

  afterEach(async () => {
    await world?.close();
    await store.close();
  });

  const ports = (): Ports => {
    const clock = world.sims.simulation.clock;
    // As in the command world: the log query's waits move the frozen simulated clock.
    return { audit: new AuditLog(store), ...awsPorts(world.clients), logQueries: new CloudWatchLogQueries(world.clients, { sleep: async (ms) => clock.advance(ms), now: () => clock.now().getTime() }) };
  };

  const job = (options: Partial<DiagnosisJobOptions> = {}) =>
    new DiagnosisJob({
      requests,
      ports: ports(),
      config: world.config,
      log: createLogger({ level: 'silent' }),
      clock: () => now,
      leaseMs: LEASE_MS,
      post: async (_trx, request, reply) => {
        posted.push({ request, reply });
      },
      ...options,
    });

  const ask = (incidentNumber: number, subject = FRAUD) =>
    requests.request({ incidentNumber, episodeStartMs: NOW.getTime() - 60_000, subject, channel: 'C0INCIDENTS', requestedAt: now.getTime() });

  it('a storm of incidents on one endpoint gives one run, posted to every incident', async () => {
    await open('preprocess-memory');
    for (let n = 1; n <= 30; n += 1) await ask(n);
    const diagnoses = job();

    await diagnoses.runPending();

    expect(diagnoses.runs).toBe(1);
    expect(world.clients.calls.count({ operation: 'DescribeEndpoint' })).toBe(1);
    expect(posted.map((each) => each.request.incidentNumber)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(posted.map((each) => summaryOf(each.reply))).size).toBe(1);
    expect(summaryOf(posted[0]!.reply)).toContain('The pre-processing Lambda fraud-preprocess is short of memory');
    expect(await requests.pendingSubjects(10)).toEqual([]);
  });

  it('a later incident of the same endpoint within the reuse window gets the kept diagnosis without a new run', async () => {
    await open('preprocess-memory');
    await ask(1);
    const diagnoses = job();
    await diagnoses.runPending();
    now = new Date(NOW.getTime() + 60_000);
    await ask(2);

    await diagnoses.runPending();

    expect(diagnoses.runs).toBe(1);
    expect(posted.map((each) => each.request.incidentNumber)).toEqual([1, 2]);
    expect(posted[1]!.reply).toEqual(posted[0]!.reply);
  });

  it('a resource held by a replica that died is diagnosed by another once its lease expires', async () => {
    await open('steady');
    await ask(1);
    // A replica took the lease and died before posting.
    expect(await requests.claim(FRAUD, 'dead-replica', now.getTime(), LEASE_MS)).toBe(true);
    const survivor = job({ owner: 'survivor' });

    await survivor.runPending();
    expect(survivor.runs).toBe(0);
    expect(posted).toEqual([]);

    now = new Date(NOW.getTime() + LEASE_MS);
    await survivor.runPending();
    expect(survivor.runs).toBe(1);
    expect(posted.map((each) => [each.request.incidentNumber, summaryOf(each.reply)])).toEqual([[1, 'Diagnosis of fraud-detector: Nothing looks wrong with fraud-detector: all 7 checks are OK.']]);
  });

  it('a crash while posting leaves the requests pending; the next run after the lease posts them once', async () => {
    await open('steady');
    await ask(1);
    await ask(2);
    const crashing = job({
      owner: 'crashing',
      post: async (_trx, request) => {
        if (request.incidentNumber === 2) throw new Error('the process died mid-transaction');
      },
    });
    await crashing.runPending();
    expect(crashing.runs).toBe(1);
    expect(await requests.pendingSubjects(10)).toEqual([FRAUD]);
    expect((await requests.find(1, NOW.getTime() - 60_000))?.postedAt).toBeUndefined();

    const other = job({ owner: 'other' });
    await other.runPending();
    expect(other.runs).toBe(0);

    now = new Date(NOW.getTime() + LEASE_MS);
    await other.runPending();
    expect(other.runs).toBe(1);
    expect(posted.map((each) => each.request.incidentNumber)).toEqual([1, 2]);
    expect(await requests.pendingSubjects(10)).toEqual([]);
  });

  it('two jobs on one request (two replicas woken together) run it once', async () => {
    await open('steady');
    await ask(1);
    const [one, two] = [job({ owner: 'one' }), job({ owner: 'two' })];

    await Promise.all([one.runPending(), two.runPending()]);

    expect(one.runs + two.runs).toBe(1);
    expect(posted.map((each) => each.request.incidentNumber)).toEqual([1]);
  });

  it('Diagnose clicked twice runs once: the second click hears it is running, a click after it that it is posted', async () => {
    await open('steady');
    const diagnoses = job();
    const incident = { number: 4, channel: 'C0INCIDENTS', region: 'us-east-1', accountId: '123456789012', resource: { kind: 'sagemaker-endpoint', name: 'fraud-detector' }, openedAt: new Date(NOW.getTime() - 60_000) } as unknown as NumberedIncident;

    expect(await diagnoses.requestFor(incident, 'U0ONCALL01')).toEqual({ kind: 'requested', endpoint: 'fraud-detector' });
    expect(await diagnoses.requestFor(incident, 'U0LEAD0001')).toEqual({ kind: 'running', endpoint: 'fraud-detector', requestedBy: 'U0ONCALL01' });
    await diagnoses.runPending();
    expect(await diagnoses.requestFor(incident, 'U0LEAD0001')).toEqual({ kind: 'posted', endpoint: 'fraud-detector', postedAt: now });

    expect(diagnoses.runs).toBe(1);
    expect(posted.map((each) => each.request)).toEqual([expect.objectContaining({ incidentNumber: 4, requestedBy: 'U0ONCALL01' })]);
  });

  it('Diagnose on an incident that is not about an endpoint says what it can diagnose and asks nothing', async () => {
    await open('steady');
    const diagnoses = job();
    const incident = { number: 5, channel: 'C0INCIDENTS', region: 'us-east-1', accountId: '123456789012', resource: { kind: 'lambda-function', name: 'billing-export' }, openedAt: NOW } as unknown as NumberedIncident;

    expect(await diagnoses.requestFor(incident, 'U0ONCALL01')).toEqual({
      kind: 'not-diagnosable',
      reason: 'incident #5 is about the Lambda billing-export, which no configured endpoint lists in `lambdas`; the diagnosis is about a SageMaker endpoint: `/mlobs diagnose <endpoint>`',
    });
    expect(await requests.pendingSubjects(10)).toEqual([]);
  });

  it("in an incident's thread a scale-out suggestion is the Scale… chooser's pick for that incident, also when the diagnosis is reused", async () => {
    await open('daily-spike');
    await ask(7, 'us-east-1||recsys-ranker');
    const diagnoses = job();
    await diagnoses.runPending();
    now = new Date(NOW.getTime() + 60_000);
    await ask(8, 'us-east-1||recsys-ranker');
    await diagnoses.runPending();

    expect(diagnoses.runs).toBe(1);
    const buttonsOf = (reply: Reply) => reply.parts.flatMap((part) => (part.kind === 'actions' ? part.actions : []));
    const [seven, eight] = posted.map((each) => buttonsOf(each.reply));
    expect(seven).toEqual([expect.objectContaining({ id: SCALE_ACTION_IDS.choose, label: expect.stringMatching(/^Scale out to \d+ now$/) })]);
    const count = Number(seven![0]!.label.match(/\d+/)![0]);
    expect(parseScaleChoice(seven![0]!.value ?? '')).toEqual({ incidentNumber: 7, region: 'us-east-1', endpoint: 'recsys-ranker', variant: 'AllTraffic', count });
    expect(parseScaleChoice(eight![0]!.value ?? '')).toEqual({ incidentNumber: 8, region: 'us-east-1', endpoint: 'recsys-ranker', variant: 'AllTraffic', count });
    // The scheduled scale-up stays a command: the scale flow takes a schedule only from one.
    expect(JSON.stringify(posted[0]!.reply.parts)).toMatch(/Schedule scale-up to \d+ before tomorrow's spike: `\/mlobs scale recsys-ranker \d+ at 14:45`/);
  });
});

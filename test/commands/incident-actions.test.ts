/**
 * `/mlobs ack`, `resolve`, `silence`, `unsilence` and `incidents` through Slack's slash-command
 * path (the real Bolt app, the runner, the incident desk), and from the terminal.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { consoleInvoker } from '../../src/console/console-session.js';
import { describeEachStore } from '../support/database.js';
import { CHANNEL } from '../e2e/incidents/incident-world.js';
import { INTERN, LEAD, openActionsWorld, type ActionsWorld } from '../e2e/incidents/incident-actions-world.js';

describeEachStore('incident commands', (target) => {
  let world: ActionsWorld;

  beforeEach(async () => {
    world = await openActionsWorld(target);
  });

  afterEach(() => world.close());

  const parent = () => world.parents()[0]!;
  const thread = () => world.slack.channel(CHANNEL).thread(parent().ts).map((m) => m.text);
  const slash = async (text: string, userId = LEAD) => {
    const request = await world.slack.sendSlashCommand({ botUrl: world.botUrl, signingSecret: world.signingSecret, text, userId });
    const answer = await world.answerTo(request);
    return { answer, post: world.slack.responsesTo(request.responseUrlId)[0]! };
  };

  it('`ack 1` acknowledges: a private confirmation, the parent and one thread reply', async () => {
    await world.openIncident();
    const { answer, post } = await slash('ack 1');
    await world.settled();

    expect(answer).toMatch(/^#1 acknowledged/);
    expect(post.responseType).toBe('ephemeral');
    expect(parent().text).toMatch(/^🟠 ACKNOWLEDGED/);
    expect(thread()).toEqual([`🟠 Acknowledged by <@${LEAD}>`]);
    expect(await world.bot.services.ports.audit.list({ target: 'incident/1' })).toEqual([expect.objectContaining({ action: 'ack', result: 'ok', channelId: 'C0INCIDENTS' })]);
  });

  it('`resolve #1` resolves by hand; a second `resolve` says it already is', async () => {
    await world.openIncident();
    expect((await slash('resolve #1')).answer).toMatch(/^#1 resolved/);
    await world.settled();
    expect(parent().text).toMatch(/^✅ RESOLVED/);

    expect((await slash('resolve 1')).answer).toMatch(new RegExp(`#1 not resolved.*already resolved by @${LEAD}`, 's'));
    await world.settled();
    expect(thread()).toHaveLength(1);
  });

  it('`silence 1 --for 30m` silences until then; `unsilence 1` ends it', async () => {
    await world.openIncident();
    expect((await slash('silence 1 --for 30m')).answer).toMatch(/^#1 silenced until \d\d:\d\d UTC/);
    await world.settled();
    expect(thread()).toEqual([expect.stringMatching(/^🔕 Silenced by <@U0LEAD0001> until \d\d:\d\d UTC \((29|30) min\)/)]);
    expect((await slash('unsilence 1')).answer).toMatch(/^#1 unsilenced/);
    expect((await slash('silence 1 --for 30d')).answer).toMatch(/longer than 7d/);
  });

  it('`incidents` lists the open ones, newest first, with the thread link', async () => {
    await world.openIncident();
    const { answer, post } = await slash('incidents');

    expect(post.responseType).toBe('in_channel');
    expect(answer).toMatch(/1 open: #1 fraud-detector \(SageMaker endpoint\)/);
    const ts = parent().ts.replace('.', '');
    expect(JSON.stringify(post.blocks)).toContain(`<https://mlobs-sim.slack.com/archives/C0INCIDENTS/p${ts}|#1 thread>`);
  });

  it('an unknown number lists the open incidents; a bad one repeats the usage', async () => {
    await world.openIncident();
    expect((await slash('ack 99')).answer).toMatch(/no incident #99; open incidents: #1/);
    expect((await slash('ack twelve')).answer).toMatch(/"twelve": is not an incident number: write it as 12 or #12/);
    expect((await slash('ack')).answer).toMatch(/missing &lt;incident&gt;/);
  });

  it('someone not allowed is refused, told who may', async () => {
    await world.openIncident();
    expect((await slash('ack 1', INTERN)).answer).toMatch(new RegExp(`only @${LEAD}, @S0MLONCALL01 may acknowledge incidents in #ml-incidents`));
    await world.settled();
    expect(parent().text).toMatch(/^🔴 ALARM/);
  });

  it('the terminal acts without a permission check (it has the database anyway)', async () => {
    await world.openIncident();
    const result = await world.bot.services.runner.run('ack 1 --yes', consoleInvoker());
    await world.settled();

    expect(result.outcome).toBe('ok');
    expect(parent().text).toMatch(/^🟠 ACKNOWLEDGED/);
  });

  it('the terminal asks first: without a yes (or --yes) nothing changes', async () => {
    await world.openIncident();
    const declined = await world.bot.services.runner.run('ack 1', consoleInvoker(), { confirm: async () => false });
    const scripted = await world.bot.services.runner.run('resolve 1', consoleInvoker());
    await world.settled();

    expect(declined.outcome).toBe('cancelled');
    expect(scripted.outcome).toBe('cancelled');
    expect(scripted.reply.summary).toMatch(/add --yes/);
    expect(parent().text).toMatch(/^🔴 ALARM/);
  });
});

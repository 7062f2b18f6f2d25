import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { actionOutcomeReply, commandActionRequest, incidentNumberProblem } from '../src/incidents/incident-action-replies.js';

export default defineCommand({
  name: 'unsilence',
  summary: 'end an incident\'s silence now: replies and reminders resume',
  positionals: [{ name: 'incident', description: 'the incident number, e.g. 12 or #12', required: true, validate: incidentNumberProblem }],
  // The terminal asks before acting (or takes --yes); in Slack the desk checks permissions. Audited either way.
  mutates: true,
  options: {},
  examples: ['unsilence 12'],

  async run(ctx, { incident }) {
    const desk = ctx.ports.incidents;
    if (!desk) throw new UserFacingError('incidents are not available here: this bot has no incident store connected');
    const outcome = await desk.act(commandActionRequest(ctx.invoker, incident, 'unsilence'));
    return actionOutcomeReply(outcome, 'unsilence', ctx.now);
  },
});

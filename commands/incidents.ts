import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { sinceText } from '../src/incidents/duration-text.js';
import { episodeStart } from '../src/incidents/incident.js';
import { incidentLook } from '../src/incidents/render-incident.js';
import { note, table, text, type Reply, type ReplyPart } from '../src/reply/reply.js';

/** One Slack message must hold the list; older incidents are counted, not shown. */
const LISTED = 30;

export default defineCommand({
  name: 'incidents',
  summary: 'open and acknowledged incidents, newest first, with links to their threads',
  positionals: [],
  options: {},
  examples: ['incidents'],

  async run(ctx): Promise<Reply> {
    const desk = ctx.ports.incidents;
    if (!desk) throw new UserFacingError('incidents are not available here: this bot has no incident store connected');
    const open = await desk.listOpen(LISTED + 1);
    if (open.length === 0) {
      return { heading: 'No open incidents', parts: [note('ok', 'Nothing is open or acknowledged right now.')], visibility: 'channel', tone: 'ok', summary: 'No open incidents' };
    }
    const shown = open.slice(0, LISTED);
    const rows = shown.map(({ incident, thread }) => {
      const look = incidentLook(incident);
      return [`#${incident.number}`, `${look.emoji} ${look.label}`, incident.severity, incident.title, incident.channel, sinceText(episodeStart(incident), ctx.now)];
    });
    // Tables are monospaced text where links do not work: the thread links go on a line of their own.
    const links = shown.flatMap(({ incident, thread }) => (thread?.url === undefined ? [] : [`<${thread.url}|#${incident.number} thread>`]));
    const parts: ReplyPart[] = [
      table({
        columns: [{ title: '#' }, { title: 'state' }, { title: 'severity' }, { title: 'incident' }, { title: 'channel' }, { title: 'since' }],
        rows,
      }),
    ];
    if (links.length > 0) parts.push(text(links.join(' · ')));
    const unacknowledged = shown.filter(({ incident }) => incident.state === 'open').length;
    return {
      heading: `Open incidents (${open.length > LISTED ? `${LISTED}+` : open.length})`,
      context: `${unacknowledged} not acknowledged · newest first`,
      parts,
      visibility: 'channel',
      tone: unacknowledged > 0 ? 'problem' : 'warning',
      summary: `${open.length > LISTED ? `${LISTED}+` : open.length} open: ${shown.slice(0, 5).map(({ incident }) => `#${incident.number} ${incident.title}`).join(', ')}`,
    };
  },
});

import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { globalOptionsOf } from '../src/command/global-options.js';
import { optionSyntax, usageOf } from '../src/command/usage-text.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { table, text, type Reply } from '../src/reply/reply.js';

export default defineCommand({
  name: 'help',
  summary: 'List the commands, or explain one: its usage, options and examples',
  positionals: [{ name: 'command', description: 'the command to explain, e.g. latency' }],
  options: {},
  examples: ['help', 'help latency'],

  async run(ctx, { command: asked }): Promise<Reply> {
    if (asked === undefined) {
      return {
        heading: 'mlobs commands',
        context: 'Type `/mlobs help <command>` for its options and examples.',
        parts: ctx.commands.map((command) => text(`*${command.name}* — ${command.summary}\n\`${usageOf(command)}\``)),
        visibility: 'private',
        summary: `mlobs commands: ${ctx.commands.map((c) => c.name).join(', ')}`,
      };
    }
    const command = ctx.commands.find((c) => c.name === asked.toLowerCase());
    if (!command) {
      const hint = didYouMean(asked, ctx.commands.map((c) => c.name));
      throw new UserFacingError(`no command named "${asked}"${hint ? ` — did you mean \`${hint}\`?` : '.'} Try \`help\` for the list.`);
    }
    const options = { ...command.options, ...globalOptionsOf(command) };
    const parts = [text(`${command.summary}\n\`${usageOf(command)}\``)];
    if (command.positionals.length > 0) {
      parts.push(table({ columns: [{ title: 'argument' }, { title: 'meaning' }], rows: command.positionals.map((p) => [p.name, p.description]) }));
    }
    parts.push(table({ columns: [{ title: 'option' }, { title: 'meaning' }], rows: Object.entries(options).map(([name, spec]) => [optionSyntax(name, spec), spec.description]) }));
    if (command.examples?.length) parts.push(text(`Examples:\n${command.examples.map((e) => `\`/mlobs ${e}\``).join('\n')}`));
    return { heading: `mlobs ${command.name}`, parts, visibility: 'private' };
  },
});

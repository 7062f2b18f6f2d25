import { createInterface, type Interface } from 'node:readline/promises';
import { userInfo } from 'node:os';
import type { CommandRunner } from '../command/command-runner.js';
import type { Invoker } from '../command/command-definition.js';
import { summaryOf, type Reply } from '../reply/reply.js';
import { renderText } from './render-text.js';

/** The person at the terminal, as the audit trail and permission checks name them. */
export function consoleInvoker(): Invoker {
  let login = 'user';
  try {
    login = userInfo().username;
  } catch {
    // Containers may run as a uid with no passwd entry; the generic name is fine there.
  }
  return { userId: `console:${login}`, userName: login, surface: 'console' };
}

/**
 * Runs one command line from the terminal and prints the answer. Returns the process exit code:
 * 0 when the command answered, 1 when it was refused or failed, 2 for bad usage.
 */
export async function runConsoleCommand(
  runner: CommandRunner,
  text: string,
  io: { output: NodeJS.WritableStream; input?: NodeJS.ReadableStream; color: boolean; interactive: boolean },
): Promise<number> {
  const prompt = io.interactive && io.input ? createInterface({ input: io.input, output: io.output }) : undefined;
  try {
    const result = await runner.run(text, consoleInvoker(), {
      ...(prompt ? { confirm: (question: string) => askYesNo(prompt, question) } : {}),
      // Progress is for a person watching; a script reading the output gets the answer alone.
      ...(io.interactive ? { progress: progressPrinter(io.output) } : {}),
    });
    io.output.write(`${renderText(result.reply, { color: io.color })}\n`);
    return result.outcome === 'ok' || result.outcome === 'cancelled' ? 0 : result.outcome === 'usage_error' ? 2 : 1;
  } finally {
    prompt?.close();
  }
}

/** One line per change of the interim answer ("Running… 1.2 GB scanned (4.5 s)"), at most every 2 s. */
function progressPrinter(output: NodeJS.WritableStream): (reply: Reply) => void {
  let last = '';
  let lastAt = 0;
  return (reply) => {
    const line = summaryOf(reply);
    if (line === last || Date.now() - lastAt < PROGRESS_LINE_INTERVAL_MS) return;
    last = line;
    lastAt = Date.now();
    output.write(`${line}\n`);
  };
}

const PROGRESS_LINE_INTERVAL_MS = 2_000;

async function askYesNo(prompt: Interface, question: string): Promise<boolean> {
  const answer = await prompt.question(`${question} [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

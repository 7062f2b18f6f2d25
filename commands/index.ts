import type { AnyCommand } from '../src/command/command-definition.js';
import help from './help.js';

/** Every `/mlobs` subcommand, in the order `help` lists them. */
export const allCommands: readonly AnyCommand[] = [help];

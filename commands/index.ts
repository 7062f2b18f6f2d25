import type { AnyCommand } from '../src/command/command-definition.js';
import alarms from './alarms.js';
import drift from './drift.js';
import help from './help.js';
import lambda from './lambda.js';
import latency from './latency.js';
import logs from './logs.js';
import patterns from './patterns.js';
import traces from './traces.js';

/** Every `/mlobs` subcommand, in the order `help` lists them. */
export const allCommands: readonly AnyCommand[] = [help, latency, logs, patterns, traces, lambda, drift, alarms];

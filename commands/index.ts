import type { AnyCommand } from '../src/command/command-definition.js';
import ack from './ack.js';
import alarms from './alarms.js';
import audit from './audit.js';
import cost from './cost.js';
import digest from './digest.js';
import diagnose from './diagnose.js';
import drift from './drift.js';
import help from './help.js';
import incidents from './incidents.js';
import lambda from './lambda.js';
import latency from './latency.js';
import logs from './logs.js';
import patterns from './patterns.js';
import resolve from './resolve.js';
import rightsize from './rightsize.js';
import scale from './scale.js';
import silence from './silence.js';
import traces from './traces.js';
import unsilence from './unsilence.js';

/** Every `/mlobs` subcommand, in the order `help` lists them. */
export const allCommands: readonly AnyCommand[] = [help, latency, logs, patterns, traces, lambda, drift, alarms, incidents, ack, resolve, silence, unsilence, scale, cost, digest, rightsize, audit, diagnose];

import type { ApiMethod } from './api-method.js';
import { chatMethods } from './chat-methods.js';
import { fileMethods } from './file-methods.js';
import { viewMethods } from './view-methods.js';
import { workspaceMethods } from './workspace-methods.js';

/**
 * The Web API subset the bot calls, by method name. Each entry names its scope and rate
 * limit (Slack's tiers: 2 ≈ 20/min, 3 ≈ 50/min, 4 ≈ 100/min; `chat.postMessage` per
 * channel); anything else answers `unknown_method`.
 */
export const API_METHODS: Readonly<Record<string, ApiMethod>> = {
  ...workspaceMethods,
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
};

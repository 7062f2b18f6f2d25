import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A route served beside Slack's on the same HTTP server (Bolt's `customRoutes` shape), or on a
 * plain server in local mode. Handlers get the raw Node request and read the body themselves.
 */
export interface HttpRoute {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

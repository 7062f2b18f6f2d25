/**
 * Preloaded (`node --import`) into the bot processes tests start: a server that names no
 * address listens on 127.0.0.1 instead of every interface, as servers in tests must. The bot
 * itself is left as production runs it (`mlobs start` binds all interfaces).
 */
import { Server, type ListenOptions } from 'node:net';

const LOOPBACK = '127.0.0.1';
const listen = Server.prototype.listen;

Server.prototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]): Server {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !('path' in first) && !('host' in first) && !('fd' in first) && !('_handle' in first)) {
    args[0] = { ...(first as ListenOptions), host: LOOPBACK };
  } else if ((typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) && typeof second !== 'string') {
    args.splice(1, 0, LOOPBACK);
  }
  return (listen as (...a: unknown[]) => Server).apply(this, args);
} as typeof Server.prototype.listen;

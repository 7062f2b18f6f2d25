/**
 * Preloaded (`node --import`) into the bot processes tests and benchmarks start: a server that
 * names no address listens on 127.0.0.1 instead of every interface, as servers in tests must.
 * The bot itself is left as production runs it (`mlobs start` binds all interfaces). Plain
 * JavaScript so that it preloads into the compiled bot (`bin/mlobs.js`) without a TypeScript loader.
 */
import { Server } from 'node:net';

const LOOPBACK = '127.0.0.1';
const listen = Server.prototype.listen;

Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !('path' in first) && !('host' in first) && !('fd' in first) && !('_handle' in first)) {
    args[0] = { ...first, host: LOOPBACK };
  } else if ((typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) && typeof second !== 'string') {
    args.splice(1, 0, LOOPBACK);
  }
  return listen.apply(this, args);
};

/**
 * A bot process starting up: loads the store code, prints "ready", waits for a line on
 * stdin, then opens (migrates) and closes the store at argv[2]. The wait lets a test
 * release several processes into their migrations at the same moment.
 */
import { once } from 'node:events';
import { openStore } from '../../src/store/database.js';

const url = process.argv[2];
if (!url) throw new Error('usage: open-store-process.ts DATABASE_URL');
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const store = await openStore(url);
await store.close();
process.stdin.destroy();

#!/usr/bin/env node
// The `mlobs` command. The TypeScript is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('mlobs is not built yet: run `npm run build` (npm install does it too)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
// Open handles (readline, sockets) must not keep a finished command alive.
if (process.argv[2] !== 'start') setTimeout(() => process.exit(code), 50).unref();
else process.exit(code);

#!/usr/bin/env node
// The `mlobs` command. `npm install` compiles the TypeScript to dist/ (the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/entry.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('mlobs is not built yet: run `npm run build` (npm install does it too)\n');
  process.exit(1);
}
await import(entry.href);

import { main } from './main.js';

/** The process around `main`: real streams in, exit code out. `bin/mlobs.js` loads this. */
const command = process.argv[2];
const code = await main(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
if (command === 'start' || command === 'sim') process.exit(code);
// A finished one-shot command must not be kept alive by an idle handle (a readline, a pool).
setTimeout(() => process.exit(code), 50).unref();

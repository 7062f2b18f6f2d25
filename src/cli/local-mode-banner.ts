/** What a person sees first when `npm start` runs without Slack credentials. */
export function localModeBanner(options: { port: number; logFile: string | undefined; interactive: boolean }): string {
  return [
    'mlobs — local mode (no SLACK_BOT_TOKEN in the environment, so no Slack workspace is connected)',
    '',
    `  HTTP    http://127.0.0.1:${options.port}/healthz  /readyz  /metrics`,
    options.logFile ? `  logs    ${options.logFile}` : '  logs    standard error (JSON)',
    '',
    options.interactive ? 'Type a /mlobs command below (e.g. `help`); `exit` or Ctrl-D quits.' : 'No terminal attached: run commands with `npx mlobs <command>` from another shell.',
    'To connect a real workspace: create a Slack app from manifest.yml, then set SLACK_BOT_TOKEN and',
    'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) and start again. The README has the steps.',
  ].join('\n');
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { FIXTURES, REPO_ROOT, configOf, loadEnv, loadFixture, loadYaml, problemAt, problemsOf, tempDir } from './config-test-kit.js';

const HTTP_ENV = { SLACK_BOT_TOKEN: 'xoxb-123-456-abc', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5' };

describe('the example file', () => {
  it('mlobs.example.yml loads with no problems', () => {
    const result = loadConfig(HTTP_ENV, { configFile: join(REPO_ROOT, 'mlobs.example.yml'), cwd: tempDir() });
    const config = configOf(result);
    expect(config.configFile).toBe(join(REPO_ROOT, 'mlobs.example.yml'));
    expect(config.endpoints['fraud-detector']).toMatchObject({
      sla: { p99LatencyMs: 150 },
      lambdas: ['fraud-preprocess'],
      accountId: '123456789012',
    });
    expect(Object.keys(config.endpoints)).toEqual(['fraud-detector', 'recsys-ranker', 'churn-model']);
    expect(config.digest).toMatchObject({ schedule: '0 9 * * *', timeZone: 'Europe/Berlin' });
    expect(config.slack.defaultChannel).toBe('#ml-incidents');
  });

  it('mlobs.example.yml covers every mutating action with a permission rule, so it starts without warnings', () => {
    const result = loadConfig(HTTP_ENV, { configFile: join(REPO_ROOT, 'mlobs.example.yml'), cwd: tempDir() });
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe('a valid file', () => {
  it('turns snake_case keys into camelCase fields with units and resolved references', () => {
    const config = configOf(
      loadYaml(`
aws:
  accounts:
    - { id: "123456789012", name: prod, regions: [eu-central-1] }
routing:
  - match: { account: prod, alarm_name: "fraud-*", tag: { tier: 1 } }
    channel: "#fraud-oncall"
    group_by: alarm
    runbook: https://wiki.example.com/fraud
incidents:
  reopen_window: 1h
  flapping: { within: 15m }
endpoints:
  fraud-detector:
    sla: { p90_latency_ms: 80 }
    min_instances: 2
`),
    );
    expect(config.routing).toEqual([
      {
        match: { accountId: '123456789012', alarmName: 'fraud-*', tags: { tier: '1' } },
        channel: '#fraud-oncall',
        severity: undefined,
        groupBy: 'alarm',
        runbookUrl: 'https://wiki.example.com/fraud',
        mention: undefined,
        diagnose: false,
      },
    ]);
    expect(config.incidents.reopenWindowMs).toBe(3_600_000);
    expect(config.incidents.flapping).toEqual({ transitions: 5, withinMs: 900_000 });
    expect(config.endpoints['fraud-detector']).toMatchObject({ minInstances: 2, maxInstances: 10, sla: { p90LatencyMs: 80 } });
  });

  it('normalizes channel names written without # and keeps channel IDs as they are', () => {
    const config = configOf(loadFixture('minimal-routing.yml'));
    expect(config.slack.defaultChannel).toBe('C0123ABCD');
    expect(config.routing[0]?.channel).toBe('#fraud-oncall');
  });

  it('treats sections whose keys are all commented out as defaults', () => {
    const config = configOf(loadFixture('sections-commented-out.yml'));
    expect(config.incidents.reopenWindowMs).toBe(30 * 60_000);
    expect(config.routing).toEqual([]);
    expect(config.endpoints['churn-model']).toMatchObject({ minInstances: 1, maxInstances: 10, production: false, lambdas: [] });
  });

  it('finds nothing for endpoint names that are also object properties', () => {
    const config = configOf(loadFixture('minimal-routing.yml'));
    expect(config.endpoints['constructor']).toBeUndefined();
    expect(config.endpoints['toString']).toBeUndefined();
  });
});

describe('no config file', () => {
  it('runs on defaults when there is no ./mlobs.yml', () => {
    const result = loadEnv({});
    const config = configOf(result);
    expect(config).toMatchObject({
      mode: 'local',
      configFile: undefined,
      logLevel: 'info',
      dryRun: false,
      server: { port: 3000 },
      database: { kind: 'sqlite', url: 'sqlite:./data/mlobs.db', path: './data/mlobs.db' },
      slack: { connection: { mode: 'local' }, apiUrl: undefined, defaultChannel: '#ml-incidents' },
      aws: { defaultRegion: 'us-east-1', endpointUrl: undefined, accounts: [] },
      sns: { allowedTopicArns: [], maxAgeMs: 3_600_000, trustedUrlPrefixes: [] },
      sqs: undefined,
      routing: [],
      incidents: {
        reopenWindowMs: 1_800_000,
        reminderAfterMs: 1_800_000,
        reminderBackoff: 2,
        flapping: { transitions: 5, withinMs: 600_000 },
        buttons: ['ack', 'resolve', 'diagnose', 'scale', 'silence'],
      },
      permissions: [],
      endpoints: {},
      digest: { enabled: true, schedule: '0 9 * * *', timeZone: 'UTC', channel: '#ml-incidents', monthlyBudgetUsd: undefined },
      logs: { allowedPrefixes: ['/aws/sagemaker/', '/aws/lambda/'], maxRangeMs: 7 * 86_400_000 },
      charts: { mode: 'url', quickchartUrl: 'https://quickchart.io' },
      cost: { cacheForMs: 6 * 3_600_000 },
      diagnosis: {
        sinceMs: 3_600_000,
        lambdaMemoryPercent: 90,
        utilisationPercent: 85,
        errorRatePercent: 1,
        driftThreshold: 0.1,
        recurringDays: 3,
        suspectChangeWithinMs: 6 * 3_600_000,
        concurrency: 2,
      },
    });
  });

  it('warns that everyone may perform mutating actions when there are no permission rules', () => {
    const result = loadEnv({});
    expect(result.ok && result.warnings).toEqual([
      'no permissions rules: everyone in the workspace may scale endpoints, schedule scaling and change incidents (ack, resolve, silence)',
    ]);
  });

  it('treats a file holding only comments like no file', () => {
    const config = configOf(loadFixture('empty.yml'));
    expect(config.routing).toEqual([]);
    expect(config.configFile).toBe(join(FIXTURES, 'empty.yml'));
  });
});

describe('choosing the file', () => {
  it('reads ./mlobs.yml from the working directory when nothing else is named', () => {
    const config = configOf(loadYaml('slack: { default_channel: "#from-default-file" }\n'));
    expect(config.slack.defaultChannel).toBe('#from-default-file');
    expect(config.configFile).toBe('./mlobs.yml');
  });

  it('reads the file MLOBS_CONFIG names, relative to the working directory', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(join(cwd, 'conf', 'bot.yml'), 'slack: { default_channel: "#from-env-file" }\n');
    writeFileSync(join(cwd, 'mlobs.yml'), 'slack: { default_channel: "#from-default-file" }\n');
    const config = configOf(loadConfig({ MLOBS_CONFIG: 'conf/bot.yml' }, { cwd }));
    expect(config.slack.defaultChannel).toBe('#from-env-file');
  });

  it('prefers the file the caller names over MLOBS_CONFIG', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'given.yml'), 'slack: { default_channel: "#given" }\n');
    const config = configOf(loadConfig({ MLOBS_CONFIG: './missing.yml' }, { configFile: 'given.yml', cwd }));
    expect(config.slack.defaultChannel).toBe('#given');
  });

  it('reports a missing file named by MLOBS_CONFIG instead of running on defaults', () => {
    const result = loadConfig({ MLOBS_CONFIG: './x.yml' }, { cwd: tempDir() });
    expect(problemsOf(result)).toEqual([{ path: 'config file ./x.yml', message: 'not found (named by MLOBS_CONFIG)' }]);
    expect(!result.ok && result.configFile).toBe('./x.yml');
  });

  it('reports a missing file named by the caller', () => {
    const result = loadConfig({}, { configFile: './nope.yml', cwd: tempDir() });
    expect(problemsOf(result)).toEqual([{ path: 'config file ./nope.yml', message: 'not found' }]);
  });

  it('reports a directory where a file was expected', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'mlobs.yml'));
    expect(problemAt(loadConfig({}, { cwd }), 'config file ./mlobs.yml')).toBe('is a directory, not a file');
  });

  it('still reports environment problems when the file is missing', () => {
    const result = loadConfig({ MLOBS_CONFIG: './x.yml', PORT: 'http' }, { cwd: tempDir() });
    expect(problemsOf(result).map((p) => p.path)).toEqual(['config file ./x.yml', 'env.PORT']);
  });
});

describe('YAML syntax', () => {
  it('reports a syntax error with its line and column', () => {
    const problems = problemsOf(loadFixture('syntax-error.yml'));
    expect(problems[0]?.path).toMatch(/^line 4, column \d+$/);
    expect(problems[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('reports a key given twice at its second place', () => {
    expect(problemsOf(loadYaml('dry_run: true\ndry_run: false\n'))).toEqual([
      { path: 'line 2, column 1', message: 'this key appears twice in the same mapping' },
    ]);
  });

  it('reports tabs used for indentation', () => {
    expect(problemAt(loadYaml('slack:\n\tdefault_channel: C0123ABCD\n'), 'line 2, column 1')).toMatch(/tabs are not allowed/);
  });

  it('reports a file that is a list rather than a mapping of sections', () => {
    expect(problemAt(loadFixture('not-a-mapping.yml'), '(top level)')).toBe(
      'the file must be a mapping of sections (slack:, aws:, routing:, endpoints:, …), not a list',
    );
  });

  it('accepts anchors and merge keys, so routing rules can share settings', () => {
    const config = configOf(
      loadYaml(`
routing:
  - &fraud { match: { alarm_name: "fraud-*" }, channel: "#fraud", severity: critical }
  - { <<: *fraud, match: { alarm_name: "fraud2-*" } }
`),
    );
    expect(config.routing[1]).toMatchObject({ channel: '#fraud', severity: 'critical', match: { alarmName: 'fraud2-*' } });
  });
});

describe('file and environment together', () => {
  it('lets the file override MLOBS_CHANNEL, AWS_REGION and QUICKCHART_URL', () => {
    const env = { MLOBS_CHANNEL: '#env', AWS_REGION: 'us-west-2', QUICKCHART_URL: 'http://charts.env:3400' };
    const config = configOf(
      loadYaml(
        'slack: { default_channel: "#file" }\naws: { default_region: eu-west-1 }\ncharts: { quickchart_url: "https://charts.file" }\n',
        env,
      ),
    );
    expect(config.slack.defaultChannel).toBe('#file');
    expect(config.aws.defaultRegion).toBe('eu-west-1');
    expect(config.charts.quickchartUrl).toBe('https://charts.file');
  });

  it('uses MLOBS_CHANNEL, AWS_REGION and QUICKCHART_URL when the file says nothing', () => {
    const env = { MLOBS_CHANNEL: 'C0ENVCHAN1', AWS_REGION: 'us-west-2', QUICKCHART_URL: 'http://charts.env:3400' };
    const config = configOf(loadYaml('dry_run: false\n', env));
    expect(config.slack.defaultChannel).toBe('C0ENVCHAN1');
    expect(config.digest.channel).toBe('C0ENVCHAN1');
    expect(config.aws.defaultRegion).toBe('us-west-2');
    expect(config.charts.quickchartUrl).toBe('http://charts.env:3400');
  });

  it('reports problems from the file and the environment in one go', () => {
    const result = loadYaml('dry_run: maybe\n', { PORT: '70000', LOG_LEVEL: 'loud' });
    expect(problemsOf(result).map((p) => p.path)).toEqual(['dry_run', 'env.PORT', 'env.LOG_LEVEL']);
  });
});

describe('warnings', () => {
  it('names only the mutating actions no permission rule covers', () => {
    const result = loadYaml('permissions:\n  - { action: scale, allow: [U0123ABCD] }\n');
    expect(result.ok && result.warnings).toEqual([
      'no permissions rule for schedule, incident: everyone in the workspace may schedule scaling and change incidents (ack, resolve, silence)',
    ]);
  });

  it('says nothing about permissions when a rule covers all actions', () => {
    const result = loadYaml('permissions:\n  - { action: all, allow: [S0ONCALL01] }\n');
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('outside local mode, warns about accepting any SNS topic and about the fallback channel', () => {
    const result = loadYaml('permissions:\n  - { action: all, allow: [S0ONCALL01] }\n', HTTP_ENV);
    expect(result.ok && result.warnings).toEqual([
      'sns.allowed_topics is empty: subscriptions from any SNS topic are confirmed and its alarms accepted',
      'no default channel (slack.default_channel or MLOBS_CHANNEL): unrouted alarms go to #ml-incidents',
    ]);
  });

  it('warns when dry_run is on and when extra SNS URLs are trusted', () => {
    const result = loadYaml('dry_run: true\npermissions:\n  - { action: all, allow: [S0ONCALL01] }\n', {
      MLOBS_SNS_TRUSTED_URLS: 'http://127.0.0.1:4566/',
    });
    expect(result.ok && result.warnings).toEqual([
      'dry_run is on: actions are announced and audited but not performed',
      'MLOBS_SNS_TRUSTED_URLS: also trusting http://127.0.0.1:4566/ for SNS signing certificates and SubscribeURL (meant for the simulator)',
    ]);
  });
});

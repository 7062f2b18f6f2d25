import { describe, expect, it } from 'vitest';
import { loadFixture, loadYaml, problemAt, problemsOf } from './config-test-kit.js';

describe('missing required fields', () => {
  const result = loadFixture('missing-required.yml');

  it('says "required" at the exact path of each missing field', () => {
    expect(problemsOf(result)).toEqual(
      expect.arrayContaining([
        { path: 'aws.accounts[0].id', message: 'required' },
        { path: 'sqs.queue_url', message: 'required' },
        { path: 'routing[0].channel', message: 'required' },
        { path: 'routing[2].channel', message: 'required' },
        { path: 'permissions[0].action', message: 'required (one of: scale, schedule, incident, all)' },
      ]),
    );
  });

  it('collects every problem, not just the first', () => {
    expect(problemsOf(result)).toHaveLength(5);
  });

  it('explains that an unquoted channel name became a YAML comment', () => {
    expect(problemAt(loadFixture('unquoted-channel.yml'), 'routing[0].channel')).toBe(
      'is empty: quote channel names, e.g. "#ml-incidents" (an unquoted # starts a YAML comment)',
    );
  });
});

describe('wrong types', () => {
  const result = loadFixture('wrong-types.yml');

  it.each([
    ['routing', 'must be a list, not "#ml-incidents"'],
    ['incidents.reminder_backoff', 'must be a number, not "twice"'],
    ['incidents.flapping.transitions', 'must be a whole number, not 2.5'],
    ['incidents.buttons', 'must be a list, not "ack"'],
    ['endpoints.fraud-detector.min_instances', 'must be a number, not "2"'],
    ['endpoints.fraud-detector.production', 'must be true or false, not "yes"'],
    ['endpoints.fraud-detector.lambdas', 'must be a list, not "fraud-preprocess"'],
    ['digest.enabled', 'must be true or false, not "true"'],
    ['dry_run', 'must be true or false, not 1'],
  ])('%s: %s', (path, message) => {
    expect(problemAt(result, path)).toBe(message);
  });

  it('refuses a drift threshold that is not a positive number, at its feature', () => {
    const result = loadYaml('endpoints:\n  fraud-detector:\n    drift:\n      threshold: 0\n      features:\n        transaction_amount: high\n');
    expect(problemAt(result, 'endpoints.fraud-detector.drift.threshold')).toBe('must be > 0');
    expect(problemAt(result, 'endpoints.fraud-detector.drift.features.transaction_amount')).toBe('must be a number, not "high"');
  });

  it('reports a mapping where a section should be', () => {
    expect(problemAt(loadYaml('digest: [daily]\n'), 'digest')).toBe('must be a mapping (key: value lines), not a list');
  });
});

describe('unknown keys', () => {
  const result = loadFixture('unknown-keys.yml');

  it.each([
    ['slack.default_chanel', 'unknown key (did you mean "default_channel"?)'],
    ['routing[0].chanel', 'unknown key (did you mean "channel"?)'],
    ['incidents.reopenWindow', 'unknown key (did you mean "reopen_window"?)'],
    ['incidents.flapping.transitons', 'unknown key (did you mean "transitions"?)'],
  ])('%s: %s', (path, message) => {
    expect(problemAt(result, path)).toBe(message);
  });

  it('lists the allowed keys when no key is close', () => {
    expect(problemAt(result, 'versoin')).toBe(
      'unknown key (expected one of: slack, aws, sns, sqs, routing, incidents, permissions, endpoints, digest, logs, charts, cost, diagnosis, dry_run)',
    );
  });

  it('reports unknown keys inside a named endpoint', () => {
    expect(problemAt(loadYaml('endpoints:\n  churn-model:\n    max_instance: 4\n'), 'endpoints.churn-model.max_instance')).toBe(
      'unknown key (did you mean "max_instances"?)',
    );
  });
});

describe('bad values', () => {
  const result = loadFixture('bad-values.yml');

  it.each([
    ['incidents.reopen_window', '"30 minutes" is not a duration (use e.g. 30m, 1h, 7d)'],
    ['incidents.reminder_after', '"1h30" is not a duration (use e.g. 30m, 1h, 7d)'],
    ['incidents.flapping.within', '"-5m" is not a duration (use e.g. 30m, 1h, 7d)'],
    ['sns.max_age', '3600 has no unit (use e.g. 30m, 1h, 7d)'],
    ['logs.max_range', '"forever" is not a duration (use e.g. 30m, 1h, 7d)'],
  ])('durations: %s', (path, message) => {
    expect(problemAt(result, path)).toBe(message);
  });

  it('reports a cron schedule with an out-of-range field', () => {
    expect(problemAt(result, 'digest.schedule')).toBe('"0 25 * * *" is not a valid cron schedule: Invalid value for hour: 25');
  });

  it('reports a cron schedule with six fields, though croner would take it', () => {
    expect(problemAt(loadFixture('bad-cron-fields.yml'), 'digest.schedule')).toBe(
      '"0 0 9 * * *" has 6 fields; a schedule has 5 (minute hour day-of-month month day-of-week), e.g. "0 9 * * 1-5"',
    );
  });

  it('reports an unknown time zone with the closest real one', () => {
    expect(problemAt(result, 'digest.timezone')).toBe(
      '"Europe/Berln" is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York) (did you mean "Europe/Berlin"?)',
    );
  });

  it('reports region codes that are not AWS region codes', () => {
    expect(problemAt(result, 'aws.default_region')).toBe('"eu-central1" is not an AWS region code (e.g. us-east-1, eu-central-1)');
    expect(problemAt(result, 'aws.accounts[0].regions[1]')).toMatch(/^"EU-West-1" is not an AWS region code/);
  });

  it('reports an unquoted account ID that lost its leading zero, and says to quote it', () => {
    expect(problemAt(result, 'aws.accounts[0].id')).toBe(
      '"12345678901" is not a 12-digit AWS account ID (quote it: "012345678901"; unquoted, YAML drops a leading 0)',
    );
    expect(problemAt(result, 'aws.accounts[1].id')).toMatch(/^"1234-5678-9012" is not a 12-digit AWS account ID/);
  });

  it('takes an unquoted 12-digit account ID that has no leading zero', () => {
    const config = loadYaml('aws:\n  accounts:\n    - { id: 123456789012, name: prod }\n');
    expect(config.ok && config.config.aws.accounts[0]?.id).toBe('123456789012');
  });

  it('reports an ARN of the wrong service in sns.allowed_topics', () => {
    expect(problemAt(result, 'sns.allowed_topics[0]')).toBe(
      '"arn:aws:sqs:eu-central-1:123456789012:ml-alarms" is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT_ID:TOPIC)',
    );
  });

  it('reports a bad channel name, an unknown severity with a suggestion, a plain-http runbook and a handle as mention', () => {
    expect(problemAt(result, 'routing[0].channel')).toMatch(/^"#ML Incidents" is not a channel: use an ID like C0123ABCD/);
    expect(problemAt(result, 'routing[0].severity')).toBe(
      '"critcal" is not one of: critical, high, warning, info (did you mean "critical"?)',
    );
    expect(problemAt(result, 'routing[0].runbook')).toBe('"http://wiki.example.com/runbook" is not an https:// URL');
    expect(problemAt(result, 'routing[0].mention')).toMatch(/^"@alice" is not a Slack user ID/);
  });

  it('reports bad endpoint and Lambda function names', () => {
    const bad = loadYaml('endpoints:\n  fraud_detector: {}\n  churn-model:\n    lambdas: ["pre process"]\n');
    expect(problemAt(bad, 'endpoints.fraud_detector')).toMatch(/^"fraud_detector" is not a SageMaker endpoint name/);
    expect(problemAt(bad, 'endpoints.churn-model.lambdas[0]')).toMatch(/^"pre process" is not a Lambda function name/);
  });

  it('reports out-of-range numbers with the bound', () => {
    const bad = loadYaml(
      'endpoints:\n  churn-model:\n    sla: { p99_latency_ms: 0, error_rate_percent: 101 }\n    min_instances: -1\nincidents: { reminder_backoff: 0.5 }\n',
    );
    expect(problemAt(bad, 'endpoints.churn-model.sla.p99_latency_ms')).toBe('must be > 0');
    expect(problemAt(bad, 'endpoints.churn-model.sla.error_rate_percent')).toBe('must be ≤ 100');
    expect(problemAt(bad, 'endpoints.churn-model.min_instances')).toBe('must be ≥ 0');
    expect(problemAt(bad, 'incidents.reminder_backoff')).toBe('must be ≥ 1');
  });

  it('reports an empty allow list and an unknown button', () => {
    const bad = loadYaml('permissions:\n  - { action: scale, allow: [] }\nincidents: { buttons: [ack, snooze] }\n');
    expect(problemAt(bad, 'permissions[0].allow')).toBe('must list at least 1 item');
    expect(problemAt(bad, 'incidents.buttons[1]')).toBe('"snooze" is not one of: ack, resolve, diagnose, scale, silence');
  });
});

describe('references between sections', () => {
  const result = loadFixture('references.yml');

  it('reports account names and IDs used twice', () => {
    expect(problemAt(result, 'aws.accounts[1].name')).toBe('"prod" is already used by aws.accounts[0]');
    expect(problemAt(result, 'aws.accounts[2].id')).toBe('"123456789012" is already used by aws.accounts[0]');
  });

  it('reports a routing rule naming an account that is not configured, with a suggestion', () => {
    expect(problemAt(result, 'routing[0].match.account')).toBe('no account named "prd" in aws.accounts (did you mean "prod"?)');
  });

  it('accepts a routing rule naming a configured account by its ID', () => {
    expect(problemsOf(result).some((p) => p.path === 'routing[1].match.account')).toBe(false);
  });

  it('reports max_instances below min_instances', () => {
    expect(problemAt(result, 'endpoints.fraud-detector.max_instances')).toBe('must be ≥ min_instances (3)');
  });

  it('reports an endpoint naming an unknown account, listing the known ones', () => {
    expect(problemAt(result, 'endpoints.fraud-detector.account')).toBe(
      'no account named "staging" in aws.accounts (known: prod, sandbox)',
    );
  });

  it('reports a permission for an endpoint that is not configured', () => {
    expect(problemAt(result, 'permissions[0].endpoints[0]')).toBe(
      'no endpoint named "fraud-detecter" in endpoints (did you mean "fraud-detector"?)',
    );
  });

  it('requires an account ID in routing when no accounts are configured', () => {
    const bad = loadYaml('routing:\n  - { match: { account: prod }, channel: "#ml" }\n  - { match: { account: "123456789012" }, channel: "#ml" }\n');
    expect(problemsOf(bad)).toEqual([
      {
        path: 'routing[0].match.account',
        message: '"prod" is not an account ID, and aws.accounts is empty (list the account there to use its name)',
      },
    ]);
  });

  it('checks references even when another section has problems', () => {
    const bad = loadYaml('digest: { timezone: Mars/Olympus }\nendpoints:\n  churn-model: { min_instances: 5, max_instances: 2 }\n');
    expect(problemsOf(bad).map((p) => p.path)).toEqual(['digest.timezone', 'endpoints.churn-model.max_instances']);
  });
});

describe('endpoint details', () => {
  it('reports an instance type that is not a SageMaker one', () => {
    expect(problemAt(loadYaml('endpoints:\n  churn-model: { instance_type: m5.large }\n'), 'endpoints.churn-model.instance_type')).toBe(
      '"m5.large" is not a SageMaker instance type (e.g. ml.m5.xlarge)',
    );
  });
});

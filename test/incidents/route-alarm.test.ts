import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../src/config/config.js';
import type { AlarmTransition } from '../../src/incidents/alarm-notification/index.js';
import { firingKeyPrefix, incidentKey } from '../../src/incidents/incident-key.js';
import { globMatches, routeAlarm, severityFromAlarmName } from '../../src/incidents/route-alarm.js';
import type { RoutingConfig } from '../../src/incidents/route-alarm.js';
import { alarmFixture, alarmFrom, edited } from './alarm-notification/sns-fixtures.js';

const P99 = alarmFixture('alarm-metric-p99-latency.json');
const MATH = alarmFixture('alarm-metric-math.json');
const COMPOSITE = alarmFixture('alarm-composite.json');
const LAMBDA = alarmFixture('lambda-errors-alarm.json');

function rule(match: RoutingRule['match'], channel: string, extra: Partial<RoutingRule> = {}): RoutingRule {
  return { match, channel, severity: undefined, groupBy: 'resource', runbookUrl: undefined, mention: undefined, diagnose: false, ...extra };
}

function config(...routing: RoutingRule[]): RoutingConfig {
  return { routing, slack: { defaultChannel: '#ml-incidents' } };
}

function named(alarmName: string): AlarmTransition {
  return alarmFrom(
    edited('alarm-metric-p99-latency.json', (document) => {
      document['AlarmName'] = alarmName;
      document['AlarmArn'] = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`;
    }),
  );
}

describe('routeAlarm', () => {
  it('sends an alarm no rule matches to the default channel, grouped by resource', () => {
    expect(routeAlarm(P99, config(rule({ accountId: '210987654321' }, '#staging')))).toEqual({
      channel: '#ml-incidents',
      severity: 'warning',
      groupBy: 'resource',
      diagnose: false,
    });
  });

  it('takes the first matching rule, in the order the config lists them', () => {
    const routed = routeAlarm(
      P99,
      config(
        rule({ region: 'eu-west-1' }, '#europe'),
        rule({ accountId: '123456789012' }, '#prod', { severity: 'high', mention: 'S0ONCALL', diagnose: true, groupBy: 'alarm' }),
        rule({}, '#everything'),
      ),
    );
    expect(routed).toEqual({
      channel: '#prod',
      severity: 'high',
      groupBy: 'alarm',
      mention: 'S0ONCALL',
      diagnose: true,
      ruleIndex: 1,
    });
  });

  it('needs every condition of a rule to hold', () => {
    const routing = config(rule({ accountId: '123456789012', region: 'eu-west-1' }, '#eu-prod'));
    expect(routeAlarm(P99, routing).channel).toBe('#ml-incidents');
  });

  it('matches the alarm name as a glob', () => {
    const routing = config(rule({ alarmName: 'fraud-*' }, '#fraud'));
    expect(routeAlarm(P99, routing).channel).toBe('#fraud');
    expect(routeAlarm(LAMBDA, routing).channel).toBe('#fraud');
    expect(routeAlarm(named('recsys-ranker-p99-latency'), routing).channel).toBe('#ml-incidents');
  });

  it('matches the namespace of the metric, or of any metric of a metric-math alarm', () => {
    const routing = config(rule({ namespace: 'AWS/SageMaker' }, '#sagemaker'), rule({ namespace: 'AWS/Lambda' }, '#lambda'));
    expect(routeAlarm(P99, routing).channel).toBe('#sagemaker');
    expect(routeAlarm(MATH, routing).channel).toBe('#sagemaker');
    expect(routeAlarm(LAMBDA, routing).channel).toBe('#lambda');
  });

  it('never matches a composite alarm by namespace: it watches no metric itself', () => {
    expect(routeAlarm(COMPOSITE, config(rule({ namespace: 'AWS/SageMaker' }, '#sagemaker'))).channel).toBe('#ml-incidents');
  });

  it('skips a tag rule when the transition carries no tags, and matches when the caller supplied them', () => {
    const routing = config(rule({ tags: { team: 'fraud' } }, '#fraud-team'));
    expect(routeAlarm(P99, routing).channel).toBe('#ml-incidents');
    expect(routeAlarm({ ...P99, tags: { team: 'fraud', env: 'prod' } }, routing).channel).toBe('#fraud-team');
    expect(routeAlarm({ ...P99, tags: { team: 'recsys' } }, routing).channel).toBe('#ml-incidents');
  });

  it('takes the runbook from the rule, else from a URL in the alarm description', () => {
    expect(routeAlarm(COMPOSITE, config()).runbookUrl).toBe('https://wiki.example.com/runbooks/fraud-detector#degraded');
    const routing = config(rule({}, '#x', { runbookUrl: 'https://wiki.example.com/runbooks/all' }));
    expect(routeAlarm(COMPOSITE, routing).runbookUrl).toBe('https://wiki.example.com/runbooks/all');
    expect(routeAlarm(P99, config()).runbookUrl).toBeUndefined();
  });

  it('takes the severity from the rule over the naming convention', () => {
    expect(routeAlarm(named('fraud-detector-latency-critical'), config()).severity).toBe('critical');
    const routing = config(rule({}, '#x', { severity: 'info' }));
    expect(routeAlarm(named('fraud-detector-latency-critical'), routing).severity).toBe('info');
  });
});

describe('severity by naming convention', () => {
  it.each([
    ['fraud-detector-p99-latency-critical', 'critical'],
    ['FraudDetectorLatency_CRITICAL', 'critical'],
    ['[critical] fraud-detector latency', 'critical'],
    ['fraud-detector (Critical) latency', 'critical'],
    ['recsys-ranker-gpu-memory-high', 'high'],
    ['recsys-ranker-5xx-warning', 'warning'],
    ['recsys-ranker-5xx-warn', 'warning'],
    ['recsys-ranker.traffic.info', 'info'],
    ['fraud-detector-p99-latency', undefined],
    ['highlatency', undefined],
    ['fraud-detector-information', undefined],
  ])('reads %s as %s', (name, severity) => {
    expect(severityFromAlarmName(name)).toBe(severity);
  });

  it('defaults to warning', () => {
    expect(routeAlarm(P99, config()).severity).toBe('warning');
  });
});

describe('globMatches', () => {
  it.each([
    ['fraud-*', 'fraud-detector-p99-latency', true],
    ['*-latency', 'fraud-detector-p99-latency', true],
    ['fraud-detector-p??-latency', 'fraud-detector-p99-latency', true],
    ['fraud-detector-p?-latency', 'fraud-detector-p99-latency', false],
    ['fraud-*', 'recsys-fraud-x', false],
    ['fraud.detector', 'fraud-detector', false],
    ['fraud.detector', 'fraud.detector', true],
    ['a+b(c)[d]', 'a+b(c)[d]', true],
    ['*', '', true],
    ['Fraud-*', 'fraud-detector', false],
  ])('%s against %s is %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });
});

describe('incidentKey', () => {
  it('prefixes the resource with account and region so same-named endpoints never merge', () => {
    expect(incidentKey(P99, 'resource')).toBe('123456789012/us-east-1/sagemaker:fraud-detector/AllTraffic');
    const otherAccount = alarmFrom(
      edited('alarm-metric-p99-latency.json', (document) => {
        document['AWSAccountId'] = '210987654321';
        document['AlarmArn'] = 'arn:aws:cloudwatch:us-east-1:210987654321:alarm:fraud-detector-p99-latency';
      }),
    );
    const otherRegion = alarmFrom(
      edited('alarm-metric-p99-latency.json', (document) => {
        document['AlarmArn'] = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:fraud-detector-p99-latency';
        document['Region'] = 'EU (Ireland)';
      }),
    );
    expect(incidentKey(otherAccount, 'resource')).toBe('210987654321/us-east-1/sagemaker:fraud-detector/AllTraffic');
    expect(incidentKey(otherRegion, 'resource')).toBe('123456789012/eu-west-1/sagemaker:fraud-detector/AllTraffic');
  });

  it('groups two alarms on one endpoint under one key', () => {
    expect(incidentKey(MATH, 'resource')).toBe(incidentKey(P99, 'resource'));
  });

  it('keys an alarm on no known resource by its ARN, which already names account and region', () => {
    expect(incidentKey(COMPOSITE, 'resource')).toBe(COMPOSITE.alarmArn);
  });

  it('keys by the alarm ARN with group_by alarm', () => {
    expect(incidentKey(P99, 'alarm')).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency');
  });

  it('adds the firing time with group_by none, so each firing is its own incident', () => {
    const key = incidentKey(P99, 'none');
    expect(key).toBe('arn:aws:cloudwatch:us-east-1:123456789012:alarm:fraud-detector-p99-latency@2026-11-23T14:07:12.345Z');
    expect(key.startsWith(firingKeyPrefix(P99.alarmArn))).toBe(true);
  });
});

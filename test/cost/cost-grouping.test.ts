import { describe, expect, it } from 'vitest';
import { groupingProblem, matchService, parseGrouping, parseServiceFilter, serviceFilterProblem } from '../../src/cost/cost-grouping.js';

const SERVICES = ['AWS Lambda', 'AWS X-Ray', 'Amazon API Gateway', 'Amazon SageMaker', 'Amazon Simple Storage Service', 'AmazonCloudWatch'];

describe('--by', () => {
  it('accepts service and tag keys AWS allows, keeping colons inside the key', () => {
    for (const value of ['service', 'SERVICE', 'tag:Project', 'tag:aws:createdBy', 'tag:cost center/team=ml+1@x']) expect(groupingProblem(value), value).toBeUndefined();
    expect(parseGrouping('tag:aws:createdBy')).toEqual({ kind: 'tag', key: 'aws:createdBy' });
    expect(parseGrouping(undefined)).toEqual({ kind: 'service' });
  });

  it('refuses anything else, saying what is wrong', () => {
    expect(groupingProblem('region')).toMatch(/must be `service` or `tag:KEY`/);
    expect(groupingProblem('tag:')).toMatch(/needs a tag key/);
    expect(groupingProblem('tag:a$b')).toMatch(/characters AWS does not allow/);
    expect(groupingProblem(`tag:${'k'.repeat(129)}`)).toMatch(/longer than AWS allows/);
  });
});

describe('--filter', () => {
  it('takes service:NAME only', () => {
    expect(serviceFilterProblem('service:SageMaker')).toBeUndefined();
    expect(parseServiceFilter('service: Amazon SageMaker ')).toBe('Amazon SageMaker');
    expect(serviceFilterProblem('service:')).toMatch(/needs a service name/);
    expect(serviceFilterProblem('tag:Project=fraud')).toMatch(/must be `service:NAME`/);
  });

  it('finds the service by its exact name, its name without Amazon/AWS, an alias, or the one name containing it', () => {
    expect(matchService('Amazon SageMaker', SERVICES)).toBe('Amazon SageMaker');
    expect(matchService('sagemaker', SERVICES)).toBe('Amazon SageMaker');
    expect(matchService('CloudWatch', SERVICES)).toBe('AmazonCloudWatch');
    expect(matchService('xray', SERVICES)).toBe('AWS X-Ray');
    expect(matchService('S3', SERVICES)).toBe('Amazon Simple Storage Service');
    expect(matchService('gateway', SERVICES)).toBe('Amazon API Gateway');
  });

  it('finds nothing for an unknown or ambiguous name', () => {
    expect(matchService('Redshift', SERVICES)).toBeUndefined();
    expect(matchService('a', SERVICES)).toBeUndefined();
    expect(matchService('Amazon', SERVICES)).toBeUndefined();
  });
});

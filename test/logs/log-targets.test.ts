import { describe, expect, it } from 'vitest';
import { UsageError, UserFacingError } from '../../src/command/command-errors.js';
import type { Config } from '../../src/config/config.js';
import { checkAllowed, checkRange, logTargetOf, logTargetProblem, queryTextProblem } from '../../src/logs/log-targets.js';

const config = (allowedPrefixes = ['/aws/sagemaker/', '/aws/lambda/']) =>
  ({
    endpoints: Object.assign(Object.create(null), { 'fraud-detector': { lambdas: ['fraud-preprocess'] } }),
    logs: { allowedPrefixes, maxRangeMs: 7 * 86_400_000 },
  }) as unknown as Config;

describe('log targets', () => {
  it('accepts endpoint names and log groups, nothing that could carry a query', () => {
    expect(logTargetProblem('fraud-detector')).toBeUndefined();
    expect(logTargetProblem('/aws/lambda/fraud-preprocess')).toBeUndefined();
    for (const bad of ['fraud-detector | fields @message', 'fraud-detector"', '-fraud', '/aws/lambda/x | stats count(*)', '/aws/lambda/x\n| fields @message']) {
      expect(logTargetProblem(bad), bad).toBeDefined();
    }
  });

  it('maps an endpoint to its container group and its configured Lambdas’ groups', () => {
    expect(logTargetOf('fraud-detector', config()).groups).toEqual(['/aws/sagemaker/Endpoints/fraud-detector', '/aws/lambda/fraud-preprocess']);
    expect(logTargetOf('recsys-ranker', config()).groups).toEqual(['/aws/sagemaker/Endpoints/recsys-ranker']);
    expect(logTargetOf('constructor', config()).groups).toEqual(['/aws/sagemaker/Endpoints/constructor']);
    expect(logTargetOf('/aws/lambda/x', config())).toEqual({ kind: 'log-group', groups: ['/aws/lambda/x'] });
  });

  it('refuses groups outside the allowed prefixes, naming them', () => {
    expect(() => checkAllowed(logTargetOf('fraud-detector', config(['/aws/sagemaker/'])), config(['/aws/sagemaker/']))).toThrow(
      new UserFacingError('mlobs may not read `/aws/lambda/fraud-preprocess`: only log groups under `/aws/sagemaker/` may be queried (logs.allowed_prefixes in mlobs.yml).'),
    );
    expect(() => checkAllowed(logTargetOf('/aws/lambda/x', config([])), config([]))).toThrow(/only log groups under none/);
    expect(() => checkAllowed(logTargetOf('fraud-detector', config()), config())).not.toThrow();
  });

  it('refuses a range past logs.max_range', () => {
    const end = new Date('2026-11-23T15:00:00Z');
    expect(() => checkRange({ start: new Date(end.getTime() - 8 * 86_400_000), end }, config())).toThrow(UsageError);
    expect(() => checkRange({ start: new Date(end.getTime() - 7 * 86_400_000), end }, config())).not.toThrow();
  });

  it('refuses SOURCE wherever a command may start, not inside a filter', () => {
    expect(queryTextProblem('SOURCE logGroups(namePrefix: ["/aws/rds"]) | fields @message')).toBeDefined();
    expect(queryTextProblem('fields @message | source logGroups()')).toBeDefined();
    expect(queryTextProblem('filter @message like /SOURCE/')).toBeUndefined();
  });
});

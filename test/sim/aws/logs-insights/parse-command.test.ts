import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../../src/sim/aws/logs-insights/index.js';
import { asRecords, fraudDetectorEvents } from './fraud-detector-log-events.js';

describe('parse', () => {
  it('glob form: each * captures one field, and lines that do not match leave the fields missing', () => {
    const outcome = runQuery(
      'parse @message "* * Task timed out after * seconds" as loggedAt, requestId, timeoutSeconds | filter ispresent(requestId) | display requestId, timeoutSeconds',
      fraudDetectorEvents,
    );
    expect(asRecords(outcome).map(({ '@ptr': _ptr, ...fields }) => fields)).toEqual([
      { requestId: '45c48cce-2e2d-4fbd-8f3a-9b8c7d6e5f40', timeoutSeconds: '6.00' },
      { requestId: 'c9f0f895-fb98-4b91-9a5f-4e1f2d3c4b5a', timeoutSeconds: '3.00' },
      { requestId: '8f14e45f-ceea-467e-a7d4-0c2b1a3d5e6f', timeoutSeconds: '3.00' },
    ]);
    expect(outcome.statistics.recordsMatched).toBe(3);
  });

  it('glob form: a trailing * takes the rest of the line', () => {
    const outcome = runQuery('parse @message "[*] *: *" as level, exception, detail | filter level = "ERROR" | display exception, detail', fraudDetectorEvents);
    expect(asRecords(outcome)[0]).toMatchObject({
      exception: 'ModelLoadException',
      detail: 'model artifact s3://ml-models/fraud/v13/model.tar.gz not found',
    });
  });

  it('regex form: named groups become fields that stats can aggregate as numbers', () => {
    const outcome = runQuery(
      'parse @message /timed out after (?<timeoutSeconds>[\\d.]+) seconds/ | stats count(timeoutSeconds) as timeouts, max(timeoutSeconds) as longest, sum(timeoutSeconds) as total',
      fraudDetectorEvents,
    );
    expect(asRecords(outcome)).toEqual([{ timeouts: '3', longest: '6.00', total: '12' }]);
  });

  it('regex form: (?i) makes the match case-insensitive', () => {
    const outcome = runQuery('parse @message /(?i)(?<verb>TASK TIMED OUT)/ | filter ispresent(verb) | stats count(*) as n', fraudDetectorEvents);
    expect(asRecords(outcome)).toEqual([{ n: '3' }]);
  });

  it('parsed fields join the default columns when the query lists none', () => {
    const outcome = runQuery('parse @message "Duration: * ms" as duration | filter ispresent(duration)', fraudDetectorEvents);
    expect(outcome.results[0]?.map(({ field }) => field)).toEqual(['@timestamp', '@message', '@logStream', '@log', 'duration', '@ptr']);
  });
});

import { describe, expect, it } from 'vitest';
import { costText, formatBytes, inlineCode, resultTable, scanCostUsd, scanSummary } from '../../src/logs/query-result-parts.js';
import { binWidthFor } from '../../src/logs/saved-queries.js';

const statistics = { recordsMatched: 3, recordsScanned: 40, bytesScanned: 1_288_490_189 };

describe('query result parts', () => {
  it('prices a scan at $0.005 per GB and writes sizes and costs readably', () => {
    expect(scanCostUsd(1024 ** 3)).toBeCloseTo(0.005);
    expect([512, 12_800, 1_288_490_189].map(formatBytes)).toEqual(['512 B', '12.5 KB', '1.2 GB']);
    expect([0.02, 0.0042, 0.00001].map(costText)).toEqual(['≈ $0.02', '≈ $0.0042', 'under $0.0001']);
    expect(scanSummary(statistics, 3_500)).toBe('3 of 40 records matched · 1.2 GB scanned (≈ $0.006) · 3.5 s');
  });

  it('counts what matched as the total when rows are events, and shapes cells for a narrow table', () => {
    const table = resultTable(
      {
        columns: ['@timestamp', '@log', '@message'],
        rows: [
          { '@timestamp': '2026-11-23 15:04:57.725', '@log': '123456789012:/aws/lambda/fraud-preprocess', '@message': '2026-11-23T15:04:57.725Z c0a3b7b9-922e-4623-a513-67c1f5ae3f0e Task timed out after 3.00 seconds' },
          { '@timestamp': '2026-11-23 15:04:50.000', '@log': '123456789012:/aws/sagemaker/Endpoints/fraud-detector', '@message': 'ERROR prediction failed' },
        ],
        rowsAreEvents: true,
        statistics: { ...statistics, recordsMatched: 1_234 },
      },
      1,
    );
    expect(table).toEqual({
      columns: [{ title: '@timestamp' }, { title: '@log' }, { title: '@message' }],
      rows: [['15:04:57.725', 'fraud-preprocess', 'Task timed out after 3.00 seconds']],
      totalRows: 1_234,
    });
  });

  it('counts the rows returned for stats results, numbers right-aligned', () => {
    const table = resultTable({ columns: ['@log', 'count(*)'], rows: [{ '@log': 'a', 'count(*)': '3' }], rowsAreEvents: false, statistics });
    expect(table).toEqual({ columns: [{ title: '@log' }, { title: 'count(*)', align: 'right' }], rows: [['a', '3']] });
  });

  it('keeps a query on one line of inline code', () => {
    expect(inlineCode('fields `a`\n| limit 5')).toBe("`fields 'a' ⏎ | limit 5`");
  });

  it('picks a bin that keeps a series at or under 120 points', () => {
    expect([3_600_000, 3 * 3_600_000, 86_400_000, 7 * 86_400_000].map((ms) => binWidthFor(ms))).toEqual(['1m', '5m', '15m', '3h']);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rssTrend } from '../../scripts/bench/memory.js';
import { formatTable, writeResults } from '../../scripts/bench/report.js';
import { linearSlope, percentile } from '../../scripts/bench/stats.js';
import { makeTempDir } from '../ingest/helpers.js';

const tmp = makeTempDir('guidebot-bench-report-');
afterAll(() => tmp.cleanup());

describe('the bench results file', () => {
  it("replaces only the keys a bench wrote and keeps the other bench's", () => {
    const file = join(tmp.dir, 'data', 'bench-results.json');
    writeResults({ when: 'ingestion run', rows: [1] }, file);
    writeResults({ discord: { bots: [] } }, file);
    writeResults({ when: 'second ingestion run', rows: [2] }, file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      when: 'second ingestion run',
      rows: [2],
      discord: { bots: [] },
    });
  });

  it('replaces a file that is not JSON, saying so, instead of failing', () => {
    const file = join(tmp.dir, 'broken.json');
    writeFileSync(file, '{ not json');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    writeResults({ discord: {} }, file);
    expect(stderr).toHaveBeenCalledWith(
      expect.stringMatching(/broken\.json was not valid JSON.*replacing it/),
    );
    stderr.mockRestore();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ discord: {} });
  });
});

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([], 50)).toBeNaN();
  });

  it('fits a slope, and reports RSS growth in MB per minute', () => {
    expect(linearSlope([0, 1, 2, 3].map((x) => ({ x, y: 2 * x + 5 })))).toBeCloseTo(2);
    const climbing = Array.from({ length: 61 }, (_, s) => ({
      atMs: s * 1000,
      rssMb: 100 + s / 6,
      cpuS: 0,
      processes: 1,
    }));
    expect(rssTrend(climbing)).toMatchObject({ startMb: 100, peakMb: 110, endMb: 110, slopeMbPerMin: 10 });
    const flat = climbing.map((s, i) => ({ ...s, rssMb: i < 10 ? 100 + i : 110 }));
    expect(rssTrend(flat)?.secondHalfSlopeMbPerMin).toBe(0);
    // Ten seconds of samples show the garbage collector's timing, not a trend.
    expect(rssTrend(climbing.slice(0, 11))).toMatchObject({ spanS: 10, slopeMbPerMin: null });
  });

  it('right-aligns numbers and left-aligns the named columns', () => {
    expect(
      formatTable(
        ['name', 'n'],
        [
          ['a', '1'],
          ['bbb', '22'],
        ],
        new Set([0]),
      ),
    ).toBe('name   n\n----  --\na      1\nbbb   22\n');
  });
});

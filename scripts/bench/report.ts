import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { percentile } from './stats.js';

/** Where every bench writes; each one replaces only its own keys. */
export const RESULTS_FILE = path.join('data', 'bench-results.json');

/** One line of the ingestion and query table. */
export interface Row {
  measure: string;
  n: number;
  median: number;
  p95?: number;
  max: number;
  unit: string;
  note: string;
}

/** What `npm run bench` collects: its table rows, peak RSS after each phase and free-form details. */
export class BenchReport {
  readonly rows: Row[] = [];
  readonly peakRssMb: Record<string, number> = {};
  readonly details: Record<string, unknown> = {};

  addRow(
    measure: string,
    samples: number[],
    details: { unit: string; note: string; withP95?: boolean },
  ): void {
    const { unit, note, withP95 = false } = details;
    this.rows.push({
      measure,
      n: samples.length,
      median: percentile(samples, 50),
      ...(withP95 ? { p95: percentile(samples, 95) } : {}),
      max: Math.max(...samples),
      unit,
      note,
    });
  }
}

/** The machine the numbers come from; the load average says how busy it was with other work. */
export function describeMachine(loadAtStart: number) {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage1m: { atStart: loadAtStart, atEnd: loadavg()[0]! },
  };
}

/**
 * Merges `results` into the results file: keys this run produced replace the old ones, the others
 * (another bench's) stay. An unreadable old file is replaced, with a warning.
 */
export function writeResults(results: Record<string, unknown>, file = RESULTS_FILE): void {
  let previous: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        previous = parsed as Record<string, unknown>;
    } catch (error) {
      process.stderr.write(
        `[bench] ${file} was not valid JSON (${(error as Error).message}); replacing it\n`,
      );
    }
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
}

/** A plain-text table; columns in `left` are left-aligned, the others right-aligned. */
export function formatTable(header: string[], body: string[][], left: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${body.map(line).join('\n')}\n`;
}

/** A number for a table cell: whole above 100, two decimals below, empty when missing. */
export function formatNumber(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '';
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2);
}

/** Progress goes to stderr so stdout keeps only the table. */
export function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

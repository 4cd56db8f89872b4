/**
 * `npm run bench [-- flags]`: ingestion, query latency and memory of the guide's pipeline, in one process.
 *
 * Flags (all optional; anything else is refused with one line and exit 2):
 *   --scale N                       size of the synthetic corpus, in copies of the guide (default 100)
 *   --cold-runs N                   cold ingestions of the guide (default 3)
 *   --unchanged-runs N              re-ingestions of the unchanged guide (default 5)
 *   --synthetic-embedder use-lite|hash
 *                                   embedder for the synthetic corpus (default use-lite; hash skips the model)
 *   --skip-synthetic                leave out the synthetic corpus
 *   --discord                       then run the Discord load bench with its defaults (`npm run bench:discord`:
 *                                   burst, repeat, distinct and soak through a fake Discord, next to the minimal
 *                                   defer + edit and reply bots), in this same run
 *   --help                          print this text
 *
 * Measures, with process.hrtime and USE-lite:
 *   1. ingestion of the guide, cold (empty index, fresh embedder: the first run includes loading the model)
 *   2. ingestion of the guide again with nothing changed (every vector reused)
 *   3. warm query latency over >= 200 distinct questions: `openGuide(...).answer(q)` (the full answer),
 *      and dense retrieval alone straight from the HNSWLib store
 *   4. ingestion of a synthetic corpus `--scale` times the guide, cold and then unchanged
 *   5. peak RSS (process.resourceUsage().maxRSS) after each phase
 * Prints a table and merges its keys into data/bench-results.json (the Discord load bench,
 * `npm run bench:discord`, keeps its own key there). Work happens in a temporary folder; the real
 * INDEX_DIR is never touched. Exit 2: a bad flag or setting (named in one line); exit 1: the bench failed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import 'dotenv/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createSilentLogger } from '../../src/logger.js';
import { oneOf, describeUsage, parseFlags, runEntry, wholeNumber } from './flags.js';
import { benchGuideIngestion, type BenchContext } from './ingestion.js';
import { benchQueries } from './queries.js';
import {
  BenchReport,
  describeMachine,
  formatNumber,
  formatTable,
  RESULTS_FILE,
  writeResults,
} from './report.js';
import { benchSyntheticIngestion, HashBenchEmbeddings } from './synthetic.js';

const FLAGS = {
  scale: { type: 'string', default: '100' },
  'cold-runs': { type: 'string', default: '3' },
  'unchanged-runs': { type: 'string', default: '5' },
  'synthetic-embedder': { type: 'string', default: 'use-lite' },
  'skip-synthetic': { type: 'boolean', default: false },
  discord: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) {
    process.stdout.write(describeUsage(import.meta.url));
    return;
  }
  const scale = wholeNumber('scale', flags.scale, 1);
  const coldRuns = wholeNumber('cold-runs', flags['cold-runs'], 1);
  const unchangedRuns = wholeNumber('unchanged-runs', flags['unchanged-runs'], 1);
  const syntheticEmbedder = oneOf('synthetic-embedder', flags['synthetic-embedder'], ['use-lite', 'hash']);

  const config = loadConfig(process.env);
  const guideDir = path.resolve(config.CORPUS_DIR);
  const loadAtStart = loadavg()[0]!;
  const work = mkdtempSync(path.join(tmpdir(), 'guidebot-bench-'));
  const report = new BenchReport();
  const ctx: BenchContext = { config, logger: createSilentLogger(), work, report };
  try {
    const { indexDir, embeddings } = await benchGuideIngestion(ctx, { guideDir, coldRuns, unchangedRuns });
    await benchQueries(ctx, { guideDir, indexDir, embeddings });
    if (!flags['skip-synthetic']) {
      await benchSyntheticIngestion(ctx, {
        guideDir,
        scale,
        embeddings: syntheticEmbedder === 'hash' ? new HashBenchEmbeddings() : embeddings,
      });
    }
    const results = {
      when: new Date().toISOString(),
      machine: describeMachine(loadAtStart),
      method:
        'process.hrtime.bigint() around each call; medians and nearest-rank p95 over n samples from this one run; ' +
        'queries warmed with 20 untimed questions first; peak RSS is process.resourceUsage().maxRSS after each phase (monotonic)',
      settings: {
        chunkSize: config.CHUNK_SIZE,
        chunkOverlap: config.CHUNK_OVERLAP,
        topK: config.RETRIEVAL_TOP_K,
        embedder: embeddings.info,
      },
      rows: report.rows,
      peakRssMb: report.peakRssMb,
      details: report.details,
    };
    writeResults(results);
    const body = report.rows.map((r) => [
      r.measure,
      String(r.n),
      formatNumber(r.median),
      formatNumber(r.p95),
      formatNumber(r.max),
      r.unit,
      r.note,
    ]);
    process.stdout.write(
      formatTable(['measure', 'n', 'median', 'p95', 'max', 'unit', 'note'], body, new Set([0, 6])),
    );
    process.stdout.write(`peak RSS (MB, after each phase): ${JSON.stringify(report.peakRssMb)}\n`);
    process.stdout.write(`machine: ${JSON.stringify(results.machine)}\n`);
    process.stdout.write(`${results.method}\nwritten to ${RESULTS_FILE}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (flags.discord) await runDiscordBench();
}

/** `npm run bench:discord` with its defaults, as a child process whose output is this run's. */
async function runDiscordBench(): Promise<void> {
  const script = fileURLToPath(new URL('./discord/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
  if (code !== 0) throw new Error(`the Discord load bench failed (exit ${String(code)})`);
}

await runEntry('bench', main);

import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config.js';
import type { Embedder } from '../../src/core/embedder.js';
import { ingestCorpus, type IngestProgress, type IngestSummary } from '../../src/ingest/ingest.js';
import type { Logger } from '../../src/logger.js';
import { UseLiteEmbeddings } from '../../src/providers/embeddings/use-lite.js';
import { peakRssMb } from './memory.js';
import { progress, type BenchReport } from './report.js';

/** What every phase of `npm run bench` shares. */
export interface BenchContext {
  config: Config;
  logger: Logger;
  /** A temporary folder for indexes and corpora; the real INDEX_DIR is never touched. */
  work: string;
  report: BenchReport;
}

/** Ingests `corpusDir` into `indexDir` with the configured splitter settings. */
export function ingestForBench(
  ctx: BenchContext,
  target: { corpusDir: string; indexDir: string; embeddings: Embedder },
  onProgress?: (p: IngestProgress) => void,
): Promise<IngestSummary> {
  const { corpusDir, indexDir, embeddings } = target;
  return ingestCorpus({
    corpusDir,
    indexDir,
    embeddings,
    chunkSize: ctx.config.CHUNK_SIZE,
    chunkOverlap: ctx.config.CHUNK_OVERLAP,
    batchSize: ctx.config.EMBEDDINGS_BATCH_SIZE,
    logger: ctx.logger,
    ...(onProgress ? { onProgress } : {}),
  });
}

/**
 * Phases 1 and 2: the guide ingested cold `coldRuns` times (empty index, fresh USE-lite each run, so
 * the first run includes loading the model), then `unchangedRuns` times with nothing changed (every
 * vector reused). Returns the guide's index and a loaded embedder for the query phase.
 */
export async function benchGuideIngestion(
  ctx: BenchContext,
  options: { guideDir: string; coldRuns: number; unchangedRuns: number },
): Promise<{ indexDir: string; embeddings: UseLiteEmbeddings }> {
  const { report } = ctx;
  const indexDir = path.join(ctx.work, 'guide-index');
  const coldSamples: number[] = [];
  let firstCold: IngestSummary | undefined;
  for (let run = 0; run < options.coldRuns; run++) {
    rmSync(indexDir, { recursive: true, force: true });
    const summary = await ingestForBench(ctx, {
      corpusDir: options.guideDir,
      indexDir,
      embeddings: new UseLiteEmbeddings({ batchSize: 32 }),
    });
    firstCold ??= summary;
    coldSamples.push(summary.ms);
    progress(`guide cold run ${run + 1}: ${summary.ms.toFixed(0)} ms, ${summary.embedded} embedded`);
  }
  report.addRow('ingest guide, cold (empty index)', coldSamples, {
    unit: 'ms',
    note: `${firstCold!.chunks} chunks embedded; new embedder per run (model load included)`,
  });
  report.peakRssMb.afterGuideCold = peakRssMb();

  const embeddings = new UseLiteEmbeddings({ batchSize: 32 });
  const unchangedSamples: number[] = [];
  for (let run = 0; run < options.unchangedRuns; run++) {
    const summary = await ingestForBench(ctx, { corpusDir: options.guideDir, indexDir, embeddings });
    if (summary.embedded !== 0) throw new Error(`expected full reuse, got ${summary.embedded} embedded`);
    unchangedSamples.push(summary.ms);
  }
  report.addRow('re-ingest guide, nothing changed', unchangedSamples, {
    unit: 'ms',
    note: 'all vectors reused; aim < 2000 ms',
  });
  report.peakRssMb.afterGuideUnchanged = peakRssMb();
  return { indexDir, embeddings };
}

import type { Embedder } from '../../src/core/embedder.js';
import { openGuide } from '../../src/core/guide.js';
import { toGuideSettings } from '../../src/app/wiring.js';
import { loadIndex } from '../../src/index/read.js';
import type { BenchContext } from './ingestion.js';
import { peakRssMb } from './memory.js';
import { buildQuestions } from './questions.js';
import { msSince } from './stats.js';

/** Untimed questions before each timed pass, so model and caches are warm. */
const WARM_UP = 20;

/**
 * Phase 3: warm query latency over >= 200 distinct questions: dense retrieval alone, straight from
 * the HNSWLib store, then the full answer `openGuide(...).answer(q)` in wall time and in CPU time.
 */
export async function benchQueries(
  ctx: BenchContext,
  options: { guideDir: string; indexDir: string; embeddings: Embedder },
): Promise<void> {
  const { config, report } = ctx;
  const questions = buildQuestions(options.guideDir);
  report.details.questions = questions.length;

  const loaded = await loadIndex(options.indexDir, options.embeddings);
  const dense: number[] = [];
  for (const q of questions.slice(0, WARM_UP))
    await loaded.vectorStore.similaritySearch(q, config.RETRIEVAL_TOP_K);
  for (const q of questions) {
    const start = process.hrtime.bigint();
    await loaded.vectorStore.similaritySearch(q, config.RETRIEVAL_TOP_K);
    dense.push(msSince(start));
  }
  report.addRow('query: dense retrieval only (embed + HNSW)', dense, {
    unit: 'ms',
    note: `HNSWLib store directly, k=${config.RETRIEVAL_TOP_K}, warm`,
    withP95: true,
  });

  const guide = await openGuide({
    settings: toGuideSettings({ ...config, INDEX_DIR: options.indexDir }),
    embeddings: options.embeddings,
    logger: ctx.logger,
  });
  for (const q of questions.slice(0, WARM_UP)) await guide.answer(q);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const q of questions) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    await guide.answer(q);
    wall.push(msSince(start));
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  report.addRow('query: openGuide().answer(q), warm', wall, {
    unit: 'ms',
    note: 'full answer (hybrid retrieval + extractive); aim p95 < 50 ms',
    withP95: true,
  });
  // CPU time is what a query costs when the machine is busy with other work: wall time then also counts waiting.
  report.addRow('query: openGuide().answer(q), CPU time', cpu, {
    unit: 'ms',
    note: 'process.cpuUsage (user+system, all threads) per answer',
    withP95: true,
  });
  report.peakRssMb.afterQueries = peakRssMb();
}

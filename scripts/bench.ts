/**
 * `npm run bench [-- --scale 100 --query-runs 1 --synthetic-embedder use-lite|hash]`
 *
 * Measures, in one process, with process.hrtime and USE-lite (the default embedder):
 *   1. ingestion of the guide, cold (empty index, fresh embedder: the first run includes loading the model)
 *   2. ingestion of the guide again with nothing changed (every vector reused)
 *   3. warm query latency over >= 200 distinct questions: `openGuide(...).answer(q)` (the full answer),
 *      and dense retrieval alone straight from the HNSWLib store
 *   4. ingestion of a synthetic corpus `--scale` times the guide (default 100 files: the guide's sections
 *      with numbered headings and bodies, so every chunk hash differs), cold and then unchanged
 *   5. peak RSS (process.resourceUsage().maxRSS) after each phase
 * Prints a table and writes data/bench-results.json. Work happens in a temporary folder; the real
 * INDEX_DIR is never touched.
 */
import 'dotenv/config';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Embeddings } from '@langchain/core/embeddings';
import { loadConfig } from '../src/config.js';
import { createSilentLogger } from '../src/logger.js';
import { UseLiteEmbeddings } from '../src/providers/embeddings/use-lite.js';
import type { GuideEmbeddings } from '../src/core/embedder.js';
import { loadIndex } from '../src/index/read.js';
import { openGuide } from '../src/core/guide.js';
import { ingestCorpus, type IngestSummary } from '../src/ingest/ingest.js';
import { splitIntoSections } from '../src/ingest/split.js';

/** A hashed bag-of-words embedder, for measuring the pipeline without the model (--synthetic-embedder hash). */
class HashBench extends Embeddings implements GuideEmbeddings {
  readonly info = { provider: 'bench-hash', model: 'bag-of-words', dimensions: 512 };
  constructor() {
    super({});
  }
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }
  override async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    const v = new Array<number>(512).fill(0);
    v[0] = 1e-3;
    for (const w of text.toLowerCase().split(/\W+/)) {
      let h = 2166136261;
      for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619) >>> 0;
      v[h % 512]! += 1;
    }
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  }
}

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '100' },
    'cold-runs': { type: 'string', default: '3' },
    'unchanged-runs': { type: 'string', default: '5' },
    'synthetic-embedder': { type: 'string', default: 'use-lite' },
    'skip-synthetic': { type: 'boolean', default: false },
  },
});
const scale = Number(args.scale);
const coldRuns = Number(args['cold-runs']);
const unchangedRuns = Number(args['unchanged-runs']);

const config = loadConfig(process.env);
const logger = createSilentLogger();
const GUIDE_DIR = path.resolve(config.CORPUS_DIR);
const work = mkdtempSync(path.join(tmpdir(), 'guidebot-bench-'));
const split = { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP };

interface Row {
  measure: string;
  n: number;
  median: number;
  p95?: number;
  max: number;
  unit: string;
  note: string;
}
const loadAtStart = loadavg()[0]!;
const rows: Row[] = [];
const rss: Record<string, number> = {};
const details: Record<string, unknown> = {};

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank percentile: the smallest value with at least p% of the samples at or below it.
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function addRow(measure: string, samples: number[], unit: string, note: string, withP95 = false): void {
  rows.push({
    measure,
    n: samples.length,
    median: percentile(samples, 50),
    ...(withP95 ? { p95: percentile(samples, 95) } : {}),
    max: Math.max(...samples),
    unit,
    note,
  });
}
function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

async function ingest(
  corpusDir: string,
  indexDir: string,
  embeddings: GuideEmbeddings,
): Promise<IngestSummary> {
  return ingestCorpus({
    corpusDir,
    indexDir,
    embeddings,
    ...split,
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    logger,
  });
}

// 1. The guide, cold.
const guideIndex = path.join(work, 'guide-index');
const coldSamples: number[] = [];
let firstCold: IngestSummary | undefined;
for (let run = 0; run < coldRuns; run++) {
  rmSync(guideIndex, { recursive: true, force: true });
  // A fresh embedder each run: the first run also pays for loading the model (TF.js init).
  const embeddings = new UseLiteEmbeddings({ batchSize: 32 });
  const summary = await ingest(GUIDE_DIR, guideIndex, embeddings);
  firstCold ??= summary;
  coldSamples.push(summary.ms);
  progress(`guide cold run ${run + 1}: ${summary.ms.toFixed(0)} ms, ${summary.embedded} embedded`);
}
addRow(
  'ingest guide, cold (empty index)',
  coldSamples,
  'ms',
  `${firstCold!.chunks} chunks embedded; new embedder per run (model load included)`,
);
rss.afterGuideCold = peakRssMb();

// 2. The guide, nothing changed.
const embeddings = new UseLiteEmbeddings({ batchSize: 32 });
const unchangedSamples: number[] = [];
for (let run = 0; run < unchangedRuns; run++) {
  const summary = await ingest(GUIDE_DIR, guideIndex, embeddings);
  if (summary.embedded !== 0) throw new Error(`expected full reuse, got ${summary.embedded} embedded`);
  unchangedSamples.push(summary.ms);
}
addRow('re-ingest guide, nothing changed', unchangedSamples, 'ms', 'all vectors reused; aim < 2000 ms');
rss.afterGuideUnchanged = peakRssMb();

// 3. Warm query latency.
const questions = buildQuestions();
details.questions = questions.length;
const loaded = await loadIndex(guideIndex, embeddings);
const denseSamples: number[] = [];
for (const q of questions.slice(0, 20)) await loaded.vectorStore.similaritySearch(q, config.RETRIEVAL_TOP_K);
for (const q of questions) {
  const start = process.hrtime.bigint();
  await loaded.vectorStore.similaritySearch(q, config.RETRIEVAL_TOP_K);
  denseSamples.push(ms(start));
}
addRow(
  'query: dense retrieval only (embed + HNSW)',
  denseSamples,
  'ms',
  `HNSWLib store directly, k=${config.RETRIEVAL_TOP_K}, warm`,
  true,
);

const guide = await openGuide({ config: { ...config, INDEX_DIR: guideIndex }, embeddings, logger });
for (const q of questions.slice(0, 20)) await guide.answer(q);
const answerSamples: number[] = [];
const answerCpuSamples: number[] = [];
for (const q of questions) {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await guide.answer(q);
  answerSamples.push(ms(start));
  const used = process.cpuUsage(cpu);
  answerCpuSamples.push((used.user + used.system) / 1000);
}
addRow(
  'query: openGuide().answer(q), warm',
  answerSamples,
  'ms',
  'full answer (hybrid retrieval + extractive); aim p95 < 50 ms',
  true,
);
// CPU time is what a query costs when the machine is busy with other work: wall time then also counts waiting.
addRow(
  'query: openGuide().answer(q), CPU time',
  answerCpuSamples,
  'ms',
  'process.cpuUsage (user+system, all threads) per answer',
  true,
);
rss.afterQueries = peakRssMb();

// 4. The synthetic corpus, `scale` times the guide.
if (!args['skip-synthetic']) {
  const syntheticDir = path.join(work, 'synthetic-corpus');
  const bytes = writeSyntheticCorpus(syntheticDir, scale);
  const syntheticIndex = path.join(work, 'synthetic-index');
  const syntheticEmbeddings: GuideEmbeddings =
    args['synthetic-embedder'] === 'hash' ? new HashBench() : embeddings;
  const cold = await ingestWithProgress(syntheticDir, syntheticIndex, syntheticEmbeddings);
  addRow(
    `ingest synthetic ${scale}x corpus, cold`,
    [cold.ms],
    'ms',
    `${cold.files} files, ${(bytes / 1e6).toFixed(1)} MB, ${cold.chunks} chunks, ${syntheticEmbeddings.info.provider} (${(cold.ms / cold.chunks).toFixed(1)} ms/chunk)`,
  );
  rss.afterSyntheticCold = peakRssMb();
  const again = await ingest(syntheticDir, syntheticIndex, syntheticEmbeddings);
  addRow(
    `re-ingest synthetic ${scale}x corpus, nothing changed`,
    [again.ms],
    'ms',
    `${again.reused} vectors reused`,
  );
  rss.afterSyntheticUnchanged = peakRssMb();
  details.synthetic = { scale, bytes, cold, again };
}

// Report.
const result = {
  when: new Date().toISOString(),
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    // Other processes on the machine skew every number; the 1-minute load average says how much.
    loadAverage1m: { atStart: loadAtStart, atEnd: loadavg()[0]! },
  },
  method:
    'process.hrtime.bigint() around each call; medians and nearest-rank p95 over n samples from this one run; ' +
    'queries warmed with 20 untimed questions first; peak RSS is process.resourceUsage().maxRSS after each phase (monotonic)',
  settings: { ...split, topK: config.RETRIEVAL_TOP_K, embedder: embeddings.info },
  rows,
  peakRssMb: rss,
  details,
};
mkdirSync('data', { recursive: true });
writeFileSync(path.join('data', 'bench-results.json'), `${JSON.stringify(result, null, 2)}\n`);
printTable();
rmSync(work, { recursive: true, force: true });

function printTable(): void {
  const fmt = (x: number | undefined) => (x === undefined ? '' : x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const header = ['measure', 'n', 'median', 'p95', 'max', 'unit', 'note'];
  const body = rows.map((r) => [
    r.measure,
    String(r.n),
    fmt(r.median),
    fmt(r.p95),
    fmt(r.max),
    r.unit,
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(
    `${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${body.map(line).join('\n')}\n`,
  );
  process.stdout.write(`peak RSS (MB, after each phase): ${JSON.stringify(rss)}\n`);
  process.stdout.write(`machine: ${JSON.stringify(result.machine)}\n`);
  process.stdout.write(`${result.method}\nwritten to data/bench-results.json\n`);
}

async function ingestWithProgress(
  corpusDir: string,
  indexDir: string,
  emb: GuideEmbeddings,
): Promise<IngestSummary> {
  let last = 0;
  return ingestCorpus({
    corpusDir,
    indexDir,
    embeddings: emb,
    ...split,
    batchSize: config.EMBEDDINGS_BATCH_SIZE,
    logger,
    onProgress: (p) => {
      if (p.phase === 'embed' && (p.done - last >= 500 || p.done === p.total)) {
        last = p.done;
        progress(`synthetic: embedded ${p.done}/${p.total}`);
      }
    },
  });
}

/** The guide's sections, `scale` times, each copy with its own headings and figures. */
function writeSyntheticCorpus(dir: string, copies: number): number {
  mkdirSync(dir, { recursive: true });
  const source = 'medical-administrative-assistant-guide.md';
  const sections = splitIntoSections(readFileSync(path.join(GUIDE_DIR, source), 'utf8'), source);
  let bytes = 0;
  for (let i = 1; i <= copies; i++) {
    const parts = [`# Regional edition ${i}`, '', `Figures for region ${i}.`, ''];
    for (const section of sections) {
      parts.push(`${'#'.repeat(Math.max(2, section.level))} ${section.heading} (region ${i})`, '');
      parts.push(`In region ${i}: ${section.body.replace(/\d+/g, (n) => String(Number(n) + i))}`, '');
    }
    const text = parts.join('\n');
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(dir, `region-${String(i).padStart(3, '0')}.md`), text);
  }
  return bytes;
}

/** >= 200 distinct questions: the eval sets, then questions built from every section heading. */
function buildQuestions(): string[] {
  const found = new Set<string>();
  for (const file of ['eval/dev-questions.jsonl', 'eval/team-questions.jsonl']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const q = (JSON.parse(line) as { q?: string }).q;
      if (q) found.add(q);
    }
  }
  const source = 'medical-administrative-assistant-guide.md';
  const headings = splitIntoSections(readFileSync(path.join(GUIDE_DIR, source), 'utf8'), source).map(
    (s) => s.heading,
  );
  const templates = [
    (h: string) => h,
    (h: string) => `What does the guide say about this: ${h.toLowerCase()}`,
    (h: string) => `Quick question, ${h.replace(/\?$/, '').toLowerCase()}?`,
    (h: string) => `Tell me: ${h}`,
    (h: string) => `${h.replace(/\?$/, '')} in 2025?`,
    (h: string) => `I'm new here. ${h}`,
    (h: string) => `Can you explain ${h.replace(/\?$/, '').toLowerCase()}?`,
    (h: string) => `${h} Thanks!`,
  ];
  for (const template of templates) for (const h of headings) found.add(template(h));
  const outOfScope = [
    'What is the capital of France?',
    'How do I bake sourdough bread?',
    'Who won the 2018 World Cup?',
    'How do I fix a flat bicycle tyre?',
  ];
  for (const q of outOfScope) found.add(q);
  return [...found];
}

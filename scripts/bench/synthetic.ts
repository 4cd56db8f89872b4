import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '../../src/core/embedder.js';
import { splitIntoSections } from '../../src/ingest/split.js';
import { ingestForBench, type BenchContext } from './ingestion.js';
import { peakRssMb } from './memory.js';
import { GUIDE_FILE } from './questions.js';
import { progress } from './report.js';

/**
 * A hashed bag-of-words embedder, for measuring the pipeline without the model
 * (`--synthetic-embedder hash`). Kept apart from the tests' HashEmbeddings, which records every text.
 */
export class HashBenchEmbeddings extends Embeddings implements Embedder {
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

/** The guide's sections, `copies` times, each copy with its own headings and figures (so every chunk hash differs). */
export function writeSyntheticCorpus(guideDir: string, dir: string, copies: number): number {
  mkdirSync(dir, { recursive: true });
  const sections = splitIntoSections(readFileSync(path.join(guideDir, GUIDE_FILE), 'utf8'), GUIDE_FILE);
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

/** Phase 4: a synthetic corpus `scale` times the guide, ingested cold and then unchanged. */
export async function benchSyntheticIngestion(
  ctx: BenchContext,
  options: { guideDir: string; scale: number; embeddings: Embedder },
): Promise<void> {
  const { report } = ctx;
  const { scale, embeddings } = options;
  const corpusDir = path.join(ctx.work, 'synthetic-corpus');
  const indexDir = path.join(ctx.work, 'synthetic-index');
  const bytes = writeSyntheticCorpus(options.guideDir, corpusDir, scale);
  let last = 0;
  const cold = await ingestForBench(ctx, { corpusDir, indexDir, embeddings }, (p) => {
    if (p.phase === 'embed' && (p.done - last >= 500 || p.done === p.total)) {
      last = p.done;
      progress(`synthetic: embedded ${p.done}/${p.total}`);
    }
  });
  report.addRow(`ingest synthetic ${scale}x corpus, cold`, [cold.ms], {
    unit: 'ms',
    note: `${cold.files} files, ${(bytes / 1e6).toFixed(1)} MB, ${cold.chunks} chunks, ${embeddings.info.provider} (${(cold.ms / cold.chunks).toFixed(1)} ms/chunk)`,
  });
  report.peakRssMb.afterSyntheticCold = peakRssMb();
  const again = await ingestForBench(ctx, { corpusDir, indexDir, embeddings });
  report.addRow(`re-ingest synthetic ${scale}x corpus, nothing changed`, [again.ms], {
    unit: 'ms',
    note: `${again.reused} vectors reused`,
  });
  report.peakRssMb.afterSyntheticUnchanged = peakRssMb();
  report.details.synthetic = { scale, bytes, cold, again };
}

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Embeddings } from '@langchain/core/embeddings';
import type { EmbedderInfo } from '../../src/core/types.js';
import type { Embedder } from '../../src/core/embedder.js';
import type { Logger } from '../../src/logger.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TINY_CORPUS = path.join(REPO_ROOT, 'test/fixtures/tiny-corpus');
export const GUIDE_CORPUS = path.join(REPO_ROOT, 'corpus');

/**
 * A fast, deterministic embedder for tests: a hashed bag of words, unit length. Texts sharing words
 * get similar vectors, so "how much honey" really finds the honey section. Counts what it embeds.
 */
export class HashEmbeddings extends Embeddings implements Embedder {
  readonly info: EmbedderInfo;
  calls = 0;
  embeddedTexts: string[] = [];
  private readonly delayMs: number;
  private readonly failWith: Error | undefined;

  constructor(options: { dimensions?: number; model?: string; delayMs?: number; failWith?: Error } = {}) {
    super({});
    this.info = {
      provider: 'test-hash',
      model: options.model ?? 'bag-of-words',
      dimensions: options.dimensions ?? 64,
    };
    this.delayMs = options.delayMs ?? 0;
    this.failWith = options.failWith;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    if (this.failWith) throw this.failWith;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs * texts.length));
    this.embeddedTexts.push(...texts);
    return texts.map((text) => hashVector(text, this.info.dimensions));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return hashVector(text, this.info.dimensions);
  }
}

export function hashVector(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  vector[0] = 1e-3; // never the zero vector, which has no cosine
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
    vector[h % dimensions]! += 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return vector.map((x) => x / norm);
}

/** A temporary folder removed by the returned cleanup. */
export function makeTempDir(prefix = 'guidebot-ingest-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private copy of a fixture corpus that a test may edit. */
export function copyCorpus(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}

/** A logger that records warnings, for asserting that something was warned about. */
export function createRecordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const noop = () => undefined;
  const logger = {
    warn: (obj: unknown, msg?: string) => warnings.push(typeof obj === 'string' ? obj : (msg ?? '')),
    info: noop,
    debug: noop,
    error: noop,
    trace: noop,
    fatal: noop,
    child: () => logger,
  } as unknown as Logger;
  return { logger, warnings };
}

export const SPLIT = { chunkSize: 900, chunkOverlap: 100 } as const;

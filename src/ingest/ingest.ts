import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import hnswlib from 'hnswlib-node';
import type { Logger } from '../logger.js';
import { GuideError, isGuideError } from '../core/errors.js';
import type { GuideEmbeddings } from '../core/embedder.js';
import {
  INDEX_SCHEMA_VERSION,
  type ChunkMetadata,
  type EmbedderInfo,
  type IndexManifest,
} from '../core/types.js';
import { resolveEmbedderInfo } from '../providers/embeddings/create-embeddings.js';
import {
  INDEX_LAYOUT,
  buildDirOf,
  compareStrings,
  listCorpusFiles,
  readCurrentBuildId,
} from '../core/index-store.js';
import { sha256, splitMarkdown, type Chunk } from './split.js';
import { acquireIngestLock } from './lock.js';
import { readVectorCache, readVectorHashes, writeVectorFiles } from './vector-cache.js';

/** Progress of one phase: `read` (files), `split` (files), `embed` (chunks to embed), `write` (steps). */
export interface IngestProgress {
  phase: 'read' | 'split' | 'embed' | 'write' | (string & {});
  done: number;
  total: number;
}

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  embeddings: GuideEmbeddings;
  chunkSize: number;
  chunkOverlap: number;
  logger?: Logger;
  onProgress?: (progress: IngestProgress) => void;
  /** Texts per `embedDocuments` call (EMBEDDINGS_BATCH_SIZE); default 64. */
  batchSize?: number;
  /** Stops the run between batches; the previous index stays in place. */
  signal?: AbortSignal;
}

/** What one ingestion did; printed by `npm run ingest` (as JSON with `--json`). */
export interface IngestSummary {
  buildId: string;
  files: number;
  sections: number;
  chunks: number;
  /** Chunks whose vector was computed in this run. */
  embedded: number;
  /** Chunks whose vector came from the previous build (same content hash and embedder). */
  reused: number;
  /** Embedding requests: the embedder's own count when it keeps one (remote APIs), else `embedDocuments` calls made. */
  requests: number;
  ms: number;
  indexDir: string;
}

/** Builds kept besides the current one, so a bot still loading an older build is not broken. */
const KEEP_PREVIOUS_BUILDS = 2;

interface CorpusFile {
  source: string;
  text: string;
  sha256: string;
}

/**
 * Reads every `.md` file under `corpusDir`, splits it into section-bounded chunks, embeds the chunks
 * that changed since the current build (reusing the other vectors), and swaps a complete new build into
 * `indexDir` (layout in `src/core/index-store.ts`). Holds the ingestion lock throughout.
 *
 * Nothing in `indexDir` that a reader follows changes until the new build is complete, so a failure or
 * a kill at any point leaves the previous index loadable.
 *
 * @throws GuideError CORPUS_MISSING, CORPUS_EMPTY, CORPUS_UNREADABLE, CORPUS_FILE_EMPTY (naming the
 *   folder or file), INGEST_LOCKED, EMBEDDINGS_FAILED.
 */
export async function ingestCorpus(options: IngestOptions): Promise<IngestSummary> {
  const started = process.hrtime.bigint();
  const { corpusDir, indexDir, embeddings, logger, onProgress, signal } = options;
  const batchSize = Math.max(1, options.batchSize ?? 64);

  // Check the corpus before taking the lock, so a typo in CORPUS_DIR does not even create INDEX_DIR.
  await checkCorpusDir(corpusDir);
  const release = acquireIngestLock(indexDir, logger);
  try {
    const buildsDir = path.resolve(indexDir, INDEX_LAYOUT.builds);
    await removeLeftoverTempBuilds(buildsDir, logger);

    const files = await readCorpus(corpusDir, onProgress);
    const requestsBefore = embeddings.requestCount;
    // A hosted embedder may not know its vector length before its first request.
    const info = await resolveInfo(embeddings);

    const chunks: Chunk[] = [];
    for (const [i, file] of files.entries()) {
      const fileChunks = await splitMarkdown(file.text, file.source, {
        chunkSize: options.chunkSize,
        chunkOverlap: options.chunkOverlap,
      });
      if (fileChunks.length === 0) {
        throw new GuideError(
          'CORPUS_FILE_EMPTY',
          `${path.join(corpusDir, file.source)} has no text to index (only headings, blank lines or a table of contents).`,
        );
      }
      chunks.push(...fileChunks);
      onProgress?.({ phase: 'split', done: i + 1, total: files.length });
    }
    const sections = new Set(chunks.map((chunk) => `${chunk.metadata.source}#${chunk.metadata.anchor}`)).size;

    const previousId = readCurrentBuildId(indexDir);
    const previousDir = previousId ? buildDirOf(indexDir, previousId) : undefined;
    const hashes = chunks.map((chunk) => chunk.metadata.contentHash);
    const documents = chunks.map(
      (chunk) =>
        new Document<ChunkMetadata>({
          pageContent: chunk.text,
          metadata: chunk.metadata,
          id: chunk.metadata.chunkId,
        }),
    );

    const buildId = createBuildId();
    const tmpDir = path.join(buildsDir, `${INDEX_LAYOUT.tmpPrefix}${buildId}`);
    const finalDir = buildDirOf(indexDir, buildId);
    const writeSteps = 4;
    let counts: { embedded: number; reused: number; calls: number };
    await mkdir(tmpDir, { recursive: true });
    try {
      // Nothing changed (same chunks, same order, same embedder): the previous vectors and HNSW graph are
      // exactly what a rebuild would produce, so they are copied. Seconds saved on a large corpus.
      const unchanged =
        previousDir !== undefined &&
        sameList(await readVectorHashes(previousDir, info), hashes) &&
        (await copyUnchangedBuild(previousDir, tmpDir, hashes.length));
      if (unchanged) {
        counts = { embedded: 0, reused: chunks.length, calls: 0 };
        onProgress?.({ phase: 'embed', done: 0, total: 0 });
        onProgress?.({ phase: 'write', done: 1, total: writeSteps });
        // The format HNSWLib.save writes: [label, Document] pairs, label i = documents[i].
        await writeFile(
          path.join(tmpDir, INDEX_LAYOUT.docstore),
          JSON.stringify(documents.map((doc, label) => [String(label), doc])),
        );
      } else {
        const cache = await readVectorCache(previousDir, info);
        const { vectors, ...rest } = await embedChunks(
          chunks,
          cache,
          embeddings,
          info.dimensions,
          batchSize,
          onProgress,
          signal,
        );
        counts = rest;
        const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: info.dimensions });
        // Labels follow the chunk order (files sorted by path, then document order): see index-store.ts.
        await store.addVectors(vectors, documents);
        onProgress?.({ phase: 'write', done: 1, total: writeSteps });
        await store.save(tmpDir);
        await writeVectorFiles(tmpDir, info, hashes, vectors);
      }
      onProgress?.({ phase: 'write', done: 2, total: writeSteps });
      const manifest: IndexManifest = {
        schemaVersion: INDEX_SCHEMA_VERSION,
        embedder: info,
        files: Object.fromEntries(files.map((file) => [file.source, file.sha256])),
        sectionCount: sections,
        chunkCount: chunks.length,
        builtAt: new Date().toISOString(),
        buildId,
        splitter: { chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap },
      };
      // The manifest is written last: a build folder without one is incomplete.
      await writeFile(path.join(tmpDir, INDEX_LAYOUT.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
      await syncFolder(tmpDir);
      throwIfAborted(signal);
      await rename(tmpDir, finalDir);
      onProgress?.({ phase: 'write', done: 3, total: writeSteps });
    } catch (error) {
      await rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    const { embedded, reused, calls } = counts;
    const requestsAfter = embeddings.requestCount;
    const requests =
      requestsBefore !== undefined && requestsAfter !== undefined ? requestsAfter - requestsBefore : calls;

    // The swap: readers follow CURRENT, and rename replaces it in one step.
    const currentTmp = path.join(indexDir, `${INDEX_LAYOUT.current}.tmp-${process.pid}`);
    await writeFile(currentTmp, `${buildId}\n`, { flush: true });
    await syncFolder(buildsDir, { filesToo: false });
    await rename(currentTmp, path.join(indexDir, INDEX_LAYOUT.current));
    onProgress?.({ phase: 'write', done: 4, total: writeSteps });
    await pruneOldBuilds(buildsDir, buildId, logger);

    const summary: IngestSummary = {
      buildId,
      files: files.length,
      sections,
      chunks: chunks.length,
      embedded,
      reused,
      requests,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
      indexDir: path.resolve(indexDir),
    };
    logger?.info({ ...summary }, 'Ingestion finished');
    return summary;
  } finally {
    release();
  }
}

async function checkCorpusDir(corpusDir: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(corpusDir)).isDirectory();
  } catch (cause) {
    throw new GuideError(
      'CORPUS_MISSING',
      `The corpus folder ${corpusDir} does not exist (set CORPUS_DIR).`,
      { cause },
    );
  }
  if (!isDirectory)
    throw new GuideError('CORPUS_MISSING', `The corpus path ${corpusDir} is not a folder (set CORPUS_DIR).`);
}

async function readCorpus(corpusDir: string, onProgress: IngestOptions['onProgress']): Promise<CorpusFile[]> {
  let sources: string[];
  try {
    sources = await listCorpusFiles(corpusDir);
  } catch (cause) {
    throw new GuideError(
      'CORPUS_UNREADABLE',
      `Cannot list the corpus folder ${corpusDir}: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (sources.length === 0) {
    throw new GuideError('CORPUS_EMPTY', `The corpus folder ${corpusDir} has no Markdown (.md) files.`);
  }
  const files: CorpusFile[] = [];
  for (const [i, source] of sources.entries()) {
    const full = path.join(corpusDir, source);
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch (cause) {
      const reason =
        (cause as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (cause as Error).message;
      throw new GuideError('CORPUS_UNREADABLE', `Cannot read the corpus file ${full}: ${reason}.`, { cause });
    }
    const text = bytes.toString('utf8');
    if (text.replace(/^\s*#{1,6}(\s.*)?$/gm, '').trim().length === 0) {
      throw new GuideError(
        'CORPUS_FILE_EMPTY',
        `${full} has no text to index (it is empty or holds only headings).`,
      );
    }
    files.push({ source, text, sha256: sha256(bytes) });
    onProgress?.({ phase: 'read', done: i + 1, total: sources.length });
  }
  return files;
}

async function embedChunks(
  chunks: readonly Chunk[],
  cache: Map<string, number[]>,
  embeddings: GuideEmbeddings,
  dimensions: number,
  batchSize: number,
  onProgress: IngestOptions['onProgress'],
  signal: AbortSignal | undefined,
): Promise<{ vectors: number[][]; embedded: number; reused: number; calls: number }> {
  // Identical texts (a paragraph repeated in two files) are embedded once.
  const missing = new Map<string, string>();
  for (const chunk of chunks) {
    const hash = chunk.metadata.contentHash;
    if (!cache.has(hash) && !missing.has(hash)) missing.set(hash, chunk.embedText);
  }
  const todo = [...missing.entries()];
  const fresh = new Map<string, number[]>();
  let calls = 0;
  onProgress?.({ phase: 'embed', done: 0, total: todo.length });
  for (let start = 0; start < todo.length; start += batchSize) {
    throwIfAborted(signal);
    const batch = todo.slice(start, start + batchSize);
    let result: number[][];
    try {
      calls++;
      result = await embeddings.embedDocuments(batch.map(([, text]) => text));
    } catch (cause) {
      throw asEmbeddingsError(embeddings, cause);
    }
    if (result.length !== batch.length) {
      throw new GuideError(
        'EMBEDDINGS_FAILED',
        `The embedder returned ${result.length} vectors for ${batch.length} texts.`,
      );
    }
    result.forEach((vector, i) => {
      if (vector.length !== dimensions || vector.some((x) => !Number.isFinite(x))) {
        throw new GuideError(
          'EMBEDDINGS_FAILED',
          `The embedder returned a ${vector.length}-dimension vector (expected ${dimensions}) or non-numbers for "${batch[i]![1].slice(0, 60)}".`,
        );
      }
      fresh.set(batch[i]![0], vector);
    });
    onProgress?.({ phase: 'embed', done: Math.min(start + batchSize, todo.length), total: todo.length });
  }
  let embedded = 0;
  let reused = 0;
  const vectors = chunks.map((chunk) => {
    const hash = chunk.metadata.contentHash;
    const cached = cache.get(hash);
    if (cached) {
      reused++;
      return cached;
    }
    embedded++;
    return fresh.get(hash)!;
  });
  return { vectors, embedded, reused, calls };
}

/** A failure of the embedder as the GuideError ingestion reports (typed errors pass through unchanged). */
function asEmbeddingsError(embeddings: GuideEmbeddings, cause: unknown): GuideError {
  if (isGuideError(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new GuideError(
    'EMBEDDINGS_FAILED',
    `The embedder ${embeddings.info.provider}:${embeddings.info.model} failed: ${reason}`,
    { cause },
  );
}

async function resolveInfo(embeddings: GuideEmbeddings): Promise<EmbedderInfo> {
  let info: EmbedderInfo;
  try {
    info = await resolveEmbedderInfo(embeddings);
  } catch (cause) {
    throw asEmbeddingsError(embeddings, cause);
  }
  if (!(info.dimensions > 0)) {
    throw new GuideError(
      'EMBEDDINGS_FAILED',
      `The embedder ${info.provider}:${info.model} did not say how long its vectors are.`,
    );
  }
  return { provider: info.provider, model: info.model, dimensions: info.dimensions };
}

/** Deletes build folders of killed runs; only called under the lock, so none of them is still being written. */
async function removeLeftoverTempBuilds(buildsDir: string, logger: Logger | undefined): Promise<void> {
  const entries = await readdir(buildsDir).catch(() => [] as string[]);
  for (const name of entries.filter((entry) => entry.startsWith(INDEX_LAYOUT.tmpPrefix))) {
    logger?.warn(
      { dir: path.join(buildsDir, name) },
      'Removing an unfinished build left by an interrupted ingestion',
    );
    await rm(path.join(buildsDir, name), { recursive: true, force: true });
  }
}

async function pruneOldBuilds(
  buildsDir: string,
  currentId: string,
  logger: Logger | undefined,
): Promise<void> {
  const entries = await readdir(buildsDir).catch(() => [] as string[]);
  const builds = entries.filter((name) => !name.startsWith('.') && name !== currentId).sort(compareStrings);
  const old = builds.slice(0, Math.max(0, builds.length - KEEP_PREVIOUS_BUILDS));
  for (const name of old) {
    try {
      await rm(path.join(buildsDir, name), { recursive: true, force: true });
    } catch (error) {
      logger?.warn({ err: error, build: name }, 'Could not delete an old index build');
    }
  }
}

/**
 * Flushes a finished build to disk before CURRENT may point at it, so a power cut after the swap cannot
 * leave CURRENT naming half-written files. (A killed process needs no flush; the rename order suffices.)
 */
async function syncFolder(dir: string, options: { filesToo?: boolean } = {}): Promise<void> {
  if (options.filesToo !== false) {
    for (const name of await readdir(dir)) {
      const handle = await open(path.join(dir, name), 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a folder; the file flushes above are what matter most.
  } finally {
    await handle.close();
  }
}

/** Sortable by time (so pruning can keep the newest), unique by its random tail. */
function createBuildId(): string {
  const time = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${time}-${randomBytes(3).toString('hex')}`;
}

/**
 * Copies the previous build's graph and vectors (used when no chunk changed). The copied graph is read
 * back and its size checked, so a damaged previous build is rebuilt rather than carried forward; returns
 * false in that case (the caller then builds normally).
 */
async function copyUnchangedBuild(previousDir: string, tmpDir: string, count: number): Promise<boolean> {
  try {
    for (const name of [
      INDEX_LAYOUT.hnswIndex,
      INDEX_LAYOUT.hnswArgs,
      INDEX_LAYOUT.vectors,
      INDEX_LAYOUT.vectorIndex,
    ]) {
      await copyFile(path.join(previousDir, name), path.join(tmpDir, name));
    }
    const args = JSON.parse(await readFile(path.join(tmpDir, INDEX_LAYOUT.hnswArgs), 'utf8')) as {
      space: 'cosine' | 'l2' | 'ip';
      numDimensions: number;
    };
    const graph = new hnswlib.HierarchicalNSW(args.space, args.numDimensions);
    await graph.readIndex(path.join(tmpDir, INDEX_LAYOUT.hnswIndex));
    const vectorBytes = (await stat(path.join(tmpDir, INDEX_LAYOUT.vectors))).size;
    return graph.getCurrentCount() === count && vectorBytes === count * args.numDimensions * 4;
  } catch {
    return false;
  }
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((value, i) => value === b[i]);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new Error('Ingestion was cancelled');
  }
}

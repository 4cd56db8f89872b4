import type { AlternativeQuestion } from '../core/retrieval/retrieval-types.js';
import { writeAlternativeQuestions } from './alternative-questions.js';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import hnswlib from 'hnswlib-node';
import type { Logger } from '../logger.js';
import type { ChunkMetadata, EmbedderInfo } from '../core/types.js';
import { INDEX_LAYOUT, buildDirOf, buildsDirOf } from './layout.js';
import { INDEX_SCHEMA_VERSION, type IndexManifest } from './manifest.js';
import { writeSentenceVectors } from './sentences.js';
import { writeGeneratedQuestions, type GeneratedSection } from './generated-questions.js';
import { readVectorHashes, writeVectorFiles } from './vectors.js';

/** Builds kept besides the current one, so a bot still loading an older build is not broken. */
const KEEP_PREVIOUS_BUILDS = 2;

/**
 * Steps `writeBuild` reports through `onProgress`: vectors and graph written, manifest written and flushed,
 * build renamed into place, CURRENT swapped.
 */
export const WRITE_STEPS = 4;

/** Everything a new build holds; `writeBuild` adds the id, the time and the format version. */
export interface BuildContents {
  embedder: EmbedderInfo;
  /** Kept by HNSWLib for queries; the reader passes its own when it loads the build. */
  embeddings: EmbeddingsInterface;
  /** The chunks in label order (files sorted by path, then chunk order): label i = `documents[i]`. */
  documents: Document<ChunkMetadata>[];
  /** `vectors[i]` is the vector of `documents[i]`, made by `embedder`. */
  vectors: number[][];
  /** Sentence text -> vector (made by `embedder`) for every answer sentence of the chunks. */
  sentenceVectors: ReadonlyMap<string, readonly number[]>;
  /** Questions a chat model wrote per section (`--generate-questions`), kept with the build. */
  generatedQuestions?: readonly GeneratedSection[];
  /** The maintainers' alternative questions as ingested (beside the guide), kept with the build. */
  alternativeQuestions?: readonly AlternativeQuestion[];
  /** What the build was made from. */
  manifest: Pick<IndexManifest, 'files' | 'sectionCount' | 'splitter'>;
  /**
   * The build serving now. When its chunks are exactly these (same content hashes in the same order,
   * same embedder), its HNSW graph is copied rather than rebuilt: the result is identical.
   */
  previousDir?: string | undefined;
}

export interface WriteBuildOptions {
  /** Checked before the build is renamed into place; an abort leaves no trace of the build. */
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  /** Called after each of the `WRITE_STEPS` steps. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Writes a complete build into `builds/.tmp-<id>/`, renames it to `builds/<id>/`, then points
 * `CURRENT` at it (the swap; see layout.ts) and deletes builds older than the two before it. Call it
 * under the ingestion lock. A failure or an abort before the swap removes the temporary folder and
 * leaves the serving build as it was. Returns the new build's id.
 */
export async function writeBuild(
  indexDir: string,
  contents: BuildContents,
  options: WriteBuildOptions = {},
): Promise<string> {
  const { signal, logger, onProgress } = options;
  signal?.throwIfAborted();
  const buildsDir = buildsDirOf(indexDir);
  const buildId = createBuildId();
  const tmpDir = path.join(buildsDir, `${INDEX_LAYOUT.tmpPrefix}${buildId}`);
  await mkdir(tmpDir, { recursive: true });
  try {
    await writeChunkIndex(tmpDir, contents);
    const sentenceCount = await writeSentenceVectors(tmpDir, contents.embedder, contents.sentenceVectors);
    const generated = contents.generatedQuestions ?? [];
    const generatedCount = generated.length > 0 ? await writeGeneratedQuestions(tmpDir, generated) : 0;
    const alternatives = contents.alternativeQuestions
      ? { count: await writeAlternativeQuestions(tmpDir, contents.alternativeQuestions) }
      : undefined;
    onProgress?.(1, WRITE_STEPS);
    const manifest: IndexManifest = {
      schemaVersion: INDEX_SCHEMA_VERSION,
      embedder: contents.embedder,
      ...contents.manifest,
      chunkCount: contents.documents.length,
      sentences: { count: sentenceCount },
      ...(generated.length > 0
        ? { generatedQuestions: { sections: generated.length, count: generatedCount } }
        : {}),
      ...(alternatives ? { alternativeQuestions: alternatives } : {}),
      builtAt: new Date().toISOString(),
      buildId,
    };
    // The manifest is written last: a build folder without one is incomplete.
    await writeFile(path.join(tmpDir, INDEX_LAYOUT.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await syncFolder(tmpDir);
    onProgress?.(2, WRITE_STEPS);
    signal?.throwIfAborted();
    await rename(tmpDir, buildDirOf(indexDir, buildId));
    onProgress?.(3, WRITE_STEPS);
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }

  // The swap: readers follow CURRENT, and rename replaces it in one step.
  const currentTmp = path.join(indexDir, `${INDEX_LAYOUT.current}.tmp-${process.pid}`);
  await writeFile(currentTmp, `${buildId}\n`, { flush: true });
  await syncFolder(buildsDir, { filesToo: false });
  await rename(currentTmp, path.join(indexDir, INDEX_LAYOUT.current));
  onProgress?.(4, WRITE_STEPS);
  await pruneOldBuilds(buildsDir, buildId, logger);
  return buildId;
}

/**
 * Deletes build folders of killed runs. Call it only under the ingestion lock, so none of them is
 * still being written.
 */
export async function removeLeftoverTempBuilds(indexDir: string, logger?: Logger): Promise<void> {
  const buildsDir = buildsDirOf(indexDir);
  const entries = await readdir(buildsDir).catch(() => [] as string[]);
  for (const name of entries.filter((entry) => entry.startsWith(INDEX_LAYOUT.tmpPrefix))) {
    logger?.warn(
      { dir: path.join(buildsDir, name) },
      'Removing an unfinished build left by an interrupted ingestion',
    );
    await rm(path.join(buildsDir, name), { recursive: true, force: true });
  }
}

/** The HNSW graph, its docstore and the chunk vectors: copied from the previous build when unchanged. */
async function writeChunkIndex(dir: string, contents: BuildContents): Promise<void> {
  const { documents, vectors, embedder, previousDir } = contents;
  const hashes = documents.map((doc) => doc.metadata.contentHash);
  // Nothing changed (same chunks, same order, same embedder): the previous vectors and HNSW graph are
  // exactly what a rebuild would produce, so they are copied. Seconds saved on a large corpus.
  const unchanged =
    previousDir !== undefined &&
    sameList(await readVectorHashes(previousDir, embedder), hashes) &&
    (await copyUnchangedBuild(previousDir, dir, hashes.length));
  if (unchanged) {
    // The format HNSWLib.save writes: [label, Document] pairs, label i = documents[i]. Rewritten, not
    // copied: a renamed file changes the metadata but not the vectors.
    await writeFile(
      path.join(dir, INDEX_LAYOUT.docstore),
      JSON.stringify(documents.map((doc, label) => [String(label), doc])),
    );
    return;
  }
  const store = new HNSWLib(contents.embeddings, { space: 'cosine', numDimensions: embedder.dimensions });
  // Labels follow the chunk order (files sorted by path, then document order): see layout.ts.
  await store.addVectors(vectors, documents);
  await store.save(dir);
  await writeVectorFiles(dir, embedder, hashes, vectors);
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

async function pruneOldBuilds(
  buildsDir: string,
  currentId: string,
  logger: Logger | undefined,
): Promise<void> {
  const entries = await readdir(buildsDir).catch(() => [] as string[]);
  // Build ids start with their UTC time; the default sort (code units, no locale) orders them by age.
  const builds = entries.filter((name) => !name.startsWith('.') && name !== currentId).sort();
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

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * The on-disk index: where ingestion writes it, how the core loads it, and how a running bot notices a
 * new one.
 *
 * Layout of `INDEX_DIR`:
 *
 * ```
 * INDEX_DIR/
 *   CURRENT                  the id of the build that serves now (one line); replaced atomically
 *                            (write CURRENT.tmp-<pid>, then rename over CURRENT)
 *   .ingest.lock             JSON { pid, hostname, startedAt } while an ingestion runs (O_EXCL create)
 *   builds/
 *     <buildId>/             one complete build, never modified after it is renamed into place:
 *       hnswlib.index        the HNSW graph (hnswlib-node, cosine space)
 *       args.json            HNSWLib arguments (space, numDimensions)
 *       docstore.json        HNSWLib docstore: [label, Document] pairs; label i is the i-th chunk
 *       vectors.bin          the chunk vectors, Float32 little-endian, row i = label i (reused by the
 *                            next ingestion for chunks whose content hash did not change)
 *       vectors.json         { embedder, dimensions, count, hashes[] }: hashes[i] = contentHash of row i
 *       manifest.json        IndexManifest; written last, so a build without it is incomplete
 *     .tmp-<buildId>/        a build in progress; renamed to <buildId> only when complete. Left-overs
 *                            of killed runs are deleted by the next ingestion (under the lock).
 * ```
 *
 * The swap: a build is written into `builds/.tmp-<id>/`, renamed to `builds/<id>/`, then `CURRENT` is
 * replaced. Readers only follow `CURRENT`, so they see either the old complete build or the new one.
 * Ingestion keeps the two builds before the current one (a bot may still be loading one) and deletes
 * older ones.
 *
 * Document order: `loadIndex` returns documents sorted by HNSW label (0..n-1), which is the order
 * ingestion added them: corpus files sorted by path, then chunks in document order. Label i, docstore
 * key `String(i)`, `documents[i]` and row i of `vectors.bin` all describe the same chunk.
 */
import { existsSync, readFileSync, watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { GuideError } from './errors.js';
import { INDEX_SCHEMA_VERSION, type ChunkMetadata, type EmbedderInfo, type IndexManifest } from './types.js';

/** File and folder names inside `INDEX_DIR` (see the layout above). */
export const INDEX_LAYOUT = Object.freeze({
  current: 'CURRENT',
  lock: '.ingest.lock',
  builds: 'builds',
  tmpPrefix: '.tmp-',
  manifest: 'manifest.json',
  vectors: 'vectors.bin',
  vectorIndex: 'vectors.json',
  hnswIndex: 'hnswlib.index',
  hnswArgs: 'args.json',
  docstore: 'docstore.json',
});

/** What `loadIndex` returns: a ready vector store and its chunks in label order. */
export interface LoadedIndex {
  manifest: IndexManifest;
  vectorStore: HNSWLib;
  /** `documents[i]` is the chunk with HNSW label i (stable order: files by path, then chunk order). */
  documents: Document<ChunkMetadata>[];
  /** Absolute path of the build folder that was loaded. */
  buildDir: string;
}

/** The folder of one build. */
export function buildDirOf(indexDir: string, buildId: string): string {
  return path.resolve(indexDir, INDEX_LAYOUT.builds, buildId);
}

/** The id in `CURRENT`, or undefined when there is no index yet. */
export function readCurrentBuildId(indexDir: string): string | undefined {
  try {
    const id = readFileSync(path.join(indexDir, INDEX_LAYOUT.current), 'utf8').trim();
    return id.length > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The manifest of the build that serves now, or undefined when there is no index or its manifest
 * cannot be read. Cheap and synchronous; for error detail use `loadIndex`.
 */
export function readManifest(indexDir: string): IndexManifest | undefined {
  const buildId = readCurrentBuildId(indexDir);
  if (!buildId) return undefined;
  try {
    return parseManifest(
      readFileSync(path.join(buildDirOf(indexDir, buildId), INDEX_LAYOUT.manifest), 'utf8'),
    );
  } catch {
    return undefined;
  }
}

/**
 * Loads the build named by `CURRENT`.
 *
 * @throws GuideError INDEX_MISSING when nothing was ingested yet; INDEX_CORRUPT when a file is missing
 *   or unparseable or the schema version differs; INDEX_EMBEDDER_MISMATCH when the index was built with
 *   another embedder than `embeddings.info`.
 */
export async function loadIndex(
  indexDir: string,
  embeddings: EmbeddingsInterface & { readonly info: EmbedderInfo },
): Promise<LoadedIndex> {
  const buildId = readCurrentBuildId(indexDir);
  if (!buildId) {
    throw new GuideError(
      'INDEX_MISSING',
      `No index in ${indexDir}. Run \`npm run ingest\` to build it from the guide.`,
    );
  }
  const buildDir = buildDirOf(indexDir, buildId);
  const rebuild = 'Run `npm run ingest` to rebuild it.';

  let manifestText: string;
  try {
    manifestText = await readFile(path.join(buildDir, INDEX_LAYOUT.manifest), 'utf8');
  } catch (cause) {
    throw new GuideError(
      'INDEX_CORRUPT',
      `The index build ${buildId} in ${indexDir} has no readable manifest. ${rebuild}`,
      {
        cause,
      },
    );
  }
  let manifest: IndexManifest;
  try {
    manifest = parseManifest(manifestText);
  } catch (cause) {
    throw new GuideError(
      'INDEX_CORRUPT',
      `The manifest of index build ${buildId} is invalid (${(cause as Error).message}). ${rebuild}`,
      { cause },
    );
  }
  if (manifest.schemaVersion !== INDEX_SCHEMA_VERSION) {
    throw new GuideError(
      'INDEX_CORRUPT',
      `The index in ${indexDir} has schema version ${manifest.schemaVersion}, this version reads ${INDEX_SCHEMA_VERSION}. ${rebuild}`,
    );
  }
  // A hosted embedder reports 0 dimensions until its first request: then provider and model decide.
  const live =
    embeddings.info.dimensions > 0
      ? embeddings.info
      : { ...embeddings.info, dimensions: manifest.embedder.dimensions };
  if (!sameEmbedder(manifest.embedder, live)) {
    throw new GuideError(
      'INDEX_EMBEDDER_MISMATCH',
      `The index was built with ${formatEmbedder(manifest.embedder)} but the configured embedder is ${formatEmbedder(
        embeddings.info,
      )}. Re-run \`npm run ingest\` (or switch EMBEDDINGS_PROVIDER back).`,
    );
  }

  let vectorStore: HNSWLib;
  try {
    vectorStore = await HNSWLib.load(buildDir, embeddings);
  } catch (cause) {
    throw new GuideError(
      'INDEX_CORRUPT',
      `Cannot load the vector index of build ${buildId} (${(cause as Error).message}). ${rebuild}`,
      {
        cause,
      },
    );
  }

  const count = vectorStore.index.getCurrentCount();
  const documents: Document<ChunkMetadata>[] = [];
  for (let label = 0; label < count; label++) {
    let stored: unknown;
    try {
      stored = vectorStore.docstore.search(String(label));
    } catch {
      stored = undefined; // the in-memory docstore throws for an unknown id
    }
    if (!isStoredDocument(stored)) {
      throw new GuideError(
        'INDEX_CORRUPT',
        `The docstore of build ${buildId} has no chunk for label ${label}. ${rebuild}`,
      );
    }
    documents.push(
      new Document<ChunkMetadata>({
        pageContent: stored.pageContent,
        metadata: stored.metadata,
        id: stored.metadata.chunkId,
      }),
    );
  }
  if (count !== manifest.chunkCount) {
    throw new GuideError(
      'INDEX_CORRUPT',
      `Build ${buildId} holds ${count} vectors but its manifest says ${manifest.chunkCount} chunks. ${rebuild}`,
    );
  }
  return { manifest, vectorStore, documents, buildDir };
}

/** Options of `watchIndex`; the defaults suit a bot. */
export interface WatchIndexOptions {
  /** Wait this long after the last change event before reading `CURRENT` (default 150 ms). */
  debounceMs?: number;
  /** Polling interval of the `fs.watchFile` fallback (default 1000 ms). */
  pollIntervalMs?: number;
}

/**
 * Calls `onChange(buildId)` once for every new build swapped into `indexDir` (not for the one serving
 * when the watch starts). Uses `fs.watch` on the folder for prompt notice and `fs.watchFile` polling on
 * `CURRENT` as a fallback (folders that do not exist yet, file systems without inotify); events are
 * debounced and deduplicated by build id, so a swap is reported once whichever mechanism sees it.
 * Returns a function that stops watching.
 */
export function watchIndex(
  indexDir: string,
  onChange: (buildId: string) => void,
  options: WatchIndexOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 150;
  const currentPath = path.join(indexDir, INDEX_LAYOUT.current);
  let lastSeen = readCurrentBuildId(indexDir);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const check = () => {
    timer = undefined;
    if (stopped) return;
    const id = readCurrentBuildId(indexDir);
    // Only announce builds that are complete: the manifest is the last file a build writes.
    if (!id || id === lastSeen || !existsSync(path.join(buildDirOf(indexDir, id), INDEX_LAYOUT.manifest)))
      return;
    lastSeen = id;
    onChange(id);
  };
  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(indexDir, { persistent: false }, (_event, filename) => {
      if (!filename || String(filename).startsWith(INDEX_LAYOUT.current)) schedule();
    });
    // A deleted folder or an inotify limit: the polling below carries on alone.
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined;
  }
  const poll = () => schedule();
  watchFile(currentPath, { interval: options.pollIntervalMs ?? 1000, persistent: false }, poll);

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    watcher?.close();
    unwatchFile(currentPath, poll);
  };
}

/** Result of `checkStale`: corpus files that differ from what the serving index was built from. */
export interface StaleReport {
  /** True when there is no index or any corpus file was added, removed or changed. */
  stale: boolean;
  /** All differing corpus-relative paths, sorted (added, removed and changed together). */
  changed: string[];
  added: string[];
  removed: string[];
  modified: string[];
}

/** Compares the sha256 of every `.md` file under `corpusDir` with the serving index's manifest. */
export async function checkStale(indexDir: string, corpusDir: string): Promise<StaleReport> {
  const manifest = readManifest(indexDir);
  const files = await hashCorpusFiles(corpusDir).catch(() => new Map<string, string>());
  const built = new Map(Object.entries(manifest?.files ?? {}));
  const added = [...files.keys()].filter((file) => !built.has(file));
  const removed = [...built.keys()].filter((file) => !files.has(file));
  const modified = [...files.entries()]
    .filter(([file, hash]) => built.has(file) && built.get(file) !== hash)
    .map(([f]) => f);
  const changed = [...added, ...removed, ...modified].sort(compareStrings);
  return {
    stale: !manifest || changed.length > 0,
    changed,
    added: added.sort(compareStrings),
    removed: removed.sort(compareStrings),
    modified: modified.sort(compareStrings),
  };
}

/**
 * Every `.md` file under `corpusDir` (recursively, following no symlinked folders), as corpus-relative
 * paths with forward slashes, sorted by code unit so the order is the same on every machine.
 * A directory named `x.md` is returned too (it is a Markdown name); reading it fails, which ingestion
 * reports as an unreadable file.
 */
export async function listCorpusFiles(corpusDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.name.toLowerCase().endsWith('.md')) {
        found.push(relative);
      } else if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await walk(path.join(dir, entry.name), relative);
      }
    }
  };
  await walk(corpusDir, '');
  return found.sort(compareStrings);
}

/** Corpus-relative path -> sha256 (hex) of the file's bytes, for every `.md` file under `corpusDir`. */
export async function hashCorpusFiles(corpusDir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const file of await listCorpusFiles(corpusDir)) {
    const full = path.join(corpusDir, file);
    if (!(await stat(full)).isFile()) continue;
    hashes.set(
      file,
      createHash('sha256')
        .update(await readFile(full))
        .digest('hex'),
    );
  }
  return hashes;
}

/** True when two embedders produce interchangeable vectors. */
export function sameEmbedder(a: EmbedderInfo, b: EmbedderInfo): boolean {
  return a.provider === b.provider && a.model === b.model && a.dimensions === b.dimensions;
}

function formatEmbedder(info: EmbedderInfo): string {
  return `${info.provider}:${info.model} (${info.dimensions} dimensions)`;
}

/** Code-unit order, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses and checks the shape of a manifest; throws an Error naming the bad field. */
export function parseManifest(text: string): IndexManifest {
  const value = JSON.parse(text) as Partial<IndexManifest> | null;
  if (!value || typeof value !== 'object') throw new Error('not an object');
  const fail = (field: string) => {
    throw new Error(`field "${field}" is missing or has the wrong type`);
  };
  if (typeof value.schemaVersion !== 'number') fail('schemaVersion');
  const embedder = value.embedder;
  if (
    !embedder ||
    typeof embedder.provider !== 'string' ||
    typeof embedder.model !== 'string' ||
    typeof embedder.dimensions !== 'number'
  ) {
    fail('embedder');
  }
  if (!value.files || typeof value.files !== 'object') fail('files');
  if (typeof value.chunkCount !== 'number') fail('chunkCount');
  if (typeof value.sectionCount !== 'number') fail('sectionCount');
  if (typeof value.buildId !== 'string') fail('buildId');
  if (typeof value.builtAt !== 'string') fail('builtAt');
  if (!value.splitter || typeof value.splitter.chunkSize !== 'number') fail('splitter');
  return value as IndexManifest;
}

function isStoredDocument(value: unknown): value is { pageContent: string; metadata: ChunkMetadata } {
  if (!value || typeof value !== 'object') return false;
  const doc = value as { pageContent?: unknown; metadata?: { chunkId?: unknown } };
  return typeof doc.pageContent === 'string' && typeof doc.metadata?.chunkId === 'string';
}

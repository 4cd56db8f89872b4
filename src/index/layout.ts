/**
 * The on-disk index: where ingestion writes it and where readers find it. Every other module of
 * `src/index/` reads or writes one part of this layout.
 *
 * ```
 * INDEX_DIR/
 *   CURRENT                  the id of the build that serves now (one line); replaced atomically
 *                            (write CURRENT.tmp-<pid>, then rename over CURRENT)      -> write.ts
 *   .ingest.lock             JSON { pid, hostname, startedAt } while an ingestion runs
 *                            (O_EXCL create)                                           -> lock.ts
 *   builds/
 *     <buildId>/             one complete build, never modified after it is renamed into place:
 *       hnswlib.index        the HNSW graph (hnswlib-node, cosine space)
 *       args.json            HNSWLib arguments (space, numDimensions)
 *       docstore.json        HNSWLib docstore: [label, Document] pairs; label i is the i-th chunk
 *       vectors.bin          the chunk vectors, Float32 little-endian, row i = label i (reused by the
 *                            next ingestion for chunks whose content hash did not change)  -> vectors.ts
 *       vectors.json         { embedder, dimensions, count, hashes[] }: hashes[i] = contentHash of row i
 *       sentences.bin        vectors of every answer sentence of every chunk (as `splitSentences` splits
 *                            a chunk's text), Float32 little-endian, one row per distinct sentence
 *       sentences.json       { embedder, dimensions, count, texts[] }: texts[i] = the sentence of row i
 *                            (both absent in builds made before sentence vectors were stored; the
 *                            manifest's `sentences` field says whether a build has them) -> sentences.ts
 *       generated-questions.json  questions a chat model wrote per section (`--generate-questions`),
 *                            copied forward while a section's text is unchanged; absent when none
 *                                                                          -> generated-questions.ts
 *       alternative-questions.json  the maintainers' alternative questions (`<guide>.questions.json`
 *                            beside the guide) as ingested, so every reader of the build matches the
 *                            same ones; absent when there were none    -> alternative-questions.ts
 *       manifest.json        IndexManifest; written last, so a build without it is incomplete
 *                                                                                      -> manifest.ts
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
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** File and folder names inside `INDEX_DIR` (see the layout above). */
export const INDEX_LAYOUT = Object.freeze({
  current: 'CURRENT',
  lock: '.ingest.lock',
  builds: 'builds',
  tmpPrefix: '.tmp-',
  manifest: 'manifest.json',
  vectors: 'vectors.bin',
  vectorIndex: 'vectors.json',
  sentenceVectors: 'sentences.bin',
  sentenceIndex: 'sentences.json',
  hnswIndex: 'hnswlib.index',
  hnswArgs: 'args.json',
  docstore: 'docstore.json',
  generatedQuestions: 'generated-questions.json',
  alternativeQuestions: 'alternative-questions.json',
});

/** The folder holding every build of `indexDir`. */
export function buildsDirOf(indexDir: string): string {
  return path.resolve(indexDir, INDEX_LAYOUT.builds);
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

import { readAlternativeQuestions } from './alternative-questions.js';
import { unit } from '../core/words/vectors.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { PipelineError } from '../core/errors.js';
import type { ChunkMetadata, EmbedderInfo } from '../core/types.js';
import { INDEX_LAYOUT, buildDirOf, readCurrentBuildId } from './layout.js';
import {
  UnsupportedSchemaVersionError,
  formatEmbedder,
  parseManifest,
  sameEmbedder,
  type IndexManifest,
} from './manifest.js';
import { readSentenceVectors } from './sentences.js';
import { readQuestionEntry, readGeneratedQuestions } from './generated-questions.js';
import type { AlternativeQuestion } from '../core/retrieval/retrieval-types.js';

/** What `loadIndex` returns: a ready vector store and its chunks in label order. */
export interface LoadedIndex {
  manifest: IndexManifest;
  vectorStore: HNSWLib;
  /** `documents[i]` is the chunk with HNSW label i (stable order: files by path, then chunk order). */
  documents: Document<ChunkMetadata>[];
  /**
   * Text -> vector for every answer unit of every chunk: each sentence as `splitSentences`
   * (src/core/text.ts) splits a chunk's text, and each list item's "Title. Next sentence." pair the
   * extractive answerer quotes as one (see src/ingest/sentences.ts). Embedded at ingestion with the
   * index's embedder and stored as Float32, not re-normalised. Seeds the answerer's sentence cache so
   * no warm-up is needed. Empty for builds made before sentence vectors were stored
   * (`manifest.sentences` absent): warm up as before.
   */
  sentenceVectors: Map<string, number[]>;
  /**
   * The questions a chat model wrote per section at ingestion (`generated-questions.json`), matched
   * like the maintainers' alternative questions; empty for builds without them.
   */
  generatedQuestions: AlternativeQuestion[];
  /**
   * The maintainers' alternative questions kept with the build; undefined for a build made before
   * builds kept them (its reader takes them from beside the guide).
   */
  alternativeQuestions: AlternativeQuestion[] | undefined;
  /** Absolute path of the build folder that was loaded. */
  buildDir: string;
}

/**
 * Loads the build named by `CURRENT`.
 *
 * @throws PipelineError INDEX_MISSING when nothing was ingested yet; INDEX_CORRUPT when a file is missing
 *   or unparseable or the schema version differs; INDEX_EMBEDDER_MISMATCH when the index was built with
 *   another embedder than `embeddings.info`.
 */
export async function loadIndex(
  indexDir: string,
  embeddings: EmbeddingsInterface & { readonly info: EmbedderInfo },
): Promise<LoadedIndex> {
  const buildId = readCurrentBuildId(indexDir);
  if (!buildId) {
    throw new PipelineError(
      'INDEX_MISSING',
      `No index in ${indexDir}. Run \`npm run ingest\` to build it from the guide.`,
    );
  }
  const buildDir = buildDirOf(indexDir, buildId);
  const manifest = await loadManifest(indexDir, buildId);
  // A hosted embedder reports 0 dimensions until its first request: then provider and model decide.
  const live =
    embeddings.info.dimensions > 0
      ? embeddings.info
      : { ...embeddings.info, dimensions: manifest.embedder.dimensions };
  if (!sameEmbedder(manifest.embedder, live)) {
    throw new PipelineError(
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
    throw corrupt(`Cannot load the vector index of build ${buildId} (${(cause as Error).message}).`, cause);
  }
  const documents = readDocuments(vectorStore, buildId);
  if (documents.length !== manifest.chunkCount) {
    throw corrupt(
      `Build ${buildId} holds ${documents.length} vectors but its manifest says ${manifest.chunkCount} chunks.`,
    );
  }
  const sentenceVectors = await loadSentenceVectors(buildDir, buildId, manifest);
  const generatedQuestions = await loadGeneratedQuestions(buildDir, buildId, manifest);
  const alternativeQuestions = await loadAlternativeQuestions(buildDir, buildId, manifest);
  return {
    manifest,
    vectorStore,
    documents,
    sentenceVectors,
    generatedQuestions,
    alternativeQuestions,
    buildDir,
  };
}

const REBUILD = 'Run `npm run ingest` to rebuild it.';

function corrupt(message: string, cause?: unknown): PipelineError {
  return new PipelineError('INDEX_CORRUPT', `${message} ${REBUILD}`, cause === undefined ? {} : { cause });
}

async function loadManifest(indexDir: string, buildId: string): Promise<IndexManifest> {
  let text: string;
  try {
    text = await readFile(path.join(buildDirOf(indexDir, buildId), INDEX_LAYOUT.manifest), 'utf8');
  } catch (cause) {
    throw corrupt(`The index build ${buildId} in ${indexDir} has no readable manifest.`, cause);
  }
  try {
    return parseManifest(text);
  } catch (cause) {
    if (cause instanceof UnsupportedSchemaVersionError) {
      throw corrupt(`The index in ${indexDir} has ${cause.message}.`, cause);
    }
    throw corrupt(`The manifest of index build ${buildId} is invalid (${(cause as Error).message}).`, cause);
  }
}

function readDocuments(vectorStore: HNSWLib, buildId: string): Document<ChunkMetadata>[] {
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
      throw corrupt(`The docstore of build ${buildId} has no chunk for label ${label}.`);
    }
    documents.push(
      new Document<ChunkMetadata>({
        pageContent: stored.pageContent,
        metadata: stored.metadata,
        id: stored.metadata.chunkId,
      }),
    );
  }
  return documents;
}

async function loadSentenceVectors(
  buildDir: string,
  buildId: string,
  manifest: IndexManifest,
): Promise<Map<string, number[]>> {
  if (!manifest.sentences) return new Map();
  let vectors: Map<string, number[]>;
  try {
    vectors = await readSentenceVectors(buildDir, manifest.embedder);
  } catch (cause) {
    throw corrupt(
      `The sentence vectors of build ${buildId} cannot be read: ${(cause as Error).message}.`,
      cause,
    );
  }
  if (vectors.size !== manifest.sentences.count) {
    throw corrupt(
      `Build ${buildId} holds ${vectors.size} sentence vectors but its manifest says ${manifest.sentences.count}.`,
    );
  }
  // Unit length once, here: the sentence cache and the retriever then share these arrays, not copies.
  for (const [text, vector] of vectors) vectors.set(text, unit(vector));
  return vectors;
}

async function loadGeneratedQuestions(
  buildDir: string,
  buildId: string,
  manifest: IndexManifest,
): Promise<AlternativeQuestion[]> {
  if (!manifest.generatedQuestions) return [];
  try {
    const sections = await readGeneratedQuestions(buildDir);
    return sections.flatMap((s) =>
      s.questions.map((entry) => ({ source: s.source, heading: s.heading, ...readQuestionEntry(entry) })),
    );
  } catch (cause) {
    throw corrupt(
      `The generated questions of build ${buildId} cannot be read: ${(cause as Error).message}.`,
      cause,
    );
  }
}

async function loadAlternativeQuestions(
  buildDir: string,
  buildId: string,
  manifest: IndexManifest,
): Promise<AlternativeQuestion[] | undefined> {
  if (!manifest.alternativeQuestions) return undefined;
  try {
    return await readAlternativeQuestions(buildDir, manifest.alternativeQuestions.count);
  } catch (cause) {
    throw corrupt(
      `The alternative questions of build ${buildId} cannot be read: ${(cause as Error).message}.`,
      cause,
    );
  }
}

function isStoredDocument(value: unknown): value is { pageContent: string; metadata: ChunkMetadata } {
  if (!value || typeof value !== 'object') return false;
  const doc = value as { pageContent?: unknown; metadata?: { chunkId?: unknown } };
  return typeof doc.pageContent === 'string' && typeof doc.metadata?.chunkId === 'string';
}

import path from 'node:path';
import { Document } from '@langchain/core/documents';
import type { Logger } from '../logger.js';
import { PipelineError } from '../core/errors.js';
import type { Embedder } from '../core/embedder.js';
import type { ChunkMetadata, QuestionWriter } from '../core/types.js';
import { buildDirOf, readCurrentBuildId } from '../index/layout.js';
import { acquireIngestLock } from '../index/lock.js';
import { readSentenceVectors } from '../index/sentences.js';
import { readVectorCache } from '../index/vectors.js';
import { removeLeftoverTempBuilds, writeBuild } from '../index/write.js';
import { checkCorpusDir, hashQuestionFiles, readCorpus, type CorpusFile } from './corpus.js';
import { embedTexts, resolveEmbedder } from './embed.js';
import { listSentences } from './sentences.js';
import { checkAnswerSentences, loadAlternativeQuestions, QUESTIONS_SUFFIX } from './alternative-questions.js';
import { collectGeneratedQuestions, type GeneratedQuestionsSummary } from './generate-questions.js';
import { readQuestionEntry, readGeneratedQuestions } from '../index/generated-questions.js';
import { sentenceCase } from '../core/words/text.js';
import { splitMarkdown, type Chunk, type SplitOptions } from './split.js';

/**
 * Progress of one phase: `read` (files), `split` (files), `embed` (chunks to embed), `questions`
 * (sections a model writes questions for), `sentences` (answer sentences to embed), `write` (steps).
 */
export interface IngestProgress {
  phase: 'read' | 'split' | 'embed' | 'sentences' | 'write' | (string & {});
  done: number;
  total: number;
}

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  embeddings: Embedder;
  chunkSize: number;
  chunkOverlap: number;
  logger?: Logger;
  onProgress?: (progress: IngestProgress) => void;
  /** Texts per `embedDocuments` call (EMBEDDINGS_BATCH_SIZE); default 64. */
  batchSize?: number;
  /** Stops the run between batches; the previous index stays in place. */
  signal?: AbortSignal;
  /**
   * `--generate-questions`: writes questions for each section whose text has none stored yet. Without
   * it, the previous build's generated questions are still carried over for unchanged sections.
   */
  questionWriter?: QuestionWriter;
  /** Questions asked of the writer per section (default 3). */
  questionsPerSection?: number;
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
  /**
   * The answer sentences whose vectors the build stores (`count` distinct sentences): how many were
   * embedded in this run and how many came from the previous build (same text and embedder).
   */
  sentences: { count: number; embedded: number; reused: number };
  /** Model-written questions kept with the build; absent when there are none and none were asked for. */
  generatedQuestions?: GeneratedQuestionsSummary;
  /** Embedding requests: the embedder's own count when it keeps one (remote APIs), else `embedDocuments` calls made. */
  requests: number;
  ms: number;
  indexDir: string;
}

/**
 * Reads every `.md` file under `corpusDir`, splits it into section-bounded chunks, embeds the chunks
 * and their answer sentences that changed since the current build (reusing the other vectors), and
 * swaps a complete new build into
 * `indexDir` (layout in `src/index/layout.ts`). Holds the ingestion lock throughout.
 *
 * Nothing in `indexDir` that a reader follows changes until the new build is complete, so a failure or
 * a kill at any point leaves the previous index loadable.
 *
 * @throws PipelineError CORPUS_MISSING, CORPUS_EMPTY, CORPUS_UNREADABLE, CORPUS_BINARY, CORPUS_FILE_EMPTY
 *   (naming the folder or file), INGEST_LOCKED, EMBEDDINGS_FAILED; the signal's reason when it is
 *   aborted (checked between embedding calls and before the build is swapped in).
 */
export async function ingestCorpus(options: IngestOptions): Promise<IngestSummary> {
  const started = process.hrtime.bigint();
  const { corpusDir, indexDir, embeddings, logger, onProgress, signal } = options;
  const batchSize = Math.max(1, options.batchSize ?? 64);

  // Check the corpus before taking the lock, so a typo in CORPUS_DIR does not even create INDEX_DIR.
  await checkCorpusDir(corpusDir);
  signal?.throwIfAborted();
  const release = acquireIngestLock(indexDir, logger);
  try {
    await removeLeftoverTempBuilds(indexDir, logger);

    const files = await readCorpus(corpusDir, (done, total) => onProgress?.({ phase: 'read', done, total }));
    const requestsBefore = embeddings.requestCount;
    // A hosted embedder may not know its vector length before its first request.
    const info = await resolveEmbedder(embeddings);
    const splitOptions = { chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap };
    const chunks = await splitCorpus(corpusDir, files, splitOptions, onProgress);
    const sections = new Set(chunks.map((chunk) => `${chunk.metadata.source}#${chunk.metadata.anchor}`)).size;

    const previousId = readCurrentBuildId(indexDir);
    const previousDir = previousId ? buildDirOf(indexDir, previousId) : undefined;
    const { vectors, embedded, reused, calls } = await embedTexts({
      items: chunks.map((chunk) => ({ key: chunk.metadata.contentHash, text: chunk.embedText })),
      cache: await readVectorCache(previousDir, info),
      embeddings,
      dimensions: info.dimensions,
      batchSize,
      onProgress: (done, total) => onProgress?.({ phase: 'embed', done, total }),
      signal,
    });
    // Every sentence the extractive answer may quote, so the bot needs no warm-up after a start or a
    // reload. Reused from the previous build by text (the text is what is embedded).
    // The maintainers' alternative questions too: the retriever matches a question against them.
    const { questions: alternatives, moved } = checkAnswerSentences(
      await loadAlternativeQuestions(corpusDir),
      chunks.map((chunk) => ({ ...chunk.metadata, text: chunk.text })),
    );
    if (moved.length > 0)
      logger?.warn(
        {
          count: moved.length,
          file: path.join(corpusDir, moved[0]!.source.replace(/\.md$/, QUESTIONS_SUFFIX)),
          example: moved[0]!.question,
          heading: moved[0]!.heading,
        },
        'Some answer sentences of the alternative questions are no longer in their section: those questions are kept without them',
      );
    const generated = await collectGeneratedQuestions({
      chunks,
      previous: previousDir ? await readGeneratedQuestions(previousDir).catch(() => []) : [],
      writer: options.questionWriter,
      known: alternatives,
      ...(options.questionsPerSection ? { perSection: options.questionsPerSection } : {}),
      logger,
      signal,
      onProgress: (done, total) => onProgress?.({ phase: 'questions', done, total }),
    });
    const generatedTexts = generated.sections.flatMap((section) =>
      section.questions.map((entry) => sentenceCase(readQuestionEntry(entry).question)),
    );
    const sentenceTexts = [
      ...new Set([
        ...listSentences(chunks),
        ...alternatives.map((alt) => sentenceCase(alt.question)),
        ...generatedTexts,
      ]),
    ];
    const sentences = await embedTexts({
      items: sentenceTexts.map((text) => ({ key: text, text })),
      cache: previousDir
        ? await readSentenceVectors(previousDir, info).catch(() => new Map<string, number[]>())
        : new Map<string, number[]>(),
      embeddings,
      dimensions: info.dimensions,
      batchSize,
      onProgress: (done, total) => onProgress?.({ phase: 'sentences', done, total }),
      signal,
    });
    const buildId = await writeBuild(
      indexDir,
      {
        embedder: info,
        embeddings,
        documents: chunks.map(
          (chunk) =>
            new Document<ChunkMetadata>({
              pageContent: chunk.text,
              metadata: chunk.metadata,
              id: chunk.metadata.chunkId,
            }),
        ),
        vectors,
        sentenceVectors: new Map(sentenceTexts.map((text, i) => [text, sentences.vectors[i]!])),
        generatedQuestions: generated.sections,
        alternativeQuestions: alternatives,
        manifest: {
          // The guide's files and the alternative-questions files beside them: both make answers.
          files: {
            ...Object.fromEntries(files.map((file) => [file.source, file.sha256])),
            ...Object.fromEntries(await hashQuestionFiles(corpusDir)),
          },
          sectionCount: sections,
          splitter: splitOptions,
        },
        previousDir,
      },
      { signal, logger, onProgress: (done, total) => onProgress?.({ phase: 'write', done, total }) },
    );
    const requestsAfter = embeddings.requestCount;
    const requests =
      requestsBefore !== undefined && requestsAfter !== undefined
        ? requestsAfter - requestsBefore
        : calls + sentences.calls;

    const summary: IngestSummary = {
      buildId,
      files: files.length,
      sections,
      chunks: chunks.length,
      embedded,
      reused,
      sentences: { count: sentenceTexts.length, embedded: sentences.embedded, reused: sentences.reused },
      ...(options.questionWriter || generated.sections.length > 0
        ? { generatedQuestions: generated.summary }
        : {}),
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

/**
 * Every file's chunks, files in order.
 *
 * @throws PipelineError CORPUS_FILE_EMPTY naming a file that yields no chunk.
 */
async function splitCorpus(
  corpusDir: string,
  files: readonly CorpusFile[],
  options: SplitOptions,
  onProgress: IngestOptions['onProgress'],
): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const [i, file] of files.entries()) {
    const fileChunks = await splitMarkdown(file.text, file.source, options);
    if (fileChunks.length === 0) {
      throw new PipelineError(
        'CORPUS_FILE_EMPTY',
        `${path.join(corpusDir, file.source)} has no text to index (only headings, blank lines or a table of contents).`,
      );
    }
    chunks.push(...fileChunks);
    onProgress?.({ phase: 'split', done: i + 1, total: files.length });
  }
  return chunks;
}

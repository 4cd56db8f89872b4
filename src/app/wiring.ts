import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Embedder } from '../core/embedder.js';
import { isPipelineError } from '../core/errors.js';
import { openGuide, type Guide, type GuideSettings } from '../core/guide.js';
import { readCurrentBuildId } from '../index/layout.js';
import { checkStale } from '../index/stale.js';
import { ingestCorpus } from '../ingest/ingest.js';
import { formatSummary } from '../ingest/progress.js';
import { createAnswerWriter } from '../providers/chat/create-answer-writer.js';
import { createEmbeddings } from '../providers/embeddings/create-embeddings.js';
import { createPinMatcher, type PinMatcher } from '../store/pin-matcher.js';
import type { Store } from '../store/types.js';
import { createAskService, type AskService } from './ask-service.js';
import { createSameQuestionMatcher } from '../core/matching/same-question.js';
import { sentenceCase } from '../core/words/text.js';
import { loadSameQuestionTools } from '../core/matching/load-tools.js';
import { existsSync } from 'node:fs';
import { loadWordVectors, DEFAULT_WORD_VECTORS_DIR } from '../core/words/word-vectors.js';
import { FITTED_PARAMS_FILE, loadFittedParams } from '../core/retrieval/fusion.js';
import { loadAlternativeQuestions } from '../ingest/alternative-questions.js';

/**
 * The one application wiring: every entry point (the bot, `ask`, `eval`, `bench`) turns its settings
 * into parts here, so the parts are built one way. Entry points only parse their arguments, call these
 * and present the results.
 */

/** What the guide is served with. */
export interface GuideParts {
  embeddings: Embedder;
  guide: Guide;
}

export interface OpenGuideOptions {
  /** An embedder already loaded (tests, the bench); by default the configured one. */
  embeddings?: Embedder;
  /** Encoder worker threads (the bot: `EMBEDDINGS_WORKERS`); absent or 0 runs the encoder in-process. */
  workers?: number;
  /** With no index yet, build one first (the command line) instead of failing with INDEX_MISSING (the bot). */
  buildIfMissing?: boolean;
  /** Told what is happening: that an index is being built, or that the corpus changed since it was. */
  report?: (event: GuideOpenEvent) => void;
}

/** What opening the guide has to say on the way. */
export type GuideOpenEvent =
  | { kind: 'building'; indexDir: string; corpusDir: string }
  | { kind: 'built'; summary: string }
  | { kind: 'stale'; changed: string[] }
  /** CORPUS_MISSING or CORPUS_UNREADABLE (the message names the folder and CORPUS_DIR); the index still serves. */
  | { kind: 'corpus-unavailable'; message: string };

/**
 * Opens the guide from the settings: the embedder, the model writer when `ANSWER_MODE=llm`, and the
 * index in `INDEX_DIR` (built first when missing and `buildIfMissing`).
 *
 * @throws PipelineError INDEX_MISSING, INDEX_CORRUPT, INDEX_EMBEDDER_MISMATCH, or an ingestion error.
 */
export async function openGuideParts(
  config: Config,
  logger: Logger,
  options: OpenGuideOptions = {},
): Promise<GuideParts> {
  const report = options.report ?? (() => {});
  const embeddings =
    options.embeddings ??
    createEmbeddings(config, logger, options.workers ? { workers: options.workers } : {});
  if (options.buildIfMissing && !readCurrentBuildId(config.INDEX_DIR)) {
    report({ kind: 'building', indexDir: config.INDEX_DIR, corpusDir: config.CORPUS_DIR });
    const summary = await ingestCorpus({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      embeddings,
      chunkSize: config.CHUNK_SIZE,
      chunkOverlap: config.CHUNK_OVERLAP,
      batchSize: config.EMBEDDINGS_BATCH_SIZE,
      logger,
    });
    report({ kind: 'built', summary: formatSummary(summary) });
  } else {
    try {
      const stale = await checkStale(config.INDEX_DIR, config.CORPUS_DIR);
      if (stale.stale) report({ kind: 'stale', changed: stale.changed });
    } catch (error) {
      // A missing corpus is said as such, not as a changed one.
      if (isPipelineError(error)) report({ kind: 'corpus-unavailable', message: error.message });
      else logger.debug({ err: error }, 'could not check whether the index is stale');
    }
  }
  const writer = createAnswerWriter(config, logger);
  const guide = await openGuide({
    settings: toGuideSettings(config),
    embeddings,
    logger,
    ...(writer ? { writer } : {}),
    ...loadLanguageParts(config.CORPUS_DIR),
  });
  return { embeddings, guide };
}

/** The guide's settings, read from the environment's: the one place `Config` meets `GuideSettings`. */
export function toGuideSettings(
  config: Pick<Config, 'INDEX_DIR' | 'MAX_QUESTION_LENGTH' | 'ANSWER_MAX_CHARS' | 'RETRIEVAL_TOP_K'>,
): GuideSettings {
  return {
    indexDir: config.INDEX_DIR,
    maxQuestionLength: config.MAX_QUESTION_LENGTH,
    maxAnswerChars: config.ANSWER_MAX_CHARS,
    topK: config.RETRIEVAL_TOP_K,
  };
}

/**
 * The offline language resources every guide is served with: GloVe word vectors (committed in
 * assets/word-vectors), the fitted ranking and scope parameters (src/core/retrieval/fitted-params.json),
 * and the maintainers' alternative questions beside the guide.
 */
export function loadLanguageParts(corpusDir: string) {
  return {
    wordVectors: loadWordVectors(DEFAULT_WORD_VECTORS_DIR),
    ...(existsSync(FITTED_PARAMS_FILE) ? { params: loadFittedParams() } : {}),
    alternativeQuestions: () => loadAlternativeQuestions(corpusDir),
  };
}

/**
 * The answering service of the bot: pins (matched by text, then by the same-question matcher), the
 * guide, the log.
 */
export async function createAskParts(parts: {
  config: Pick<Config, 'PIN_MATCH_THRESHOLD' | 'TEACHING_SCOPE'>;
  guide: Guide;
  store: Store;
  embeddings?: Embedder;
  logger: Logger;
}): Promise<{ pins: PinMatcher; asker: AskService }> {
  const { embeddings } = parts;
  const sameQuestion = createSameQuestionMatcher(await loadSameQuestionTools());
  const pins = createPinMatcher({
    sameQuestion,
    store: parts.store,
    ...(embeddings ? { embed: (text: string) => embeddings.embedQuery(text) } : {}),
    threshold: parts.config.PIN_MATCH_THRESHOLD,
  });
  const asker = createAskService({
    guide: parts.guide,
    store: parts.store,
    pins,
    logger: parts.logger,
    version: () => parts.guide.manifest().buildId,
    teachingScope: parts.config.TEACHING_SCOPE,
    ...(embeddings ? { embed: (text: string) => embeddings.embedQuery(sentenceCase(text)) } : {}),
  });
  return { pins, asker };
}

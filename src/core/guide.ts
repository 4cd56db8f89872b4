import type { Logger } from 'pino';
import type { Embedder } from './embedder.js';
import { readCurrentBuildId } from '../index/layout.js';
import { loadIndex, type LoadedIndex } from '../index/read.js';
import { HybridRetriever, type AlternativeQuestion } from './retrieval/hybrid-retriever.js';
import type { FittedParams } from './retrieval/fusion.js';
import type { WordVectors } from './words/word-vectors.js';
import { sectionKey, toSectionRef } from './retrieval/sections.js';
import { loadWordNet } from './words/wordnet.js';
import { createAnswerer, type AnswererSettings } from './answering/answerer.js';
import { loadLanguageDetector } from './question/language.js';
import { readUnits } from './answering/candidates.js';
import { mergeLines, passagesBySection, type SectionPassages } from './answering/section-text.js';
import type { Answerer, AnswerWriter, Citation, IndexManifest, SectionRef } from './types.js';

/** The guide as the bot and the command line see it: answers, plus the index behind them. */
export interface Guide extends Answerer {
  /** The manifest of the index serving now. */
  manifest(): IndexManifest;
  /**
   * Loads the build named by `CURRENT` if it differs from the one serving. On failure the old index
   * keeps serving and the PipelineError is thrown to the caller (who logs it).
   */
  reload(): Promise<{ reloaded: boolean; buildId: string }>;
  /** The sections closest to a question, whether or not the guide covers it. */
  suggestSections(question: string, n?: number, context?: string): Promise<SectionRef[]>;
  /** The guide's citations for a question from retrieval and the extractive answer, without the model. */
  cite(question: string): Promise<Citation[]>;
  /** Every section of the guide, in order. */
  listSections(): SectionRef[];
  /** The quotable sentences of a section, in the guide's order (none for a section not in the guide). */
  sentencesOf(section: Pick<SectionRef, 'source' | 'anchor'>): string[];
  /**
   * Embeds every quotable sentence of the serving index ahead of time (a few seconds for the guide on
   * two cores), so no member waits for the first question about a section. Optional: answers work
   * without it. Resolves to the number of sentences embedded.
   */
  warmUp(): Promise<number>;
}

/**
 * What the guide needs of the bot's settings, in the core's own terms: the composition root
 * (`guideSettingsFrom` in src/app/wiring.ts) maps them from the environment's `Config`.
 */
export interface GuideSettings extends AnswererSettings {
  /** The folder of index builds; its `CURRENT` file names the one to serve. */
  indexDir: string;
}

export interface GuideDeps {
  settings: GuideSettings;
  embeddings: Embedder;
  logger: Logger;
  writer?: AnswerWriter;
  /** GloVe word vectors for soft word matching (optional: without them that signal is 0). */
  wordVectors?: WordVectors;
  /** Fitted ranking and scope parameters (optional: without them the hand-set rules apply). */
  params?: FittedParams;
  /** Reads the maintainers' alternative questions; called at every (re)load so edits are picked up. */
  alternativeQuestions?: () => Promise<AlternativeQuestion[]>;
}

interface Serving {
  index: LoadedIndex;
  retriever: HybridRetriever;
  /** Every chunk of each section, looked up once per loaded index on the first `sentencesOf`. */
  sectionPassages?: SectionPassages;
}

/**
 * Opens the index in `settings.indexDir` and returns a Guide that answers from it.
 *
 * @throws PipelineError INDEX_MISSING, INDEX_CORRUPT or INDEX_EMBEDDER_MISMATCH (from `loadIndex`).
 */
export async function openGuide(deps: GuideDeps): Promise<Guide> {
  // The language detector's database takes seconds to parse and blocks while it does: here, before
  // the bot is online, rather than on the first question.
  const [synonyms, languageDetector] = await Promise.all([loadWordNet(), loadLanguageDetector()]);
  const load = async (): Promise<Serving> => {
    const index = await loadIndex(deps.settings.indexDir, deps.embeddings);
    const retriever = await HybridRetriever.create({
      documents: index.documents,
      vectorStore: index.vectorStore,
      embeddings: deps.embeddings,
      synonyms,
      ...(deps.wordVectors ? { wordVectors: deps.wordVectors } : {}),
      ...(deps.params ? { params: deps.params } : {}),
      // The maintainers' questions beside the guide, and those a model wrote at ingestion (in the build).
      // Those kept with the build; for a build made before builds kept them, those beside the guide.
      alternativeQuestions: [
        ...(index.alternativeQuestions ??
          (deps.alternativeQuestions ? await deps.alternativeQuestions() : [])),
        ...index.generatedQuestions,
      ],
      precomputed: index.sentenceVectors,
    });
    return { index, retriever };
  };

  let serving = await load();
  let reloading: Promise<{ reloaded: boolean; buildId: string }> | undefined;
  const answerer = createAnswerer({
    retriever: () => serving.retriever,
    embeddings: deps.embeddings,
    logger: deps.logger,
    languageDetector,
    ...(deps.writer ? { writer: deps.writer } : {}),
    ...(deps.params?.units ? { unitWeights: deps.params.units.weights } : {}),
    settings: {
      maxQuestionLength: deps.settings.maxQuestionLength,
      maxAnswerChars: deps.settings.maxAnswerChars,
      topK: deps.settings.topK,
    },
  });
  answerer.seedSentences(serving.index.sentenceVectors);

  return {
    answer: answerer.answer,
    cite: answerer.cite,
    manifest: () => serving.index.manifest,
    listSections: () => serving.retriever.listSections(),
    sentencesOf(section) {
      serving.sectionPassages ??= passagesBySection(serving.retriever.allPassages());
      return mergeLines(serving.sectionPassages(sectionKey(section))).flatMap((line) => readUnits(line.text));
    },
    warmUp: () => answerer.warmUp(),
    async suggestSections(question, n = 3, context) {
      const retrieval = await serving.retriever.retrieve(question, { k: n, ...(context ? { context } : {}) });
      return retrieval.sections.slice(0, n).map(toSectionRef);
    },
    reload() {
      // Two change events for one swap share one load.
      // The reset runs in `.finally`, always a later microtask: a `finally` block inside the async
      // function would run before `??=` assigns when nothing awaits (no new build), leaving a settled
      // promise in `reloading` that every later call returned, so new builds were never loaded.
      reloading ??= (async () => {
        const current = readCurrentBuildId(deps.settings.indexDir);
        if (!current || current === serving.index.manifest.buildId) {
          return { reloaded: false, buildId: serving.index.manifest.buildId };
        }
        const next = await load();
        const previous = serving.index.manifest.buildId;
        answerer.seedSentences(next.index.sentenceVectors);
        serving = next;
        deps.logger.info(
          { from: previous, to: next.index.manifest.buildId, chunks: next.index.manifest.chunkCount },
          'switched to the new index',
        );
        return { reloaded: true, buildId: next.index.manifest.buildId };
      })().finally(() => {
        reloading = undefined;
      });
      return reloading;
    },
  };
}

import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { ChunkMetadata, RetrievedPassage, SectionRef } from '../types.js';
import { sentenceCase, stem, terms } from '../words/text.js';
import type { SynonymSource } from '../words/wordnet.js';
import { dot, unit } from '../words/vectors.js';
import { VectorMatrix } from '../words/vector-matrix.js';
import { createQuestionRewriter, type QuestionRewriter } from '../question/rewrite.js';
import { englishWords } from '../words/english-words.js';
import {
  applyTaughtScope,
  findTaughtLesson,
  NOT_COVERED_KEY,
  promoteTaughtSection,
} from './taught-lesson.js';
import type { WordVectors } from '../words/word-vectors.js';
import { LexicalIndex } from './lexical-index.js';
import { WordMatchIndex } from './word-match.js';
import { chunksToQuote, indexSections, rankSections, type IndexedSection } from './section-ranking.js';
import type { AlternativeQuestion, RetrieveOptions, Retrieval, TaughtQuestion } from './retrieval-types.js';
import { HAND_SET_RANKING, type FittedParams } from './fusion.js';
import { toSectionRef } from './sections.js';
import {
  AskedWordsIndex,
  closestAnswers,
  embedKnownQuestions,
  meanOfClosest,
  placeKnownQuestions,
} from './known-questions.js';
import { judgeRetrievedScope } from './scope-evidence.js';
import { guideVocabulary, synonymTerms } from './guide-vocabulary.js';
import { NotCoveredWords } from '../scope/not-covered-words.js';
import type { GuideVocabulary } from '../scope/judge-scope.js';

export type {
  AlternativeQuestion,
  RetrieveOptions,
  Retrieval,
  SectionHit,
  TaughtQuestion,
} from './retrieval-types.js';

/** Sections that are never an answer nor a suggestion: navigation and bibliography. */
const NOT_ANSWERS = /^(table of contents|contents|references?|sources|bibliography|works cited)\s*:?$/i;

/** What a retriever is built from: one loaded index, the embedder that built it, and WordNet. */
export interface HybridRetrieverDeps {
  documents: Document<ChunkMetadata>[];
  vectorStore: HNSWLib;
  embeddings: EmbeddingsInterface;
  synonyms: SynonymSource;
  /** GloVe word vectors for soft word matching; without them that signal is 0. */
  wordVectors?: WordVectors;
  /** The maintainers' alternative questions per section (embedded when the retriever is created). */
  alternativeQuestions?: readonly AlternativeQuestion[];
  /** Fitted ranking and scope parameters; without them the hand-set fusion and scope rule apply. */
  params?: FittedParams;
  /** Vectors embedded at ingestion, by text (the alternative questions among them); others are embedded here. */
  precomputed?: ReadonlyMap<string, readonly number[]>;
}

interface HybridRetrieverParts extends HybridRetrieverDeps {
  lexical: LexicalIndex;
  vocabulary: GuideVocabulary;
  /** Which listed not-covered questions speak to a question (in `notCovered`'s order). */
  notCoveredWords: NotCoveredWords;
  sections: Map<string, IndexedSection>;
  rewriter: QuestionRewriter;
  words: WordMatchIndex | undefined;
  alternatives: readonly TaughtQuestion[];
  notCovered: readonly (readonly number[])[];
  askedWords: AskedWordsIndex | undefined;
}

const DENSE_CANDIDATES = 64;

/**
 * Hybrid retrieval over one loaded index: dense search in the HNSWLib store, lexical search with
 * LangChain's BM25Retriever, and question-to-heading similarity, fused per section.
 *
 * Fusion is a sum of min-max-normalised scores rather than the EnsembleRetriever's reciprocal-rank
 * fusion: on the dev questions RRF of dense + BM25 reached recall@1 0.79, score fusion 0.96 (see
 * README, "Retrieval"). Ranks throw away how far ahead the best section is, which score fusion keeps.
 */
export class HybridRetriever {
  private readonly chunkIndexById: Map<string, number>;

  private constructor(private readonly parts: HybridRetrieverParts) {
    this.chunkIndexById = new Map(parts.documents.map((d, i) => [d.metadata.chunkId, i]));
  }

  /** BM25's inverse document frequency of a stemmed term over the chunks (rarer terms weigh more). */
  idf(term: string): number {
    return this.parts.lexical.idf(term);
  }

  /** GloVe soft match of the question's words with each text's (0 each without word vectors). */
  softWords(question: string, texts: readonly string[]): number[] {
    return this.parts.words?.unitScores(question, texts, (term) => this.idf(term)) ?? texts.map(() => 0);
  }

  /** Builds the lexical index and embeds the section headings (once per loaded index). */
  static async create(deps: HybridRetrieverDeps): Promise<HybridRetriever> {
    const { documents } = deps;
    const lexical = LexicalIndex.build(
      documents.map((doc) => `${doc.metadata.headingPath}\n${doc.pageContent}`),
    );
    // A word of the guide's own text (stemmed), without synonyms.
    const isGuideWord = (word: string) => lexical.vocabulary.has(stem(word));
    const rewriter = createQuestionRewriter(
      documents.map((doc) => `${doc.metadata.heading}\n${doc.pageContent}`),
      isGuideWord,
      deps.wordVectors ? englishWords(deps.wordVectors, deps.synonyms) : undefined,
      (deps.alternativeQuestions ?? []).filter((q) => !q.notCovered).map((q) => q.question),
    );

    const sections = await indexSections(documents, deps.embeddings, (heading) => NOT_ANSWERS.test(heading));
    const words = deps.wordVectors
      ? WordMatchIndex.forSections(sections, documents, deps.wordVectors)
      : undefined;
    const keyOf = new Map(
      [...sections].map(([key, section]) => [`${section.ref.source}\n${section.ref.heading.trim()}`, key]),
    );
    const placed = placeKnownQuestions(deps.alternativeQuestions ?? [], (source, heading) =>
      keyOf.get(`${source}\n${heading}`),
    );
    const { alternatives, notCovered } = await embedKnownQuestions({
      placed,
      embeddings: deps.embeddings,
      ...(deps.precomputed ? { precomputed: deps.precomputed } : {}),
    });
    const askedWords = AskedWordsIndex.build(sections, placed);
    const vocabulary = guideVocabulary(lexical, deps.synonyms);
    const notCoveredWords = NotCoveredWords.build(
      placed.filter((q) => q.key === undefined).map((q) => q.question),
      {
        isGuideWord,
        // A word with a noun sense ("cop"), or none WordNet knows ("pto"); not "stressful".
        isNoun: (word) => vocabulary.senseCount(word) === 0 || vocabulary.nounShare(word) > 0,
      },
      deps.wordVectors,
    );
    return new HybridRetriever({
      ...deps,
      ...{ lexical, sections, rewriter, words, alternatives, notCovered, askedWords },
      ...{ vocabulary, notCoveredWords },
    });
  }

  /** Every chunk of the index as a passage (score 0), in document order. */
  allPassages(): RetrievedPassage[] {
    return this.parts.documents.map((_, index) => this.passageOf(index, 0));
  }

  private passageOf(index: number, score: number): RetrievedPassage {
    const doc = this.parts.documents[index]!;
    return { ...toSectionRef(doc.metadata), chunkId: doc.metadata.chunkId, text: doc.pageContent, score };
  }

  /** Every section of the index, in document order. */
  listSections(): SectionRef[] {
    return [...this.parts.sections.values()].map((section) => section.ref);
  }

  async retrieve(asked: string, options: RetrieveOptions = {}): Promise<Retrieval> {
    const { documents, lexical, rewriter } = this.parts;
    const k = options.k ?? 5;
    // "MAAs" -> "medical administrative assistants": both the lexical and the dense side then see the guide's words.
    const question = rewriter.rewrite(asked);
    const context = options.context ? rewriter.rewrite(options.context).trim() : undefined;
    const queryText = context ? `${context}\n${question}` : question;
    const questionTerms = terms(question);
    const contextTerms = context ? terms(context).filter((term) => !questionTerms.includes(term)) : [];
    const searchTerms = [...questionTerms, ...contextTerms];

    // The encoder is case-sensitive and was trained on edited text: "can I work from home?" typed in lower
    // case is embedded as "Can I work from home?" (on the validation set: recall@1 0.700 -> 0.714).
    const queryVector = unit(await this.parts.embeddings.embedQuery(sentenceCase(queryText)));
    const [denseHits, lexicalHits, askedWordHits] = await Promise.all([
      this.parts.vectorStore.similaritySearchVectorWithScore(
        queryVector,
        Math.min(DENSE_CANDIDATES, documents.length),
      ),
      lexical.scores(searchTerms),
      this.parts.askedWords?.scores(searchTerms),
    ]);

    const denseByChunk = new Map<number, number>();
    for (const [doc, distance] of denseHits) {
      const index = this.indexOf(doc);
      // HNSWLib in cosine space returns a distance, 1 - cosine.
      if (index !== undefined) denseByChunk.set(index, 1 - distance);
    }
    // The question against every listed question a section answers: one packed pass (the list is frozen).
    const alternativeSimilarities = VectorMatrix.ofFrozen(
      this.parts.alternatives,
      (known) => known.vector,
    ).dots(queryVector);
    const ranked = rankSections({
      sections: this.parts.sections,
      alternatives: this.parts.alternatives,
      alternativeSimilarities,
      params: this.models()?.ranking ?? HAND_SET_RANKING,
      queryVector,
      denseByChunk,
      lexicalHits,
      askedWordHits,
      wordScores: this.parts.words?.scores(queryText, (term) => lexical.idf(term)),
      taught: options.taught ?? [],
      questionTerms: [...new Set(questionTerms)].map((term) => ({ term, idf: lexical.idf(term) })),
    });
    // A question a moderator taught is answered from the taught section, or refused when taught as one
    // the guide does not cover (src/core/retrieval/taught-lesson.ts).
    const taught = (options.taught ?? []).filter(
      (t) => this.parts.sections.has(t.sectionKey) || t.sectionKey === NOT_COVERED_KEY,
    );
    const lesson = findTaughtLesson(queryVector, taught);
    const sections = promoteTaughtSection(ranked, lesson);
    const passages = chunksToQuote(sections, k).map(({ index, score }) => this.passageOf(index, score));
    const semantic = Math.max(...sections.map((s) => Math.max(s.dense, s.headingSimilarity)));
    const lessons = taught.filter((t) => t.sectionKey === NOT_COVERED_KEY).map((t) => t.vector);
    const taughtForSections = taught.filter((t) => t.sectionKey !== NOT_COVERED_KEY);
    const taughtAnswered = taughtForSections.map((t) => dot(queryVector, t.vector));
    const judged = judgeRetrievedScope({
      question,
      context,
      ranked,
      semantic,
      queryVector,
      askedNear: meanOfClosest([alternativeSimilarities, taughtAnswered]),
      listed: { vectors: this.parts.notCovered, words: this.parts.notCoveredWords },
      lessons,
      words: this.parts.words,
      documents,
      vocabulary: this.parts.vocabulary,
      params: this.scopeParams(this.parts.notCovered.length + lessons.length),
    });
    const scope = applyTaughtScope(judged, lesson);
    const queryTerms = [
      ...questionTerms.map((term) => ({ term, weight: 1 })),
      ...synonymTerms(question, lexical, this.parts.synonyms).map((term) => ({ term, weight: 0.5 })),
      ...contextTerms.map((term) => ({ term, weight: 0.3 })),
    ];
    // The guide's listed questions and the taught ones: a moderator may say which sentence answers too.
    const knownAnswers =
      taughtForSections.length === 0
        ? closestAnswers(this.parts.alternatives, alternativeSimilarities)
        : closestAnswers(
            [...this.parts.alternatives, ...taughtForSections],
            [...alternativeSimilarities, ...taughtAnswered],
          );
    return { question, sections, passages, scope, queryVector, queryTerms, knownAnswers };
  }

  /**
   * The fitted models for this index: those fitted without alternative questions for a guide that has
   * none (a new guide), the full ones otherwise.
   */
  private models(): Pick<FittedParams, 'ranking' | 'scope'> | undefined {
    const params = this.parts.params;
    if (!params) return undefined;
    return this.parts.alternatives.length === 0 && params.withoutQuestions ? params.withoutQuestions : params;
  }

  /** The scope model: without the not-covered evidence when neither the guide nor a lesson gives any. */
  private scopeParams(notCoveredCount: number): FittedParams['scope'] | undefined {
    const params = this.parts.params;
    const models = this.models();
    if (!params || !models) return undefined;
    if (models !== params || notCoveredCount > 0) return models.scope;
    return params.scopeWithoutNotCovered ?? params.scope;
  }

  private indexOf(doc: Document): number | undefined {
    const chunkId = (doc.metadata as Partial<ChunkMetadata>).chunkId;
    return chunkId === undefined ? undefined : this.chunkIndexById.get(chunkId);
  }
}

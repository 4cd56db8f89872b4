import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { ChunkMetadata, RetrievedPassage, SectionRef } from '../types.js';
import { isStopWord, stem, terms, words } from '../words/text.js';
import type { SynonymSource } from '../words/wordnet.js';
import { dot, minMax, unit } from '../words/vectors.js';
import { createQuestionRewriter, type QuestionRewriter } from '../question/rewrite.js';
import { judgeScope, type ScopeEvidence } from '../scope/judge-scope.js';
import { LexicalIndex } from './lexical-index.js';
import { sectionKey, toSectionRef } from './sections.js';

/** A section of the guide ranked for one question, with the evidence behind its score. */
export interface SectionHit extends SectionRef {
  key: string;
  /** Fused score: the sum of the three normalised signals below, 0..3. */
  score: number;
  /** Best cosine between the question and one of the section's chunks (heading path + text). */
  dense: number;
  /** Cosine between the question and the section's heading (most headings here are questions). */
  headingSimilarity: number;
  /** Best BM25 score of one of the section's chunks. */
  lexical: number;
  /** The section's chunks (indexes into the loaded documents), best first. */
  chunks: { index: number; score: number }[];
}

export interface Retrieval {
  /** The question as asked (without conversation context). */
  question: string;
  sections: SectionHit[];
  /** The best chunks of the best sections: what an answer may quote and cite. */
  passages: RetrievedPassage[];
  scope: ScopeEvidence;
  /** Unit query vector (the question plus any conversation context). */
  queryVector: number[];
  /** Question terms (stemmed) plus conversation-context terms, for sentence selection. */
  queryTerms: { term: string; weight: number }[];
}

export interface RetrieveOptions {
  /** Previous question of the conversation, for follow-ups like "and in hospitals?". */
  context?: string;
  /** How many passages to return (default 5). */
  k?: number;
}

interface IndexedSection {
  ref: SectionRef;
  chunkIndexes: number[];
  headingVector: number[];
}

/** What a retriever is built from: one loaded index, the embedder that built it, and WordNet. */
export interface HybridRetrieverDeps {
  documents: Document<ChunkMetadata>[];
  vectorStore: HNSWLib;
  embeddings: EmbeddingsInterface;
  synonyms: SynonymSource;
}

interface HybridRetrieverParts extends HybridRetrieverDeps {
  lexical: LexicalIndex;
  sections: Map<string, IndexedSection>;
  rewriter: QuestionRewriter;
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

  /** Builds the lexical index and embeds the section headings (once per loaded index). */
  static async create(deps: HybridRetrieverDeps): Promise<HybridRetriever> {
    const { documents } = deps;
    const lexical = LexicalIndex.build(
      documents.map((doc) => `${doc.metadata.headingPath}\n${doc.pageContent}`),
    );
    const rewriter = createQuestionRewriter(
      documents.map((doc) => `${doc.metadata.heading}\n${doc.pageContent}`),
      (word) => lexical.vocabulary.has(stem(word)),
    );

    const grouped = new Map<string, { ref: SectionRef; chunkIndexes: number[] }>();
    documents.forEach((doc, index) => {
      const key = sectionKey(doc.metadata);
      const entry = grouped.get(key) ?? { ref: toSectionRef(doc.metadata), chunkIndexes: [] };
      entry.chunkIndexes.push(index);
      grouped.set(key, entry);
    });
    const keys = [...grouped.keys()];
    const headingVectors = await deps.embeddings.embedDocuments(
      keys.map((key) => grouped.get(key)!.ref.heading),
    );
    const sections = new Map(
      keys.map((key, i) => [key, { ...grouped.get(key)!, headingVector: unit(headingVectors[i] ?? []) }]),
    );
    return new HybridRetriever({ ...deps, lexical, sections, rewriter });
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

    // The encoder is case-sensitive and was trained on edited text: "can I work from home?" typed in lower
    // case is embedded as "Can I work from home?" (on the validation set: recall@1 0.700 -> 0.714).
    const queryVector = unit(await this.parts.embeddings.embedQuery(sentenceCase(queryText)));
    const [denseHits, lexicalHits] = await Promise.all([
      this.parts.vectorStore.similaritySearchVectorWithScore(
        queryVector,
        Math.min(DENSE_CANDIDATES, documents.length),
      ),
      lexical.scores([...questionTerms, ...contextTerms]),
    ]);

    const denseByChunk = new Map<number, number>();
    for (const [doc, distance] of denseHits) {
      const index = this.indexOf(doc);
      // HNSWLib in cosine space returns a distance, 1 - cosine.
      if (index !== undefined) denseByChunk.set(index, 1 - distance);
    }
    const sections = this.rankSections(queryVector, denseByChunk, lexicalHits);
    const passages = this.selectPassages(sections, k);
    const semantic = Math.max(...sections.map((s) => Math.max(s.dense, s.headingSimilarity)));
    const scope = judgeScope({ question, context, semantic }, this.vocabulary());
    const queryTerms = [
      ...questionTerms.map((term) => ({ term, weight: 1 })),
      ...this.expandTerms(question).map((term) => ({ term, weight: 0.5 })),
      ...contextTerms.map((term) => ({ term, weight: 0.3 })),
    ];
    return { question, sections, passages, scope, queryVector, queryTerms };
  }

  /** Scores every section on the three signals, each min-max normalised, and sorts them best first. */
  private rankSections(
    queryVector: number[],
    denseByChunk: Map<number, number>,
    lexicalHits: Map<number, number>,
  ): SectionHit[] {
    const floorDense = Math.min(...denseByChunk.values(), 0);
    const raw = [...this.parts.sections.entries()].map(([key, section]) => {
      const chunkScores = section.chunkIndexes.map((index) => ({
        index,
        dense: denseByChunk.get(index) ?? floorDense,
        lexical: lexicalHits.get(index) ?? 0,
      }));
      return {
        key,
        section,
        dense: Math.max(...chunkScores.map((c) => c.dense)),
        heading: dot(queryVector, section.headingVector),
        lexical: Math.max(...chunkScores.map((c) => c.lexical)),
        chunkScores,
      };
    });
    const denseN = minMax(raw.map((r) => r.dense));
    const headingN = minMax(raw.map((r) => r.heading));
    const lexicalN = minMax(raw.map((r) => r.lexical));
    const lexMax = Math.max(...raw.map((r) => r.lexical)) || 1;
    const denseMin = Math.min(...raw.map((r) => r.dense));
    const denseMax = Math.max(...raw.map((r) => r.dense));
    return raw
      .map((r, i) => ({
        ...r.section.ref,
        key: r.key,
        score: denseN[i]! + headingN[i]! + lexicalN[i]!,
        dense: r.dense,
        headingSimilarity: r.heading,
        lexical: r.lexical,
        chunks: r.chunkScores
          .map((c) => ({
            index: c.index,
            score:
              (denseMax > denseMin ? (c.dense - denseMin) / (denseMax - denseMin) : 0) + c.lexical / lexMax,
          }))
          .sort((a, b) => b.score - a.score),
      }))
      .sort((a, b) => b.score - a.score);
  }

  /**
   * Up to three chunks of the best section (its answer may span a list over two chunks), then the best
   * chunk of each following section, k in all; each passage carries its section's fused score.
   */
  private selectPassages(sections: SectionHit[], k: number): RetrievedPassage[] {
    const top = sections[0];
    if (!top) return [];
    const order: { section: SectionHit; index: number }[] = [];
    for (const chunk of top.chunks.slice(0, 3)) order.push({ section: top, index: chunk.index });
    for (const section of sections.slice(1)) {
      const best = section.chunks[0];
      if (best) order.push({ section, index: best.index });
    }
    return order.slice(0, k).map(({ section, index }) => this.passageOf(index, round3(section.score)));
  }

  private vocabulary() {
    const { lexical, synonyms } = this.parts;
    return {
      isKnown: (word: string) =>
        lexical.vocabulary.has(stem(word)) ||
        synonyms.synonyms(word).some((synonym) => lexical.vocabulary.has(stem(synonym))),
      senseCount: (word: string) => synonyms.senseCount(word),
      frequencyOf: (term: string) => lexical.frequencyOf(term),
      chunkCount: lexical.chunkCount,
    };
  }

  /** Guide terms that are WordNet synonyms of the question's words ("pay" -> salary, wage). */
  private expandTerms(question: string): string[] {
    const { lexical, synonyms } = this.parts;
    const own = new Set(terms(question));
    const expanded = new Set<string>();
    for (const word of words(question)) {
      if (isStopWord(word)) continue;
      for (const synonym of synonyms.synonyms(word)) {
        const term = stem(synonym);
        if (lexical.vocabulary.has(term) && !own.has(term) && !isStopWord(synonym)) expanded.add(term);
      }
    }
    return [...expanded];
  }

  private indexOf(doc: Document): number | undefined {
    const chunkId = (doc.metadata as Partial<ChunkMetadata>).chunkId;
    return chunkId === undefined ? undefined : this.chunkIndexById.get(chunkId);
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Upper-cases the first letter, as a sentence would start. */
function sentenceCase(text: string): string {
  return text.replace(/^\s*\p{Ll}/u, (letter) => letter.toUpperCase());
}

import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { ChunkMetadata, RetrievedPassage, SectionRef } from '../types.js';
import { isStopWord, stem, terms, words } from '../words/text.js';
import {
  buildAcronyms,
  buildClippings,
  expandAcronyms,
  expandClippings,
  type AcronymTable,
  type ClippingTable,
} from '../question/rewrite.js';
import type { SynonymSource } from '../words/wordnet.js';

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

/** What the question and the guide have in common, used to decide whether the guide covers it. */
export interface ScopeEvidence {
  /** Content words of the question (stop words removed), lower case. */
  contentWords: string[];
  /** Content words found in the guide, directly (after stemming) or through a WordNet synonym. */
  knownWords: string[];
  /** knownWords / contentWords (0 when there are none). */
  coverage: number;
  /** Best cosine of the question with any chunk or heading. */
  semantic: number;
  inScope: boolean;
  /** A short reason, for logs and the eval report. */
  reason: string;
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

/**
 * Thresholds of the scope decision. A question is answered when its words are the guide's words and
 * something in the guide means much the same; one threshold on one score is not enough (a question about
 * nurses' pay in Canada is semantically close to the salary section, and "What is NAHAM?" is not close to
 * anything but names a term only the guide uses).
 */
export const SCOPE_THRESHOLDS = Object.freeze({
  /** Every content word is in the guide: the meaning only has to be loosely related. */
  semanticWhenAllKnown: 0.3,
  /** Some words are not in the guide: the meaning must match clearly. */
  semanticWhenPartlyKnown: 0.55,
  /**
   * An unknown word that is rare or specific (at most this many WordNet senses, or none: "Canada",
   * "software", "plumber") names a topic the guide lacks, so the meaning must match closely.
   */
  specificSenseCount: 2,
  semanticWithSpecificUnknown: 0.7,
  /**
   * A word found in at most this share of the chunks (and at least in one) is a term of the guide's own
   * ("CMAA", "Nome", "NAHAM"): a question made only of known words that names one needs no similarity.
   */
  rareTermShare: 0.05,
  /** Below this share of known words the question is mostly about something else. */
  minCoverage: 0.5,
  semanticWhenMostlyUnknown: 0.7,
});

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
  private constructor(
    private readonly documents: Document<ChunkMetadata>[],
    private readonly vectorStore: HNSWLib,
    private readonly embeddings: EmbeddingsInterface,
    private readonly synonyms: SynonymSource,
    private readonly bm25: BM25Retriever,
    private readonly vocabulary: ReadonlySet<string>,
    private readonly sections: Map<
      string,
      { ref: SectionRef; chunkIndexes: number[]; headingVector: number[] }
    >,
    private readonly documentFrequency: ReadonlyMap<string, number>,
    private readonly acronyms: AcronymTable,
    private readonly clippings: ClippingTable,
  ) {}

  /** BM25's inverse document frequency of a stemmed term over the chunks (rarer terms weigh more). */
  idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    const n = this.documents.length;
    return Math.log((n - df + 0.5) / (df + 0.5) + 1);
  }

  /** Builds the lexical index and embeds the section headings (once per loaded index). */
  static async create(deps: {
    documents: Document<ChunkMetadata>[];
    vectorStore: HNSWLib;
    embeddings: EmbeddingsInterface;
    synonyms: SynonymSource;
  }): Promise<HybridRetriever> {
    const { documents } = deps;
    const vocabulary = new Set<string>();
    const documentFrequency = new Map<string, number>();
    const lexicalDocs = documents.map((doc, index) => {
      const docTerms = terms(`${doc.metadata.headingPath}\n${doc.pageContent}`);
      for (const term of docTerms) vocabulary.add(term);
      for (const term of new Set(docTerms))
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      return new Document({ pageContent: encodeTerms(docTerms), metadata: { index } });
    });
    const bm25 = new BM25Retriever({ docs: lexicalDocs, k: lexicalDocs.length, includeScore: true });
    const guideTexts = documents.map((doc) => `${doc.metadata.heading}\n${doc.pageContent}`);
    const acronyms = buildAcronyms(guideTexts, new Set(guideTexts.flatMap((text) => words(text))));
    const clippings = buildClippings(guideTexts);

    const sectionOfChunk = documents.map((doc) => sectionKey(doc.metadata));
    const grouped = new Map<string, { ref: SectionRef; chunkIndexes: number[] }>();
    documents.forEach((doc, index) => {
      const key = sectionOfChunk[index]!;
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
    return new HybridRetriever(
      documents,
      deps.vectorStore,
      deps.embeddings,
      deps.synonyms,
      bm25,
      vocabulary,
      sections,
      documentFrequency,
      acronyms,
      clippings,
    );
  }

  /** Every chunk of the index as a passage (score 0), in document order. */
  allPassages(): RetrievedPassage[] {
    return this.documents.map((_, index) => this.passageOf(index, 0));
  }

  private passageOf(index: number, score: number): RetrievedPassage {
    const doc = this.documents[index]!;
    return { ...toSectionRef(doc.metadata), chunkId: doc.metadata.chunkId, text: doc.pageContent, score };
  }

  /** Every section of the index, in document order. */
  listSections(): SectionRef[] {
    return [...this.sections.values()].map((section) => section.ref);
  }

  async retrieve(asked: string, options: RetrieveOptions = {}): Promise<Retrieval> {
    const k = options.k ?? 5;
    // "MAAs" -> "medical administrative assistants": both the lexical and the dense side then see the guide's words.
    const question = this.rewrite(asked);
    const context = options.context ? this.rewrite(options.context).trim() : undefined;
    const queryText = context ? `${context}\n${question}` : question;
    const questionTerms = terms(question);
    const contextTerms = context ? terms(context).filter((term) => !questionTerms.includes(term)) : [];

    // The encoder is case-sensitive and was trained on edited text: "can I work from home?" typed in lower
    // case is embedded as "Can I work from home?" (on the validation set: recall@1 0.700 -> 0.714).
    const queryVector = unit(await this.embeddings.embedQuery(sentenceCase(queryText)));
    const [denseHits, lexicalHits] = await Promise.all([
      this.vectorStore.similaritySearchVectorWithScore(
        queryVector,
        Math.min(DENSE_CANDIDATES, this.documents.length),
      ),
      this.lexicalScores([...questionTerms, ...contextTerms]),
    ]);

    const denseByChunk = new Map<number, number>();
    for (const [doc, distance] of denseHits) {
      const index = this.indexOf(doc);
      // HNSWLib in cosine space returns a distance, 1 - cosine.
      if (index !== undefined) denseByChunk.set(index, 1 - distance);
    }
    const floorDense = Math.min(...denseByChunk.values(), 0);

    const raw = [...this.sections.entries()].map(([key, section]) => {
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

    const sections: SectionHit[] = raw
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

    const passages = this.selectPassages(sections, k);
    const scope = this.judgeScope(question, context, Math.max(denseMax, ...raw.map((r) => r.heading)));
    const queryTerms = [
      ...questionTerms.map((term) => ({ term, weight: 1 })),
      ...this.expandTerms(question).map((term) => ({ term, weight: 0.5 })),
      ...contextTerms.map((term) => ({ term, weight: 0.3 })),
    ];
    return { question, sections, passages, scope, queryVector, queryTerms };
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
    return order.slice(0, k).map(({ section, index }) => this.passageOf(index, round(section.score)));
  }

  private judgeScope(question: string, context: string | undefined, semantic: number): ScopeEvidence {
    const contentWords = [
      ...new Set(words(question).filter((w) => !isStopWord(w) && (w.length > 1 || /\d/.test(w)))),
    ];
    const knownWords = contentWords.filter((word) => this.isKnown(word));
    const coverage = contentWords.length === 0 ? 0 : knownWords.length / contentWords.length;
    const t = SCOPE_THRESHOLDS;
    const unknown = contentWords.filter((w) => !knownWords.includes(w));
    const specificUnknown = unknown.filter((w) => this.synonyms.senseCount(w) <= t.specificSenseCount);
    const rareTermMax = Math.max(2, Math.floor(this.documents.length * t.rareTermShare));
    const namesGuideTerm = knownWords.some((w) => {
      const df = this.documentFrequency.get(stem(w)) ?? 0;
      return df > 0 && df <= rareTermMax;
    });
    const needed =
      unknown.length === 0
        ? namesGuideTerm
          ? 0
          : t.semanticWhenAllKnown
        : coverage < t.minCoverage
          ? t.semanticWhenMostlyUnknown
          : specificUnknown.length > 0
            ? t.semanticWithSpecificUnknown
            : t.semanticWhenPartlyKnown;
    let inScope: boolean;
    let reason: string;
    if (contentWords.length === 0 && !context) {
      inScope = false;
      reason = 'no content words';
    } else if (contentWords.length === 0) {
      // "and why?" in a thread: the previous question carries the topic.
      inScope = semantic >= t.semanticWhenPartlyKnown;
      reason = 'follow-up without content words';
    } else if (knownWords.length === 0) {
      inScope = false;
      reason = 'none of the words are in the guide';
    } else if (semantic < needed) {
      inScope = false;
      reason =
        unknown.length > 0
          ? `words not in the guide (${unknown.join(', ')}) and best similarity ${semantic.toFixed(2)} < ${needed}`
          : `best similarity ${semantic.toFixed(2)} < ${needed}`;
    } else {
      inScope = true;
      reason = 'covered';
    }
    return {
      contentWords,
      knownWords,
      coverage: round(coverage),
      semantic: round(semantic),
      inScope,
      reason,
    };
  }

  /** The question in the guide's words: acronyms ("MAA") and clipped words ("admin", "certs") spelled out. */
  private rewrite(text: string): string {
    const isKnown = (word: string) => this.vocabulary.has(stem(word));
    return expandClippings(expandAcronyms(text, this.acronyms), this.clippings, isKnown);
  }

  private isKnown(word: string): boolean {
    if (this.vocabulary.has(stem(word))) return true;
    return this.synonyms.synonyms(word).some((synonym) => this.vocabulary.has(stem(synonym)));
  }

  /** Guide terms that are WordNet synonyms of the question's words ("pay" -> salary, wage). */
  private expandTerms(question: string): string[] {
    const own = new Set(terms(question));
    const expanded = new Set<string>();
    for (const word of words(question)) {
      if (isStopWord(word)) continue;
      for (const synonym of this.synonyms.synonyms(word)) {
        const term = stem(synonym);
        if (this.vocabulary.has(term) && !own.has(term) && !isStopWord(synonym)) expanded.add(term);
      }
    }
    return [...expanded];
  }

  private async lexicalScores(queryTerms: string[]): Promise<Map<number, number>> {
    const scores = new Map<number, number>();
    const known = queryTerms.filter((term) => this.vocabulary.has(term));
    if (known.length === 0) return scores;
    const hits = await this.bm25.invoke(encodeTerms(known));
    for (const hit of hits) {
      const metadata = hit.metadata as { index: number; bm25Score?: number };
      if ((metadata.bm25Score ?? 0) > 0) scores.set(metadata.index, metadata.bm25Score ?? 0);
    }
    return scores;
  }

  private indexOf(doc: Document): number | undefined {
    const chunkId = (doc.metadata as Partial<ChunkMetadata>).chunkId;
    if (chunkId === undefined) return undefined;
    this.chunkIndexById ??= new Map(this.documents.map((d, i) => [d.metadata.chunkId, i]));
    return this.chunkIndexById.get(chunkId);
  }
  private chunkIndexById: Map<string, number> | undefined;
}

/**
 * LangChain's BM25 counts a term by substring match ("care" would count inside "career"), so each
 * stemmed term is wrapped in underscores: `_care_` matches only the whole term.
 */
function encodeTerms(list: string[]): string {
  return list.map((term) => `_${term}_`).join(' ');
}

export function sectionKey(ref: { source: string; anchor: string }): string {
  return `${ref.source}#${ref.anchor}`;
}

/** Only the section's fields of anything that names a section (chunk metadata, a ranked section). */
export function toSectionRef(section: SectionRef): SectionRef {
  return {
    heading: section.heading,
    headingPath: section.headingPath,
    anchor: section.anchor,
    source: section.source,
  };
}

function minMax(values: number[]): number[] {
  const max = Math.max(...values);
  const min = Math.min(...values);
  return values.map((v) => (max > min ? (v - min) / (max - min) : 0));
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * (b[i] ?? 0);
  return sum;
}

export function unit(vector: number[]): number[] {
  const norm = Math.sqrt(dot(vector, vector)) || 1;
  return vector.map((x) => x / norm);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Upper-cases the first letter, as a sentence would start. */
function sentenceCase(text: string): string {
  return text.replace(/^\s*\p{Ll}/u, (letter) => letter.toUpperCase());
}

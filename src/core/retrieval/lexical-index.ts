import { Document } from '@langchain/core/documents';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { stem, terms, words } from '../words/text.js';

/**
 * The guide's words: LangChain's BM25Retriever over stemmed terms, plus the vocabulary and document
 * frequencies that the scope judgement and the answer's term weights read.
 */
export class LexicalIndex {
  private constructor(
    private readonly bm25: BM25Retriever,
    /** Stemmed terms of every chunk (heading path included). */
    readonly vocabulary: ReadonlySet<string>,
    private readonly documentFrequency: ReadonlyMap<string, number>,
    /** How many chunks the index holds. */
    readonly chunkCount: number,
    /** Adjacent stemmed words of every chunk, as "first second" ("nurs practition" if a chunk had it). */
    private readonly pairs: ReadonlySet<string>,
  ) {}

  /** Indexes one text per chunk, in chunk order (BM25 hits are reported by that position). */
  static build(texts: readonly string[]): LexicalIndex {
    const vocabulary = new Set<string>();
    const documentFrequency = new Map<string, number>();
    const pairs = new Set<string>();
    const docs = texts.map((text, index) => {
      const docTerms = terms(text);
      for (const term of docTerms) vocabulary.add(term);
      const docWords = words(text).map(stem);
      for (let i = 1; i < docWords.length; i++) pairs.add(`${docWords[i - 1]} ${docWords[i]}`);
      for (const term of new Set(docTerms))
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      return new Document({ pageContent: encodeTerms(docTerms), metadata: { index } });
    });
    const bm25 = new BM25Retriever({ docs, k: docs.length, includeScore: true });
    return new LexicalIndex(bm25, vocabulary, documentFrequency, texts.length, pairs);
  }

  /** Whether some chunk has the two stemmed words next to each other. */
  hasPair(first: string, second: string): boolean {
    return this.pairs.has(`${first} ${second}`);
  }

  /** How many chunks contain the stemmed term. */
  frequencyOf(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /**
   * BM25's inverse document frequency of a stemmed term over the chunks (rarer terms weigh more).
   * LangChain's retriever does not expose its idf, so it is computed here with BM25's formula.
   */
  idf(term: string): number {
    const df = this.frequencyOf(term);
    const n = this.chunkCount;
    return Math.log((n - df + 0.5) / (df + 0.5) + 1);
  }

  /** BM25 score per chunk position for the stemmed query terms; chunks that score 0 are left out. */
  async scores(queryTerms: readonly string[]): Promise<Map<number, number>> {
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
}

/**
 * LangChain's BM25 counts a term by substring match ("care" would count inside "career"), so each
 * stemmed term is wrapped in underscores: `_care_` matches only the whole term.
 */
function encodeTerms(list: readonly string[]): string {
  return list.map((term) => `_${term}_`).join(' ');
}

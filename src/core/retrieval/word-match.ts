import type { WordVectors } from '../words/word-vectors.js';
import { isStopWord, stem, words } from '../words/text.js';

/**
 * Soft word matching with GloVe: a question word the guide never uses ("paycheck", "dentist",
 * "promoted") still finds the section whose words are closest in meaning ("salary", "dental",
 * "advance"). Each question word scores a section by its best cosine with one of the section's words,
 * cubed so that near-synonyms count far more than loose associations, and weighted by the word's
 * rarity in the guide. Written here because no library matches words across two texts this way.
 */
export class WordMatchIndex {
  private constructor(
    private readonly vectors: WordVectors,
    /** Unit vectors of the guide's distinct content words (those GloVe knows). */
    private readonly guideVectors: Float32Array[],
    /** Per section key, the indexes (into guideWords) of its words. */
    private readonly sectionWords: Map<string, number[]>,
  ) {}

  /** The index over each section's heading and chunk texts. */
  static forSections(
    sections: ReadonlyMap<string, { ref: { heading: string }; chunkIndexes: readonly number[] }>,
    documents: readonly { pageContent: string }[],
    vectors: WordVectors,
  ): WordMatchIndex {
    const texts = [...sections].map(([key, section]): [string, string] => [
      key,
      [section.ref.heading, ...section.chunkIndexes.map((i) => documents[i]!.pageContent)].join('\n'),
    ]);
    return WordMatchIndex.build(new Map(texts), vectors);
  }

  static build(sections: ReadonlyMap<string, string>, vectors: WordVectors): WordMatchIndex {
    const index = new Map<string, number>();
    const guideWords: string[] = [];
    const guideVectors: Float32Array[] = [];
    const sectionWords = new Map<string, number[]>();
    for (const [key, text] of sections) {
      const own = new Set<number>();
      for (const word of words(text)) {
        if (isStopWord(word) || !/^[a-z][a-z-]*$/.test(word)) continue;
        let at = index.get(word);
        if (at === undefined) {
          const vector = vectors.vector(word);
          if (!vector) continue;
          at = guideWords.length;
          index.set(word, at);
          guideWords.push(word);
          guideVectors.push(vector);
        }
        own.add(at);
      }
      sectionWords.set(key, [...own]);
    }
    return new WordMatchIndex(vectors, guideVectors, sectionWords);
  }

  /**
   * Per section, the rarity-weighted mean over the question's content words of (best cosine)³, 0..1.
   * `weight` gives a word's rarity (e.g. BM25's idf of its stem); words without a vector are skipped.
   */
  scores(question: string, weight: (term: string) => number): Map<string, number> {
    const asked = [...new Set(words(question))].filter((w) => !isStopWord(w) && /^[a-z][a-z-]*$/.test(w));
    const totals = new Map<string, number>([...this.sectionWords.keys()].map((key) => [key, 0]));
    let weights = 0;
    for (const word of asked) {
      const vector = this.vectors.vector(word);
      if (!vector) continue;
      const w = weight(stem(word));
      weights += w;
      const cosines = this.guideVectors.map((g) => dot(vector, g));
      for (const [key, indexes] of this.sectionWords) {
        let best = 0;
        for (const i of indexes) if (cosines[i]! > best) best = cosines[i]!;
        totals.set(key, totals.get(key)! + w * best ** 3);
      }
    }
    if (weights === 0) return totals;
    for (const [key, total] of totals) totals.set(key, total / weights);
    return totals;
  }

  /**
   * How well the given sections' own words cover each of the question's content words: for each word,
   * its best cosine with a word of those sections (1 for the same word; 0 for a word GloVe lacks).
   * The weakest word tells whether the sections speak of what was asked ("salary in Canada": Canada has
   * no close word in the salary section) or only of something near it.
   */
  coverIn(question: string, sectionKeys: readonly string[]): number[] {
    const asked = [...new Set(words(question))].filter((w) => !isStopWord(w) && /^[a-z][a-z-]*$/.test(w));
    const own = [...new Set(sectionKeys.flatMap((key) => this.sectionWords.get(key) ?? []))];
    return asked.map((word) => {
      const vector = this.vectors.vector(word);
      if (!vector) return 0;
      let best = 0;
      for (const i of own) {
        const cosine = dot(vector, this.guideVectors[i]!);
        if (cosine > best) best = cosine;
      }
      return Math.min(1, best);
    });
  }

  /** The share of the question's content words whose closest guide word has at least `floor` cosine. */
  coverage(question: string, floor: number): number {
    const asked = [...new Set(words(question))].filter((w) => !isStopWord(w) && /^[a-z][a-z-]*$/.test(w));
    if (asked.length === 0) return 0;
    let covered = 0;
    for (const word of asked) {
      const vector = this.vectors.vector(word);
      if (vector && this.guideVectors.some((g) => dot(vector, g) >= floor)) covered++;
    }
    return covered / asked.length;
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

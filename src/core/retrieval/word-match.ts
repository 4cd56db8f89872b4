import type { WordVectors } from '../words/word-vectors.js';
import { isStopWord, stem, words } from '../words/text.js';
import { VectorMatrix } from '../words/vector-matrix.js';

/**
 * Soft word matching with GloVe: a question word the guide never uses ("paycheck", "dentist",
 * "promoted") still finds the section whose words are closest in meaning ("salary", "dental",
 * "advance"). Each question word scores a section by its best cosine with one of the section's words,
 * cubed so that near-synonyms count far more than loose associations, and weighted by the word's
 * rarity in the guide. Written here because no library matches words across two texts this way.
 */
export class WordMatchIndex {
  /** The guide words' unit vectors packed (float32, as GloVe gives them) for one pass per question word. */
  private readonly guideMatrix: VectorMatrix;
  /** Section keys, in the order of `sectionWords` (the order of the sections given). */
  private readonly keys: readonly string[];
  /** Per question word, how close the guide comes to it (see `closeness`); recently asked words only. */
  private readonly recent = new Map<string, WordCloseness | null>();
  /** Per sentence scored by `unitScores`, the indexes of its words (the guide's sentences: a bounded set). */
  private readonly sentenceWords = new Map<string, readonly number[]>();

  private constructor(
    private readonly vectors: WordVectors,
    /** Unit vectors of the guide's distinct content words (those GloVe knows). */
    guideVectors: Float32Array[],
    /** Per section key, the indexes (into guideWords) of its words. */
    private readonly sectionWords: Map<string, number[]>,
    /** Each guide word's index into the packed vectors. */
    private readonly wordIndex: ReadonlyMap<string, number>,
  ) {
    this.guideMatrix = VectorMatrix.of(guideVectors, 'float32');
    this.keys = [...sectionWords.keys()];
  }

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
    return new WordMatchIndex(vectors, guideVectors, sectionWords, index);
  }

  /**
   * Per section, the rarity-weighted mean over the question's content words of (best cosine)³, 0..1.
   * `weight` gives a word's rarity (e.g. BM25's idf of its stem); words without a vector are skipped.
   */
  scores(question: string, weight: (term: string) => number): Map<string, number> {
    const totals = new Float64Array(this.keys.length);
    let weights = 0;
    for (const word of contentWords(question)) {
      const close = this.closeness(word);
      if (!close) continue;
      const w = weight(stem(word));
      weights += w;
      for (let s = 0; s < totals.length; s++) totals[s] = totals[s]! + w * close.bySection[s]! ** 3;
    }
    return new Map(this.keys.map((key, s) => [key, weights === 0 ? totals[s]! : totals[s]! / weights]));
  }

  /**
   * The same soft match per sentence of the guide: for each text, the rarity-weighted mean over the
   * question's content words of (best cosine with one of the text's words)³, 0..1. A sentence that says
   * "communication with patients" answers "talking to patients" though it shares one word of it.
   */
  unitScores(question: string, texts: readonly string[], weight: (term: string) => number): number[] {
    const asked = contentWords(question).flatMap((word) => {
      const close = this.closeness(word);
      return close ? [{ cosines: close.cosines, weight: weight(stem(word)) }] : [];
    });
    const total = asked.reduce((sum, a) => sum + a.weight, 0);
    if (total === 0) return texts.map(() => 0);
    return texts.map((text) => {
      const own = this.wordsOf(text);
      let sum = 0;
      for (const { cosines, weight: w } of asked) {
        let best = 0;
        for (const i of own) if (cosines[i]! > best) best = cosines[i]!;
        sum += w * Math.min(1, best) ** 3;
      }
      return sum / total;
    });
  }

  /** The indexes of a sentence's guide words, kept (the same sentences come back for every question). */
  private wordsOf(text: string): readonly number[] {
    let own = this.sentenceWords.get(text);
    if (!own) {
      if (this.sentenceWords.size >= KEPT_SENTENCES) this.sentenceWords.clear();
      own = contentWords(text).flatMap((w) => this.wordIndex.get(w) ?? []);
      this.sentenceWords.set(text, own);
    }
    return own;
  }

  /**
   * How well the given sections' own words cover each of the question's content words: for each word,
   * its best cosine with a word of those sections (1 for the same word; 0 for a word GloVe lacks).
   * The weakest word tells whether the sections speak of what was asked ("salary in Canada": Canada has
   * no close word in the salary section) or only of something near it.
   */
  coverIn(question: string, sectionKeys: readonly string[]): number[] {
    const positions = sectionKeys.map((key) => this.keys.indexOf(key)).filter((s) => s >= 0);
    return contentWords(question).map((word) => {
      const close = this.closeness(word);
      if (!close) return 0;
      // The best over the sections' words together is the best of each section's best.
      let best = 0;
      for (const s of positions) if (close.bySection[s]! > best) best = close.bySection[s]!;
      return Math.min(1, best);
    });
  }

  /** The share of the question's content words whose closest guide word has at least `floor` cosine. */
  coverage(question: string, floor: number): number {
    const asked = contentWords(question);
    if (asked.length === 0) return 0;
    let covered = 0;
    for (const word of asked) if ((this.closeness(word)?.max ?? -Infinity) >= floor) covered++;
    return covered / asked.length;
  }

  /**
   * The word's cosines with the guide's words, and what the signals above read of them; undefined
   * for a word GloVe lacks. `scores`, `coverIn`, `coverage` and `unitScores` ask about the same words for each
   * question, so the last few hundred words' results are kept (a map in insertion order as an LRU).
   */
  private closeness(word: string): WordCloseness | undefined {
    const kept = this.recent.get(word);
    if (kept !== undefined) {
      this.recent.delete(word);
      this.recent.set(word, kept);
      return kept ?? undefined;
    }
    const vector = this.vectors.vector(word);
    const close = vector ? this.measure(vector) : null;
    this.recent.set(word, close);
    if (this.recent.size > RECENT_WORDS) this.recent.delete(this.recent.keys().next().value!);
    return close ?? undefined;
  }

  private measure(vector: Float32Array): WordCloseness {
    const cosines = this.guideMatrix.dots(vector);
    let max = -Infinity;
    for (const cosine of cosines) if (cosine > max) max = cosine;
    const bySection = new Float64Array(this.keys.length);
    let s = 0;
    for (const indexes of this.sectionWords.values()) {
      let best = 0;
      for (const i of indexes) if (cosines[i]! > best) best = cosines[i]!;
      bySection[s++] = best;
    }
    return { cosines: Float32Array.from(cosines), bySection, max };
  }
}

/** How many sentences' word indexes a WordMatchIndex keeps: the guide's own, with room to spare. */
const KEPT_SENTENCES = 8192;

/** How many question words' closeness a WordMatchIndex keeps (a cosine per guide word each: a few MB). */
const RECENT_WORDS = 512;

/** A question word against the guide: its cosine with each guide word; per section (in key order) its
 * best cosine with a section word, at least 0; and its best cosine with any guide word. */
interface WordCloseness {
  cosines: ArrayLike<number>;
  bySection: Float64Array;
  max: number;
}

/** The question's distinct content words, in order (the words GloVe may know and the guide may use). */
function contentWords(question: string): string[] {
  return [...new Set(words(question))].filter((w) => !isStopWord(w) && /^[a-z][a-z-]*$/.test(w));
}

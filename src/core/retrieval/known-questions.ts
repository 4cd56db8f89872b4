import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { LexicalIndex } from './lexical-index.js';
import { sentenceCase } from '../words/text.js';
import { asUnit } from '../words/vectors.js';
import type { AlternativeQuestion, KnownAnswer, TaughtQuestion } from './retrieval-types.js';

/** The maintainers' questions as the retriever matches them: per section, and those the guide does not answer. */
export interface KnownQuestions {
  /** Questions a section answers (unit vectors). Frozen, so that every query reuses its packed matrix. */
  alternatives: readonly TaughtQuestion[];
  /** Questions the guide does not answer (unit vectors). Frozen, like `alternatives`. */
  notCovered: readonly (readonly number[])[];
}

/** A maintainer's question and the section key it belongs to (undefined: the guide does not cover it). */
export interface PlacedQuestion {
  key: string | undefined;
  question: string;
  /** The sentence that answers it, when the maintainers wrote one. */
  answer?: string;
}

/**
 * Each alternative question with its section's key; a question for a heading the index no longer has is
 * dropped. `sectionKeyOf` maps `source` + heading to a section key.
 */
export function placeKnownQuestions(
  questions: readonly AlternativeQuestion[],
  sectionKeyOf: (source: string, heading: string) => string | undefined,
): PlacedQuestion[] {
  return questions.flatMap((alt): PlacedQuestion[] => {
    if (alt.notCovered) return [{ key: undefined, question: alt.question }];
    const key = sectionKeyOf(alt.source, alt.heading.trim());
    return key ? [{ key, question: alt.question, ...(alt.answer ? { answer: alt.answer } : {}) }] : [];
  });
}

/** Embeds the placed questions (vectors embedded at ingestion are reused by text). */
export async function embedKnownQuestions(input: {
  placed: readonly PlacedQuestion[];
  embeddings: EmbeddingsInterface;
  precomputed?: ReadonlyMap<string, readonly number[]>;
}): Promise<KnownQuestions> {
  const kept = input.placed;
  const texts = kept.map((k) => sentenceCase(k.question));
  const toEmbed = [...new Set(texts.filter((text) => !input.precomputed?.has(text)))];
  const embedded = toEmbed.length > 0 ? await input.embeddings.embedDocuments(toEmbed) : [];
  const fresh = new Map(toEmbed.map((text, i) => [text, embedded[i] ?? []]));
  const vectorOf = (text: string) => asUnit(input.precomputed?.get(text) ?? fresh.get(text) ?? []);
  const alternatives: TaughtQuestion[] = [];
  const notCovered: number[][] = [];
  kept.forEach((k, i) => {
    const vector = vectorOf(texts[i]!);
    if (k.key === undefined) notCovered.push(vector);
    else alternatives.push({ sectionKey: k.key, vector, ...(k.answer ? { answer: k.answer } : {}) });
  });
  return { alternatives: Object.freeze(alternatives), notCovered: Object.freeze(notCovered) };
}

/** How many of the known questions closest to a member's lend their answer sentences (`closestAnswers`). */
export const ANSWER_NEIGHBOURS = 5;

/**
 * The answer sentences of the `k` known questions closest to the member's (by `similarities`, in the
 * order of `known`), closest first; a close question without an answer sentence still takes its place.
 */
export function closestAnswers(
  known: readonly TaughtQuestion[],
  similarities: ArrayLike<number>,
  k = ANSWER_NEIGHBOURS,
): KnownAnswer[] {
  const order: number[] = [];
  for (let i = 0; i < known.length; i++) keepLargest(order, i, k, (j) => similarities[j]!);
  return order.flatMap((i) => {
    const { sectionKey, answer } = known[i]!;
    return answer ? [{ sectionKey, answer, similarity: similarities[i]! }] : [];
  });
}

/** How many of the closest known questions `meanOfClosest` averages for the scope model. */
export const NEAR_QUESTIONS = 10;

/**
 * The mean of the `k` largest similarities in the lists (of all when there are fewer; 0 when there are none). Where
 * the best single match can be one odd question, the mean of the ten closest says how many questions of
 * a kind sit near this one: "nurse practitioner salary" is about as close to one salary question a
 * section answers as to one about another job's pay, but far closer to the other not-covered ones.
 */
export function meanOfClosest(lists: readonly ArrayLike<number>[], k = NEAR_QUESTIONS): number {
  const best: number[] = [];
  for (const list of lists) for (let i = 0; i < list.length; i++) keepLargest(best, list[i]!, k, (v) => v);
  return best.length === 0 ? 0 : best.reduce((sum, value) => sum + value, 0) / best.length;
}

/**
 * Keeps in `best` the `k` items of largest `valueOf` seen so far, in descending order: an item enters by
 * insertion (most never do), so a pass over n items costs n comparisons plus a few shifts.
 */
function keepLargest<T>(best: T[], item: T, k: number, valueOf: (item: T) => number): void {
  const value = valueOf(item);
  if (best.length === k && value <= valueOf(best[k - 1]!)) return;
  let at = best.length < k ? best.length : k - 1;
  while (at > 0 && valueOf(best[at - 1]!) < value) {
    best[at] = best[at - 1]!;
    at--;
  }
  best[at] = item;
}

/**
 * The words of the questions each section is known to answer, indexed like the guide's chunks (BM25,
 * one document per section: its heading and its alternative questions). This is document expansion:
 * a member's "testimonials" or "wfh" finds the section whose listed questions use the word even when
 * the guide's text does not. Undefined without alternative questions.
 */
export class AskedWordsIndex {
  private constructor(
    private readonly lexical: LexicalIndex,
    private readonly keys: readonly string[],
  ) {}

  static build(
    sections: ReadonlyMap<string, { ref: { heading: string } }>,
    placed: readonly PlacedQuestion[],
  ): AskedWordsIndex | undefined {
    const texts = new Map([...sections].map(([key, section]) => [key, [section.ref.heading]]));
    let any = false;
    for (const { key, question } of placed) {
      const questions = key === undefined ? undefined : texts.get(key);
      if (!questions) continue;
      questions.push(question);
      any = true;
    }
    if (!any) return undefined;
    const keys = [...texts.keys()];
    return new AskedWordsIndex(LexicalIndex.build(keys.map((key) => texts.get(key)!.join('\n'))), keys);
  }

  /** BM25 score per section key for the stemmed query terms (sections scoring 0 left out). */
  async scores(queryTerms: readonly string[]): Promise<Map<string, number>> {
    const byPosition = await this.lexical.scores(queryTerms);
    return new Map([...byPosition].map(([position, score]) => [this.keys[position]!, score]));
  }
}

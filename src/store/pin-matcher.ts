import type { PinRecord, PinStore } from './types.js';
import { normalizeQuestion } from './normalize.js';
import type { SameQuestionMatcher } from '../core/matching/same-question.js';

/** Why a pin matched: the same question word for word, or a paraphrase close enough in meaning. */
export interface PinMatch {
  pin: PinRecord;
  method: 'exact' | 'similar';
  /** 1 for an exact match; the cosine similarity otherwise. */
  score: number;
}

/** Embeds one question (e.g. `embeddings.embedQuery`), with the same model for pins and questions. */
export type EmbedQuestion = (text: string) => Promise<number[]>;

/**
 * Default cosine threshold for paraphrases with the USE-lite sentence encoder. Measured against
 * "How much does a medical administrative assistant earn?": close paraphrases scored 0.905 ("What is
 * the salary of a medical administrative assistant?") and 0.951 ("...get paid?"); different questions
 * about the same job scored 0.66 to 0.80 ("Which employers pay ... the most?" 0.800, "What skills ...?"
 * 0.730). 0.85 sits between them. Terse paraphrases ("what is the pay for this job", 0.63) do not match:
 * a wrong pinned answer is worse than a fresh answer from the guide, so the threshold errs strict.
 */
export const DEFAULT_PIN_MATCH_THRESHOLD = 0.85;

export interface PinMatcher {
  /** The best matching active pin for a question, or undefined. */
  match(question: string, guildId?: string | null): Promise<PinMatch | undefined>;
  /** The embedding to store with a new pin (undefined without an embedder or when embedding fails). */
  embed(question: string): Promise<number[] | undefined>;
}

/**
 * Matches later questions to pinned ones in two steps: (1) normalized-text equality
 * (`normalizeQuestion`), which needs no model; (2) cosine similarity of the questions' embeddings
 * (stored with each pin at pin time) at or above `threshold`. Pins whose embedding is missing or of
 * another size (the embedder changed) match only exactly.
 */
export function createPinMatcher(options: {
  store: Pick<PinStore, 'activePins'>;
  embed?: EmbedQuestion;
  threshold?: number;
  /**
   * Decides whether a question asks the same thing as a pinned one (src/core/matching): the meaning
   * must be close AND every content word that differs must be covered ("license" is not "degree").
   * Replaces the cosine threshold when given.
   */
  sameQuestion?: SameQuestionMatcher;
}): PinMatcher {
  const threshold = options.threshold ?? DEFAULT_PIN_MATCH_THRESHOLD;
  const embed = async (question: string): Promise<number[] | undefined> => {
    if (!options.embed) return undefined;
    try {
      return await options.embed(question);
    } catch {
      // Matching paraphrases is a convenience; an embedder failure falls back to exact matching.
      return undefined;
    }
  };
  return {
    embed,
    async match(question, guildId) {
      const pins = await options.store.activePins(guildId);
      if (pins.length === 0) return undefined;
      const normalized = normalizeQuestion(question);
      const exact = pins.find((pin) => pin.normalizedQuestion === normalized);
      if (exact) return { pin: exact, method: 'exact', score: 1 };
      const candidates = pins.filter((pin) => pin.questionEmbedding !== undefined);
      if (candidates.length === 0 || normalized.length === 0) return undefined;
      const vector = await embed(question);
      if (!vector) return undefined;
      let best: PinMatch | undefined;
      for (const pin of candidates) {
        const pinVector = pin.questionEmbedding as number[];
        if (options.sameQuestion) {
          const verdict = options.sameQuestion.judge(
            { text: pin.question, vector: pinVector },
            { text: question, vector },
          );
          if (verdict.same && (!best || verdict.score > best.score))
            best = { pin, method: 'similar', score: verdict.score };
          continue;
        }
        const score = cosineSimilarity(vector, pinVector);
        if (score >= threshold && (!best || score > best.score)) best = { pin, method: 'similar', score };
      }
      return best;
    },
  };
}

/** Cosine similarity; NaN-free, and 0 for vectors of different sizes or zero length. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

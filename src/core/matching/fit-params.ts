import { z } from 'zod';
import type { MatcherParams } from './matcher-params.js';
import {
  createSameQuestionMatcher,
  type QuestionFeatures,
  type SameQuestionMatcher,
  type SameQuestionTools,
} from './same-question.js';

/** Two questions and whether they ask the same thing (one line of eval/pairs-*.jsonl, embedded). */
export interface LabelledPair {
  a: QuestionFeatures;
  b: QuestionFeatures;
  same: boolean;
}

const PAIR_LINE = z.object({ a: z.string().min(1), b: z.string().min(1), same: z.boolean() });

/** One line of eval/pairs-*.jsonl: a moderator's question, a member's message, whether they ask the same. */
export type QuestionPair = z.infer<typeof PAIR_LINE>;

/**
 * Parses a pairs file (JSON Lines; blank lines skipped).
 *
 * @throws {Error} naming the file and line of the first bad line.
 */
export function parsePairs(text: string, file: string): QuestionPair[] {
  const pairs: QuestionPair[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1} is not JSON`, { cause: error });
    }
    const result = PAIR_LINE.safeParse(parsed);
    if (!result.success)
      throw new Error(`${file}:${index + 1} needs {"a": string, "b": string, "same": boolean}`, {
        cause: result.error,
      });
    pairs.push(result.data);
  });
  return pairs;
}

/** Embeds every question of the pairs in one batch (each distinct text once). */
export async function embedPairs(
  pairs: readonly QuestionPair[],
  embedDocuments: (texts: string[]) => Promise<number[][]>,
): Promise<LabelledPair[]> {
  const texts = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
  const vectors = await embedDocuments(texts);
  const vectorOf = new Map(texts.map((text, i) => [text, vectors[i] ?? []]));
  return pairs.map((pair) => ({
    a: { text: pair.a, vector: vectorOf.get(pair.a)! },
    b: { text: pair.b, vector: vectorOf.get(pair.b)! },
    same: pair.same,
  }));
}

/** How a matcher does on labelled pairs; "positive" means judged the same question. */
export interface PairMetrics {
  pairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  accuracy: number;
  /** Of the pairs judged the same, the share that are (1 when none is judged the same). */
  precision: number;
  /** Of the pairs that are the same, the share judged so. */
  recall: number;
}

/** Counts a matcher's verdicts against the labels. */
export function measureMatcher(matcher: SameQuestionMatcher, pairs: readonly LabelledPair[]): PairMetrics {
  return measureDecisions(
    pairs.map((pair) => ({ same: pair.same, judged: matcher.judge(pair.a, pair.b).same })),
  );
}

export function measureDecisions(decisions: readonly { same: boolean; judged: boolean }[]): PairMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const { same, judged } of decisions) {
    if (judged && same) truePositives++;
    else if (judged) falsePositives++;
    else if (same) falseNegatives++;
    else trueNegatives++;
  }
  const judgedSame = truePositives + falsePositives;
  const actuallySame = truePositives + falseNegatives;
  return {
    pairs: decisions.length,
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    accuracy: decisions.length === 0 ? 0 : (truePositives + trueNegatives) / decisions.length,
    precision: judgedSame === 0 ? 1 : truePositives / judgedSame,
    recall: actuallySame === 0 ? 0 : truePositives / actuallySame,
  };
}

/** The values each threshold may take; the fit tries every combination. */
export interface ParamGrid {
  minSentenceSimilarity: readonly number[];
  minWordSimilarity: readonly number[];
  minSynonymSimilarity: readonly number[];
}

/** Steps of 0.01 (0.05 for the synonym floor, which matters less): about 6,000 combinations. */
export const DEFAULT_PARAM_GRID: ParamGrid = {
  minSentenceSimilarity: range(0.3, 0.9, 0.01),
  minWordSimilarity: range(0.4, 0.95, 0.01),
  minSynonymSimilarity: range(0, 0.6, 0.05),
};

export interface FitResult {
  params: MatcherParams;
  metrics: PairMetrics;
  /** Combinations tried, and how many met the precision floor. */
  tried: number;
  feasible: number;
}

/**
 * Grid search for the thresholds: the highest recall of "same" whose precision is at least
 * `minPrecision` (a wrong pin is worse than a missed one), then the highest precision. Among equally
 * good combinations:
 *
 * - the word thresholds are the strictest (highest GloVe threshold, then synonym floor): every cover by
 *   word similarity is a chance to call two different questions the same, and near misses the tune
 *   pairs lack would slip through a looser threshold first;
 * - the sentence floor is the middle of the range of floors that give the same result. Near misses
 *   score high on sentence cosine (0.86 for degree / license), so the floor rarely decides precision,
 *   and the tune pairs often leave it unconstrained between the lowest-scoring paraphrase accepted and
 *   the bottom of the grid; the middle keeps a margin on both sides instead of sitting on one pair.
 *
 * The sentence floor does not change how words are covered, so each word setting is judged once with
 * no floor and the floors are applied to the scores afterwards. Returns undefined when no combination
 * reaches `minPrecision`.
 */
export function fitMatcherParams(options: {
  pairs: readonly LabelledPair[];
  tools: Omit<SameQuestionTools, 'params'>;
  minPrecision: number;
  grid?: ParamGrid;
}): FitResult | undefined {
  const grid = options.grid ?? DEFAULT_PARAM_GRID;
  let best: { params: MatcherParams; metrics: PairMetrics; floors: number[] } | undefined;
  let tried = 0;
  let feasible = 0;
  for (const minWordSimilarity of grid.minWordSimilarity) {
    for (const minSynonymSimilarity of grid.minSynonymSimilarity) {
      const matcher = createSameQuestionMatcher({
        ...options.tools,
        params: { minSentenceSimilarity: -Infinity, minWordSimilarity, minSynonymSimilarity },
      });
      const verdicts = options.pairs.map((pair) => ({
        same: pair.same,
        verdict: matcher.judge(pair.a, pair.b),
      }));
      for (const minSentenceSimilarity of grid.minSentenceSimilarity) {
        tried++;
        const metrics = measureDecisions(
          verdicts.map(({ same, verdict }) => ({
            same,
            judged: verdict.same && verdict.score >= minSentenceSimilarity,
          })),
        );
        if (metrics.precision < options.minPrecision || metrics.truePositives === 0) continue;
        feasible++;
        const params = { minSentenceSimilarity, minWordSimilarity, minSynonymSimilarity };
        const order = best && compare({ params, metrics }, best);
        if (!best || order! > 0) best = { params, metrics, floors: [minSentenceSimilarity] };
        else if (order === 0) best.floors.push(minSentenceSimilarity);
      }
    }
  }
  if (!best) return undefined;
  const floor = best.floors[Math.floor((best.floors.length - 1) / 2)]!;
  return { params: { ...best.params, minSentenceSimilarity: floor }, metrics: best.metrics, tried, feasible };
}

/** Positive when `a` is the better fit; 0 when only the sentence floor tells them apart. */
function compare(a: Pick<FitResult, 'params' | 'metrics'>, b: Pick<FitResult, 'params' | 'metrics'>): number {
  const order: [number, number][] = [
    [a.metrics.recall, b.metrics.recall],
    [a.metrics.precision, b.metrics.precision],
    [a.params.minWordSimilarity, b.params.minWordSimilarity],
    [a.params.minSynonymSimilarity, b.params.minSynonymSimilarity],
  ];
  for (const [x, y] of order) if (x !== y) return x - y;
  return 0;
}

/** start, start + step, ... up to end, rounded to the step's decimals (no 0.30000000000000004). */
function range(start: number, end: number, step: number): number[] {
  const values: number[] = [];
  for (let i = 0; start + i * step <= end + 1e-9; i++)
    values.push(Math.round((start + i * step) * 100) / 100);
  return values;
}

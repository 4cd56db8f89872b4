import type { EvalQuestion } from '../../src/cli/evaluate.js';
import { fitLogistic } from '../../src/core/fitting/logistic.js';
import { UNIT_FEATURES, unitScore, type UnitFeatures } from '../../src/core/retrieval/fusion.js';
import type { HybridRetriever } from '../../src/core/retrieval/hybrid-retriever.js';
import type { Embedder } from '../../src/core/embedder.js';
import { rankUnits } from '../../src/core/answering/extractive.js';
import { splitQuestion } from '../../src/core/answering/question-form.js';
import { HAND_SET_UNIT_WEIGHTS } from '../../src/core/answering/scoring.js';
import { passagesBySection } from '../../src/core/answering/section-text.js';
import { SentenceVectorCache } from '../../src/core/answering/sentence-vectors.js';
import { round } from './fit-models.js';

const featuresOf = (row: readonly number[]) =>
  Object.fromEntries(UNIT_FEATURES.map((name, k) => [name, row[k]!])) as UnitFeatures;

export interface FittedUnits {
  weights: UnitFeatures;
  /** Questions with a fact-holding unit among their candidates, and how many of them put one first. */
  questions: number;
  handSetFirst: number;
  fittedFirst: number;
}

/**
 * Fits the weights of a unit's score on which retrieved units hold the facts a question wants: one pair
 * per (unit with a fact, unit without) of the same question, a logistic model on their feature
 * differences (so it learns an order, not a level). Single questions with facts only; lists have their
 * own answer. A weight is never negative (a feature never counts against a unit), and they are scaled so
 * that `lexical + dense` is 1, as in the hand-set weights, so the answer's ratio thresholds keep their
 * meaning. The hand-set weights stay when they put a fact-holding unit first more often.
 */
export async function fitUnitWeights(
  retriever: HybridRetriever,
  embeddings: Embedder,
  questions: readonly EvalQuestion[],
): Promise<FittedUnits> {
  const sectionPassages = passagesBySection(retriever.allPassages());
  const sentenceVectors = new SentenceVectorCache();
  const perQuestion: { rows: number[][]; labels: number[] }[] = [];
  for (const q of questions) {
    if (q.outOfScope || !q.facts?.length || q.context || splitQuestion(q.q).length > 1) continue;
    const retrieval = await retriever.retrieve(q.q);
    const ranked = await rankUnits({
      retrieval,
      embeddings,
      sentenceVectors,
      idf: (term) => retriever.idf(term),
      maxChars: Number.MAX_SAFE_INTEGER,
      sectionPassages,
      asked: q.q,
      softWords: (asked, texts) => retriever.softWords(asked, texts),
    });
    if (!ranked) continue;
    const facts = q.facts.map((fact) => fact.toLowerCase());
    const units = ranked.scores[0]!.ranked;
    const labels = units.map((u) =>
      facts.some((fact) => u.candidate.text.toLowerCase().includes(fact)) ? 1 : 0,
    );
    if (!labels.includes(1)) continue;
    perQuestion.push({ rows: units.map((u) => UNIT_FEATURES.map((name) => u.features[name])), labels });
  }
  const differences: number[][] = [];
  const pairLabels: number[] = [];
  for (const { rows, labels } of perQuestion)
    rows.forEach((positive, i) => {
      if (labels[i] !== 1) return;
      rows.forEach((negative, j) => {
        if (labels[j] === 1) return;
        const difference = positive.map((x, k) => x - negative[k]!);
        differences.push(
          difference,
          difference.map((x) => -x),
        );
        pairLabels.push(1, 0);
      });
    });
  const model = fitLogistic(differences, pairLabels);
  const positive = model.weights.map((w) => Math.max(0, w));
  const scale = positive[UNIT_FEATURES.indexOf('lexical')]! + positive[UNIT_FEATURES.indexOf('dense')]! || 1;
  const fitted = Object.fromEntries(
    UNIT_FEATURES.map((name, j) => [name, round(positive[j]! / scale)]),
  ) as UnitFeatures;
  const first = (weights: Readonly<UnitFeatures>) =>
    perQuestion.filter(({ rows, labels }) => {
      const scores = rows.map((row) => unitScore(featuresOf(row), weights));
      return labels[scores.indexOf(Math.max(...scores))] === 1;
    }).length;
  const handSetFirst = first(HAND_SET_UNIT_WEIGHTS);
  const fittedFirst = first(fitted);
  return {
    weights: fittedFirst >= handSetFirst ? fitted : { ...HAND_SET_UNIT_WEIGHTS },
    questions: perQuestion.length,
    handSetFirst,
    fittedFirst,
  };
}

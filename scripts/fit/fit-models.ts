import type { EvalQuestion } from '../../src/cli/evaluate.js';
import { fitLogistic } from '../../src/core/fitting/logistic.js';
import {
  HAND_SET_RANKING,
  SCOPE_FEATURES,
  SECTION_FEATURES,
  type FittedParams,
} from '../../src/core/retrieval/fusion.js';
import { HybridRetriever, type HybridRetrieverDeps } from '../../src/core/retrieval/hybrid-retriever.js';

/** What one fit of the ranking leaves for the scope fit: the ranking, and the scope model's rows. */
export interface FittedRanking {
  rankingParams: FittedParams['ranking'];
  /** One row of scope features per question the model decides (degenerate ones are decided by rule). */
  scopeRows: number[][];
  /** 1: in scope. */
  scopeLabels: number[];
  /** In-scope questions whose first section is right, with the hand-set fusion and the fitted ranking. */
  handSetTop1: number;
  fittedTop1: number;
  /** Per question, what the scope model saw (for `--dump`). */
  dumped: unknown[];
  /** The retriever with the chosen ranking (its scope model a placeholder), for the sentence fit. */
  retriever: HybridRetriever;
}

/**
 * Fits the ranking on the retriever's evidence from `base` (one row per question × section, label 1 when
 * the section answers it), then collects the scope features each question gets under that ranking.
 * The parameters being fitted are not read by the evidence: it is the same whatever they are.
 */
export async function fitModels(
  base: HybridRetrieverDeps,
  questions: readonly EvalQuestion[],
): Promise<FittedRanking> {
  const handSet = await HybridRetriever.create(base);
  const inScope = questions.filter((q) => !q.outOfScope && (q.sections?.length ?? 0) > 0);
  const rows: number[][] = [];
  const labels: number[] = [];
  /** Each question's rows: [first, end). */
  const spans: [number, number][] = [];
  let handSetTop1 = 0;
  for (const q of inScope) {
    const expected = new Set(q.sections!.map((s) => s.toLowerCase()));
    const retrieval = await handSet.retrieve(q.q, q.context ? { context: q.context } : {});
    if (expected.has(retrieval.sections[0]?.heading.toLowerCase() ?? '')) handSetTop1++;
    const first = rows.length;
    for (const section of retrieval.sections) {
      rows.push(SECTION_FEATURES.map((name) => section.features[name]));
      labels.push(expected.has(section.heading.toLowerCase()) ? 1 : 0);
    }
    spans.push([first, rows.length]);
  }
  const positives = labels.filter((y) => y === 1).length;
  // Every ranking feature is a similarity that can only speak for a section: weights at 0 or above, so
  // that the fit cannot trade a feature against its correlated copy (a negative weight on the heading's
  // similarity made a section with a vague heading, "Key Insights", win over the one the heading named).
  const ranking = fitLogistic(rows, labels, {
    rowWeights: labels.map((y) => (y === 1 ? (labels.length - positives) / positives : 1)),
    signs: SECTION_FEATURES.map(() => 1),
  });
  const fittedRanking: FittedParams['ranking'] = {
    bias: round(ranking.bias),
    weights: Object.fromEntries(
      SECTION_FEATURES.map((name, j) => [name, round(ranking.weights[j]!)]),
    ) as FittedParams['ranking']['weights'],
  };
  // The fit minimises log-loss over pairs, not first-place errors: keep the hand-set fusion when it puts
  // the right section first more often on these questions (the features do not depend on the weights).
  const top1 = (params: FittedParams['ranking']) =>
    spans.filter(([first, end]) => {
      let best = first;
      for (let i = first; i < end; i++)
        if (scoreRow(rows[i]!, params) > scoreRow(rows[best]!, params)) best = i;
      return labels[best] === 1;
    }).length;
  const rankingParams = top1(fittedRanking) >= top1(HAND_SET_RANKING) ? fittedRanking : HAND_SET_RANKING;

  const probe: FittedParams['scope'] = {
    bias: 0,
    weights: Object.fromEntries(SCOPE_FEATURES.map((name) => [name, 0])) as FittedParams['scope']['weights'],
    answerAt: 0.5,
    hedgeAt: 0.5,
  };
  const fitted = await HybridRetriever.create({
    ...base,
    params: { fittedAt: '', fittedOn: [], ranking: rankingParams, scope: probe },
  });
  const dumped: unknown[] = [];
  const scopeRows: number[][] = [];
  const scopeLabels: number[] = [];
  let fittedTop1 = 0;
  for (const q of questions) {
    const retrieval = await fitted.retrieve(q.q, q.context ? { context: q.context } : {});
    if (!q.outOfScope) {
      const expected = new Set((q.sections ?? []).map((s) => s.toLowerCase()));
      if (expected.has(retrieval.sections[0]?.heading.toLowerCase() ?? '')) fittedTop1++;
    }
    const features = retrieval.scope.features;
    if (!features) continue;
    scopeRows.push(SCOPE_FEATURES.map((name) => features[name]));
    scopeLabels.push(q.outOfScope ? 0 : 1);
    dumped.push({ q: q.q, inScope: !q.outOfScope, features, top: retrieval.sections[0]?.heading });
  }
  return { rankingParams, scopeRows, scopeLabels, handSetTop1, fittedTop1, dumped, retriever: fitted };
}

function scoreRow(row: readonly number[], params: FittedParams['ranking']): number {
  return SECTION_FEATURES.reduce((sum, name, j) => sum + params.weights[name] * row[j]!, params.bias);
}

export function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

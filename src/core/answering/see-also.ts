import { sectionKey } from '../retrieval/sections.js';
import type { Retrieval } from '../retrieval/retrieval-types.js';
import { quotableAlone } from './candidates.js';
import { listAnswerChars } from './list-answer.js';
import { unitCost, type AnswerBlock, type QuotedUnit } from './render.js';
import type { PartScores } from './scoring.js';

/**
 * Below this lead of the best section's ranking score over the runner-up's (a logit), the ranking is
 * unsure which of the two answers: on the tune halves the runner-up was the right one for 20 of the 48
 * first-place misses, and 22% of the questions fall below it.
 */
export const SEE_ALSO_MARGIN = 1;

/**
 * When the ranking is unsure between its two best sections and the answer quotes only the first, the
 * runner-up's best sentence is added on a line of its own, with its own citation: the member sees both
 * candidates, each cited, instead of a confident answer from the wrong one. A prose answer gives up its
 * lowest-scoring sentences for it (keeping one) to stay within `maxChars`; a list answer keeps every item and
 * takes it only within the list allowance.
 * One question only; a message of several answers each from its own section.
 */
export function withSeeAlso(input: {
  blocks: AnswerBlock[];
  retrieval: Retrieval;
  scores: PartScores;
  maxChars: number;
}): AnswerBlock[] {
  const { blocks, retrieval } = input;
  const [first, second] = retrieval.sections;
  if (!first || !second || first.score - second.score >= SEE_ALSO_MARGIN) return blocks;
  const units = blocks.flat();
  if (units.some((u) => sectionKey(u.passage) === second.key)) return blocks;
  const best = input.scores.ranked.find(
    (s) => s.candidate.section.key === second.key && quotableAlone(s.candidate),
  );
  if (!best) return blocks;
  // A list answer keeps every item and may use the list allowance; a prose answer stays within
  // `maxChars`, its weakest sentences giving way (down to one) to the second candidate.
  const hasList = units.some((u) => u.kind === 'item');
  const budget = hasList ? listAnswerChars(input.maxChars) : input.maxChars;
  const extra = unitCost(best.candidate.text, 'sentence');
  const kept = blocks.map((block) => [...block]);
  const cost = () => kept.flat().reduce((sum, u) => sum + unitCost(u.text, u.kind), 0);
  // The sentence given up is the one that scored lowest for the question, wherever it stands (a unit
  // not among the ranked ones, a cut sentence, is kept longest).
  const scores = new Map<string, number>();
  for (const s of [...input.scores.ranked].reverse())
    scores.set(`${s.candidate.section.key}\n${s.candidate.text}`, s.score);
  const scoreOf = (unit: QuotedUnit) =>
    scores.get(`${sectionKey(unit.passage)}\n${unit.text}`) ?? Number.POSITIVE_INFINITY;
  while (!hasList && cost() + extra > budget && kept.flat().length > 1) {
    let weakest: { block: AnswerBlock; at: number; score: number } | undefined;
    for (const block of kept)
      block.forEach((unit, at) => {
        const score = scoreOf(unit);
        if (!weakest || score < weakest.score) weakest = { block, at, score };
      });
    weakest!.block.splice(weakest!.at, 1);
  }
  if (cost() + extra > budget) return blocks;
  return [
    ...kept.filter((block) => block.length > 0),
    [{ passage: best.candidate.passage, text: best.candidate.text, kind: 'sentence' }],
  ];
}

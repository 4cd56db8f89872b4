import type { FigureKind } from '../types.js';
import { composeList, listAnswerChars } from './list-answer.js';
import { planList } from './list-plan.js';
import { ProseAnswer } from './prose-answer.js';
import { Quoted } from './quoted.js';
import type { AnswerBlock } from './render.js';
import type { PartScores } from './scoring.js';
import type { AnswerSections } from './section-text.js';

const MAX_UNITS = 3;
const MAX_UNITS_PER_PART = 2;

export interface ComposedParts {
  /** One block per answered question of the message, in question order. */
  blocks: AnswerBlock[];
  missingFigure?: FigureKind;
}

/**
 * Chooses what to quote for each question of the message: the list it asks for (every item named),
 * or its best sentences. Every question first gets its best sentence; then the lists, in order, share
 * what is left of `listAnswerChars(maxChars)`; then sentence answers grow, in order, while all the
 * sentences stay within `maxChars`. No sentence is quoted twice.
 */
export function composeParts(input: {
  parts: readonly PartScores[];
  sections: AnswerSections;
  maxChars: number;
  idf: (term: string) => number;
}): ComposedParts {
  // A piece that matches nothing ("quick pls") asks nothing: only the first part is kept regardless.
  const parts = input.parts.filter((part, i) => i === 0 || part.matched);
  const { maxChars } = input;
  const quoted = new Quoted();
  const plans = parts.map((scores) => planList(scores, input.sections, input.idf));
  const budget = plans.some(Boolean) ? listAnswerChars(maxChars) : maxChars;
  const maxUnits = parts.length === 1 ? MAX_UNITS : MAX_UNITS_PER_PART;

  const prose = parts.map((scores, i) => (plans[i] ? undefined : new ProseAnswer(scores, quoted, maxUnits)));
  let proseCost = prose.reduce((sum, p) => sum + (p?.start() ?? 0), 0);

  const blocks: AnswerBlock[] = parts.map(() => []);
  let listCost = 0;
  plans.forEach((plan, i) => {
    if (!plan) return;
    const listsLeft = plans.slice(i).filter(Boolean).length;
    const left = Math.max(0, budget - proseCost - listCost) / listsLeft;
    blocks[i] = composeList(plan, {
      budget: left,
      quoted,
      scores: parts[i]!,
      idf: input.idf,
    });
    listCost += blocks[i].reduce((sum, u) => sum + u.text.length + 7, 0);
  });

  const proseBudget = Math.min(maxChars, budget - listCost);
  const proseParts = prose.filter(Boolean).length;
  prose.forEach((answer, i) => {
    if (!answer) return;
    const before = answer.cost;
    answer.extend(before + Math.max(0, proseBudget - proseCost));
    proseCost += answer.cost - before;
    // A lone sentence too long for what is left is cut; each question keeps at least its share.
    const room = Math.max(proseBudget / proseParts, proseBudget - (proseCost - answer.cost));
    blocks[i] = answer.block(room);
  });

  const missingFigure = parts.find((p, i) => !plans[i] && p.missingFigure)?.missingFigure;
  return { blocks: blocks.filter((b) => b.length > 0), ...(missingFigure ? { missingFigure } : {}) };
}

import type { FigureKind } from '../types.js';
import { terms } from '../words/text.js';
import { dot } from '../words/vectors.js';
import type { Candidate } from './candidates.js';
import { askedFigure, figureClassTerms, figureTopicTerms, hasFigure, wantsNumber } from './figures.js';
import type { QuestionPart } from './question-form.js';

/** Weights of a unit's score; see `scorePart`. */
export const WEIGHTS = Object.freeze({
  lexical: 0.5,
  dense: 0.5,
  leadSentence: 0.1,
  bestSection: 0.2,
  answerType: 0.15,
});

/**
 * A term of the question says what a figure is about only if it is rare in the guide: "exam" does,
 * "medical" (in nearly every chunk) does not. BM25 idf 1.0 is a term in about a third of the chunks.
 */
const TOPIC_IDF = 1;

export interface ScoredCandidate {
  candidate: Candidate;
  score: number;
}

/** The units of the retrieved sections ranked for one question of the message. */
export interface PartScores {
  part: QuestionPart;
  /** Best first. */
  ranked: ScoredCandidate[];
  /** The section that answers this part: the section of its best unit. */
  bestSection: string | undefined;
  /** Whether any unit holds one of the part's own terms ("quick pls" matches nothing: not a question). */
  matched: boolean;
  /** The kind of figure the part asks for, when no unit gives one. */
  missingFigure?: FigureKind;
}

export interface ScorePartInput {
  part: QuestionPart;
  /** Stemmed terms with weights (the part's own, expansions and context lighter). */
  queryTerms: { term: string; weight: number }[];
  /** Unit vector of the part. */
  vector: number[];
  candidates: Candidate[];
  /** Unit vectors of `candidates`, in the same order. */
  vectors: number[][];
  idf: (term: string) => number;
  /** How much the retrieval favours each section (added to its best unit when choosing the section). */
  sectionPrior: (sectionKey: string) => number;
}

/**
 * Scores every unit for one question: how much of the question's weight (terms weighted by rarity in
 * the guide) it contains, its meaning's similarity to the question, a little for being its section's
 * opening sentence (the guide answers each question heading in its first line) or in the section that
 * answers the part, and for holding the kind of figure the question asks for (answer-type matching
 * from extractive QA). A figure counts only in the answering section or next to a topic word of the
 * question or a word of the same class ("make" and "salary"), so "how much does the exam cost" is not
 * answered with a salary.
 */
export function scorePart(input: ScorePartInput): PartScores {
  const { part, candidates, idf } = input;
  const questionWeight = input.queryTerms.reduce((sum, q) => sum + q.weight * idf(q.term), 0) || 1;
  // A later sentence of a titled list item is about the item's title: its terms count as the sentence's.
  const termSets = candidates.map(
    (c) => new Set([...terms(c.text), ...(c.itemTitle ? terms(c.itemTitle) : [])]),
  );
  const base = candidates.map((candidate, i) => {
    const lexical =
      input.queryTerms.reduce((sum, q) => sum + (termSets[i]!.has(q.term) ? q.weight * idf(q.term) : 0), 0) /
      questionWeight;
    return (
      WEIGHTS.lexical * Math.min(1, lexical) +
      WEIGHTS.dense * dot(input.vector, input.vectors[i]!) +
      (candidate.isLead ? WEIGHTS.leadSentence : 0)
    );
  });
  const favoured = bestSectionOf(candidates, base, input.sectionPrior);

  const kind = askedFigure(part.form);
  const topic = [
    ...figureTopicTerms(part).filter((term) => idf(term) >= TOPIC_IDF),
    ...(kind === 'money' ? figureClassTerms(part) : []),
  ];
  const givesFigure = candidates.map(
    (c, i) =>
      kind !== undefined &&
      hasFigure(c.text, kind) &&
      (c.section.key === favoured || topic.some((term) => termSets[i]!.has(term))),
  );
  const anyNumber = kind === undefined && wantsNumber(part.form);
  const ranked = candidates
    .map((candidate, i) => ({
      candidate,
      score:
        base[i]! +
        (candidate.section.key === favoured ? WEIGHTS.bestSection : 0) +
        (givesFigure[i] || (anyNumber && /\d/.test(candidate.text)) ? WEIGHTS.answerType : 0),
    }))
    .sort((a, b) => b.score - a.score || a.candidate.section.rank - b.candidate.section.rank);
  const missing = kind !== undefined && !givesFigure.some(Boolean);
  const own = part.terms.filter((t) => t.weight === 1).map((t) => t.term);
  const matched = termSets.some((set) => own.some((term) => set.has(term)));
  // The answering section is the favoured one (the retrieval's choice for one question), even when a
  // unit of another section scores higher: that unit may still be quoted, but the list and the opening
  // sentence come from the section that answers.
  const bestSection = favoured ?? ranked[0]?.candidate.section.key;
  return { part, ranked, bestSection, matched, ...(missing ? { missingFigure: kind } : {}) };
}

/** The section whose best unit, plus the retrieval's opinion of the section, scores highest. */
function bestSectionOf(
  candidates: Candidate[],
  scores: number[],
  prior: (sectionKey: string) => number,
): string | undefined {
  let best: string | undefined;
  let bestScore = -Infinity;
  candidates.forEach((candidate, i) => {
    const score = scores[i]! + prior(candidate.section.key);
    if (score > bestScore) {
      bestScore = score;
      best = candidate.section.key;
    }
  });
  return best;
}

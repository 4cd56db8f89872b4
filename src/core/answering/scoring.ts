import type { FigureKind } from '../types.js';
import type { KnownAnswer } from '../retrieval/retrieval-types.js';
import { unitScore, type UnitFeatures } from '../retrieval/fusion.js';
import { comparableText, terms } from '../words/text.js';
import { dot } from '../words/vectors.js';
import type { Candidate } from './candidates.js';
import {
  askedFigure,
  figureClassTerms,
  figureTopicTerms,
  givesAskedFigure,
  isQuantityTerm,
  wantsNumber,
} from './figures.js';
import type { QuestionPart } from './question-form.js';

/** Hand-set weights of a unit's score (used when nothing was fitted; see `UNIT_FEATURES`). */
export const HAND_SET_UNIT_WEIGHTS: Readonly<UnitFeatures> = Object.freeze({
  lexical: 0.5,
  dense: 0.5,
  lead: 0.1,
  bestSection: 0.2,
  answerType: 0.15,
  knownAnswer: 0.3,
  softWords: 0,
});

/**
 * A term of the question says what a figure is about only if it is rare in the guide: "exam" does,
 * "medical" (in nearly every chunk) does not. BM25 idf 1.0 is a term in about a third of the chunks.
 */
export const TOPIC_IDF = 1;

export interface ScoredCandidate {
  candidate: Candidate;
  score: number;
  /**
   * The score without the known questions' answer sentences: what the unit itself says of the
   * question. Whether the question asks for a list is read from these.
   */
  plain: number;
  /** What the score was made of. */
  features: UnitFeatures;
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
  /** Weights of the unit features (default: hand-set). */
  weights?: Readonly<UnitFeatures>;
  /** The answer sentences of the known questions closest to the part (see `Retrieval.knownAnswers`). */
  knownAnswers?: readonly KnownAnswer[];
  /** Per candidate, the GloVe soft match of the part's words with its words (0 each when absent). */
  softWords?: readonly number[];
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
  const w = input.weights ?? HAND_SET_UNIT_WEIGHTS;
  const kind = askedFigure(part.form);
  // The known questions' answer sentences, normalised once for every unit's comparison.
  const knownAnswers = (input.knownAnswers ?? []).map((known) => ({
    ...known,
    answer: comparableText(known.answer),
  }));
  const questionWeight = input.queryTerms.reduce((sum, q) => sum + q.weight * idf(q.term), 0) || 1;
  // A later sentence of a titled list item is about the item's title: its terms count as the sentence's.
  const termSets = candidates.map(
    (c) => new Set([...terms(c.text), ...(c.itemTitle ? terms(c.itemTitle) : [])]),
  );
  // Each unit that gives the kind of figure asked for, in the period and currency asked, if any.
  const figureIn = candidates.map((c) => kind !== undefined && givesAskedFigure(c.text, kind, part.form));
  // In a question for a figure, the words that ask for it ("how much do they make") count only in a
  // unit that gives such a figure: "making me more valuable" does not answer them.
  const counts = (term: string, i: number) =>
    termSets[i]!.has(term) && (kind === undefined || !isQuantityTerm(term) || figureIn[i]!);
  const own = candidates.map((candidate, i) => ({
    lexical: Math.min(
      1,
      input.queryTerms.reduce((sum, q) => sum + (counts(q.term, i) ? q.weight * idf(q.term) : 0), 0) /
        questionWeight,
    ),
    dense: dot(input.vector, input.vectors[i]!),
    lead: candidate.isLead ? 1 : 0,
    knownAnswer: knownAnswerScore(candidate, knownAnswers),
    softWords: input.softWords?.[i] ?? 0,
  }));
  // Before the answering section is known, a unit's score without the two features that depend on it.
  const base = own.map((f) => unitScore({ ...f, bestSection: 0, answerType: 0 }, w));
  const favoured = bestSectionOf(candidates, base, input.sectionPrior);

  const topic = [
    ...figureTopicTerms(part).filter((term) => idf(term) >= TOPIC_IDF),
    ...(kind === 'money' ? figureClassTerms(part) : []),
  ];
  const givesFigure = candidates.map(
    (c, i) => figureIn[i]! && (c.section.key === favoured || topic.some((term) => termSets[i]!.has(term))),
  );
  const anyNumber = kind === undefined && wantsNumber(part.form);
  const ranked = candidates
    .map((candidate, i) => {
      const features: UnitFeatures = {
        ...own[i]!,
        bestSection: candidate.section.key === favoured ? 1 : 0,
        answerType: givesFigure[i] || (anyNumber && /\d/.test(candidate.text)) ? 1 : 0,
      };
      const score = unitScore(features, w);
      return { candidate, score, plain: score - w.knownAnswer * features.knownAnswer, features };
    })
    .sort((a, b) => b.score - a.score || a.candidate.section.rank - b.candidate.section.rank);
  const missing = kind !== undefined && !givesFigure.some(Boolean);
  const asked = part.terms.filter((t) => t.weight === 1).map((t) => t.term);
  const matched = termSets.some((set) => asked.some((term) => set.has(term)));
  // The answering section is the favoured one (the retrieval's choice for one question), even when a
  // unit of another section scores higher: that unit may still be quoted, but the list and the opening
  // sentence come from the section that answers.
  const bestSection = favoured ?? ranked[0]?.candidate.section.key;
  return { part, ranked, bestSection, matched, ...(missing ? { missingFigure: kind } : {}) };
}

/**
 * The cosine of the closest known question whose answer sentence is this unit (0 when none is): the
 * unit holds the sentence, or is a part of it (a list item's title with its first sentence, say).
 * `answers` are already in `comparableText` form.
 */
function knownAnswerScore(candidate: Candidate, answers: readonly KnownAnswer[]): number {
  if (answers.length === 0) return 0;
  const text = comparableText(candidate.text);
  let best = 0;
  for (const { sectionKey, similarity, answer } of answers) {
    if (sectionKey !== candidate.section.key || similarity <= best) continue;
    if (text.includes(answer) || (text.length >= MIN_PART && answer.includes(text))) best = similarity;
  }
  return best;
}

/** A unit shorter than this is not matched as a part of an answer sentence ("Hospitals."). */
const MIN_PART = 20;

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

import { isStopWord, stem, words } from '../words/text.js';
import { scopeProbability, type FittedParams, type ScopeFeatures } from '../retrieval/fusion.js';
import { asksAboutOtherOccupation, namedIn, namesOtherCompound } from './named-others.js';
import { asksArithmetic } from './arithmetic.js';

/** What the question and the guide have in common, used to decide whether the guide covers it. */
export interface ScopeEvidence {
  /** Content words of the question (stop words removed), lower case. */
  contentWords: string[];
  /** Content words found in the guide, directly (after stemming) or through a WordNet synonym. */
  knownWords: string[];
  /** knownWords / contentWords (0 when there are none). */
  coverage: number;
  /** Best cosine of the question with any chunk or heading. */
  semantic: number;
  inScope: boolean;
  /**
   * `answer`: covered; `hedge`: the best section is clear but the evidence thin, so the answer is
   * introduced as the guide's closest one; `refuse`: nothing is close.
   */
  decision: 'answer' | 'hedge' | 'refuse';
  /** The scope model's probability that the guide covers the question (absent for degenerate questions). */
  probability?: number;
  /** What the scope model saw. */
  features?: ScopeFeatures;
  /** A short reason, for logs and the eval report. */
  reason: string;
}

/**
 * Thresholds of the scope decision. A question is answered when its words are the guide's words and
 * something in the guide means much the same; one threshold on one score is not enough (a question about
 * nurses' pay in Canada is semantically close to the salary section, and "What is NAHAM?" is not close to
 * anything but names a term only the guide uses).
 */
export const SCOPE_THRESHOLDS = Object.freeze({
  /** Every content word is in the guide: the meaning only has to be loosely related. */
  semanticWhenAllKnown: 0.3,
  /** Some words are not in the guide: the meaning must match clearly. */
  semanticWhenPartlyKnown: 0.55,
  /**
   * An unknown word that is rare or specific (at most this many WordNet senses, or none: "Canada",
   * "software", "plumber") names a topic the guide lacks, so the meaning must match closely.
   */
  specificSenseCount: 2,
  semanticWithSpecificUnknown: 0.7,
  /**
   * A word found in at most this share of the chunks (and at least in one) is a term of the guide's own
   * ("CMAA", "Nome", "NAHAM"): a question made only of known words that names one needs no similarity.
   */
  rareTermShare: 0.05,
  /** Below this share of known words the question is mostly about something else. */
  minCoverage: 0.5,
  semanticWhenMostlyUnknown: 0.7,
});

/** What the scope judgement needs to know about the guide's words. */
export interface GuideVocabulary {
  /** True when the word, or one of its WordNet synonyms, is in the guide (after stemming). */
  isKnown(word: string): boolean;
  /** How many WordNet senses the word has (0 when WordNet does not know it). */
  senseCount(word: string): number;
  /** The share of the word's WordNet senses that are nouns. */
  nounShare(word: string): number;
  /** Whether the word's most frequent noun sense names a person (WordNet's `noun.person`). */
  isPerson(word: string): boolean;
  /** Whether WordNet writes the word as a proper noun ("canada", "houston" typed in lower case). */
  isProperNoun?(word: string): boolean;
  /**
   * Whether the two words are one of WordNet's multi-word nouns for a person that the guide never writes
   * ("nurse practitioner", "dental hygienist"): another job than the guide's, although it has each word.
   */
  isOtherCompound?(first: string, second: string): boolean;
  /** Whether the word's most frequent noun sense is an occupation ("phlebotomist", "receptionist"). */
  isOccupation?(word: string): boolean;
  /** Whether the word's most frequent noun sense is a place or an organisation ("office", "clinic"). */
  isPlace?(word: string): boolean;
  /** Whether the word classifies the noun after it ("dental", "vet") rather than describing it ("good"). */
  isClassifier?(word: string): boolean;
  /** Whether the guide writes the two words side by side, the first possibly as a WordNet synonym. */
  writesPair?(first: string, second: string): boolean;
  /** How many chunks contain the stemmed term. */
  frequencyOf(term: string): number;
  chunkCount: number;
}

/** The question (rewritten in the guide's words), any conversation context, and its best similarity. */
export interface ScopeQuestion {
  question: string;
  context: string | undefined;
  /** Best cosine of the question with any chunk or heading. */
  semantic: number;
  /** The ranking's evidence, for the fitted scope model; without it the hand-set rule decides. */
  ranking?: {
    topScore: number;
    margin: number;
    ask: number;
    /** Best cosine with a question the guide's maintainers list as not answered by it (0: none listed). */
    notCovered: number;
    /** The same, over the listed questions whose topic the question names (see `NotCoveredWords`). */
    notCoveredOnTopic: number;
    /** Mean cosine of the ten closest listed not-covered questions (0: none listed). */
    notCoveredNear: number;
    /** Mean cosine of the ten closest questions the guide's sections are known to answer. */
    askedNear: number;
    lexical: number;
    /** Share of the question's content words with a close GloVe neighbour in the guide. */
    wordCoverage: number;
    /** Per content word, its best GloVe cosine with a word of the two best sections. */
    cover: number[];
    /** 1 when the question asks for a kind of figure the two best sections never give ("exam fee?"). */
    figureMissing: number;
  };
}

/**
 * Decides whether the guide covers a question. Degenerate questions (no content words, none of them the
 * guide's) are refused by rule. Otherwise, with fitted parameters, a logistic model over the ranking's
 * evidence and the question's words decides between answering, hedging and refusing; without them the
 * hand-set thresholds above decide (answer or refuse).
 */
export function judgeScope(
  input: ScopeQuestion,
  vocabulary: GuideVocabulary,
  params?: FittedParams['scope'],
): ScopeEvidence {
  const { question, context, semantic } = input;
  // A follow-up of function words alone ("why would someone do that") asks about its context's topic.
  const own = contentWordsOf(question);
  const contentWords = own.length === 0 && context ? contentWordsOf(`${context} ${question}`) : own;
  const knownWords = contentWords.filter((word) => vocabulary.isKnown(word));
  const coverage = contentWords.length === 0 ? 0 : knownWords.length / contentWords.length;
  const t = SCOPE_THRESHOLDS;
  const unknown = contentWords.filter((w) => !knownWords.includes(w));
  const specificUnknown = unknown.filter((w) => vocabulary.senseCount(w) <= t.specificSenseCount);
  const rareTermMax = Math.max(2, Math.floor(vocabulary.chunkCount * t.rareTermShare));
  const namesGuideTerm = knownWords.some((w) => {
    const df = vocabulary.frequencyOf(stem(w));
    return df > 0 && df <= rareTermMax;
  });
  const needed =
    unknown.length === 0
      ? namesGuideTerm
        ? 0
        : t.semanticWhenAllKnown
      : coverage < t.minCoverage
        ? t.semanticWhenMostlyUnknown
        : specificUnknown.length > 0
          ? t.semanticWithSpecificUnknown
          : t.semanticWhenPartlyKnown;
  let inScope: boolean;
  let reason: string;
  // A sum to work out is refused by rule, before the model.
  const sum = asksArithmetic(question);
  if (
    !sum &&
    params &&
    input.ranking &&
    contentWords.length > 0 &&
    knownWords.length + input.ranking.wordCoverage > 0
  ) {
    const features: ScopeFeatures = {
      topScore: input.ranking.topScore,
      margin: input.ranking.margin,
      semantic,
      ask: input.ranking.ask,
      // How much closer the question is to a question the guide does not answer than to any question a
      // section answers (0 when it is closer to the sections, or when no such questions are listed).
      closerToNotCovered: Math.max(0, input.ranking.notCovered - input.ranking.ask),
      notCovered: input.ranking.notCovered,
      notCoveredOnTopic: input.ranking.notCoveredOnTopic,
      notCoveredNear: input.ranking.notCoveredNear,
      askedNear: input.ranking.askedNear,
      figureMissing: input.ranking.figureMissing,
      lexical: input.ranking.lexical,
      coverage,
      wordCoverage: input.ranking.wordCoverage,
      unknownShare: 1 - coverage,
      specificUnknown: Math.min(specificUnknown.length, 2) / 2,
      namesGuideTerm: namesGuideTerm ? 1 : 0,
      // Unknown words that name things (nouns; words written with a capital inside the question, or in
      // capitals: "RNs", "Canada", "PTO") are usually the topic the guide lacks; unknown adjectives and
      // slang ("stressful", "lol") are usually only another way of asking about something it has.
      unknownNouns: Math.min(unknown.filter((w) => vocabulary.nounShare(w) >= 0.5).length, 2) / 2,
      // ... and so are proper nouns typed in lower case ("canada", "houston": WordNet writes them with a
      // capital), when longer than chat's short forms ("rn", "tho", "fr" are proper nouns to WordNet too).
      unknownNamed:
        Math.min(
          unknown.filter(
            (w) => namedIn(question, w) || (w.length >= 4 && (vocabulary.isProperNoun?.(w) ?? false)),
          ).length,
          2,
        ) / 2,
      otherCompound: namesOtherCompound(question, vocabulary) ? 1 : 0,
      // A person the guide never names ("plumbers", "software engineer", "phlebotomist") is usually whom
      // the question is about: another job than the guide's.
      otherPerson: own.some(
        (w) =>
          vocabulary.isPerson(w) && vocabulary.nounShare(w) >= 0.5 && vocabulary.frequencyOf(stem(w)) === 0,
      )
        ? 1
        : 0,
      // ... and so is another kind of a person the guide names ("dental assistants", "vet tech"), when
      // the question asks about them rather than telling the asker's story ("my boss", "as a cashier").
      askedOther: asksAboutOtherOccupation(question, vocabulary) ? 1 : 0,
      weakestCover: input.ranking.cover.length > 0 ? Math.min(...input.ranking.cover) : 0,
      meanCover:
        input.ranking.cover.length > 0
          ? input.ranking.cover.reduce((a, b) => a + b, 0) / input.ranking.cover.length
          : 0,
    };
    const probability = scopeProbability(features, params);
    const decision =
      probability >= params.answerAt ? 'answer' : probability >= params.hedgeAt ? 'hedge' : 'refuse';
    return {
      contentWords,
      knownWords,
      coverage: round3(coverage),
      semantic: round3(semantic),
      inScope: decision !== 'refuse',
      decision,
      probability: round3(probability),
      features,
      reason: `scope model p=${probability.toFixed(3)}${unknown.length > 0 ? `; words not in the guide: ${unknown.join(', ')}` : ''}`,
    };
  }
  if (sum) {
    inScope = false;
    reason = 'a sum to work out: numbers and operators only';
  } else if (contentWords.length === 0 && !context) {
    inScope = false;
    reason = 'no content words';
  } else if (knownWords.length === 0) {
    inScope = false;
    reason = 'none of the words are in the guide';
  } else if (semantic < needed) {
    inScope = false;
    reason =
      unknown.length > 0
        ? `words not in the guide (${unknown.join(', ')}) and best similarity ${semantic.toFixed(2)} < ${needed}`
        : `best similarity ${semantic.toFixed(2)} < ${needed}`;
  } else {
    inScope = true;
    reason = 'covered';
  }
  return {
    contentWords,
    knownWords,
    coverage: round3(coverage),
    semantic: round3(semantic),
    inScope,
    decision: inScope ? 'answer' : 'refuse',
    reason,
  };
}

/** The content words of a text (stop words and single letters left out), lower case, each once. */
export function contentWordsOf(text: string): string[] {
  return [...new Set(words(text).filter((w) => !isStopWord(w) && (w.length > 1 || /\d/.test(w))))];
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

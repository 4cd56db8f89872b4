import { z } from 'zod';
import { isStopWord, stem, words } from '../words/text.js';
import { cosineSimilarity } from '../words/vectors.js';
import fittedParams from './same-question.params.json' with { type: 'json' };

/**
 * Decides whether two questions ask the same thing, so that a moderator's pinned answer is served only
 * to a question it answers. Sentence embeddings alone cannot do it: "Do medical administrative
 * assistants need a degree?" and "...need a license?" differ in one word and score 0.86 with USE-lite.
 * So two conditions must hold:
 *
 * 1. the questions mean about the same overall (sentence cosine at or above a floor), and
 * 2. every content word that one question has and the other lacks is *covered* by a word of the other:
 *    the same stem, a morphological variant or a typo of it, an abbreviation or acronym of it ("mgmt",
 *    "MAA"), a WordNet synonym, or a word GloVe puts close to it; never a WordNet opposite ("highest"
 *    and "lowest" are close in GloVe). One uncovered content word ("license" against "degree") means
 *    the questions differ.
 *
 * Words both questions share do not matter, nor do stop words and chat filler (`isStopWord`), except
 * the few function words that turn a question around ("most", "more", "only", "before", ...).
 *
 * Pure: the word tools come in as parameters, nothing is read here. Hand-written: no library compares
 * two short questions word by word like this.
 */

/** One question as the matcher sees it. */
export interface QuestionFeatures {
  /** The question as typed. */
  text: string;
  /** Its sentence embedding (the same model for both questions; USE-lite for the fitted params). */
  vector: readonly number[];
  /** The guide section the question retrieves to; two questions in different sections always differ. */
  section?: string;
}

/** The thresholds, fitted on eval/pairs-tune.jsonl by scripts/fit-matcher.ts. */
export interface MatcherParams {
  /** Sentence cosine below which two questions differ whatever their words. */
  minSentenceSimilarity: number;
  /** GloVe cosine at or above which a word covers another on its own ("cheap" ~ "affordable"). */
  minWordSimilarity: number;
  /**
   * GloVe cosine a WordNet synonym or a morphological variant needs to cover a word: WordNet lists rare
   * senses too ("certified" is a synonym of "license" by one of them, at GloVe 0.40).
   */
  minSynonymSimilarity: number;
}

/** The word tools the matcher works with; see `loadSameQuestionTools` for the real ones. */
export interface SameQuestionTools {
  /** GloVe cosine of two lower-case words, undefined when either is unknown. */
  wordSimilarity(a: string, b: string): number | undefined;
  /** WordNet synonyms of a word (`SynonymSource.synonyms`). */
  synonyms(word: string): readonly string[];
  /** How many senses WordNet knows for a word, 0 for none (`SynonymSource.senseCount`). */
  senseCount(word: string): number;
  /** Whether WordNet records the words as opposites (`AntonymSource.areOpposites`); never, without it. */
  areOpposites?(a: string, b: string): boolean;
  /** Puts a question in the guide's words first (the retriever's `QuestionRewriter.rewrite`), if given. */
  rewrite?(text: string): string;
  /** Defaults to the fitted values in `same-question.params.json`. */
  params?: MatcherParams;
}

/** Why two questions were judged different. */
export type DifferenceReason = 'section' | 'meaning' | 'words';

export interface SameQuestionVerdict {
  same: boolean;
  /** Sentence cosine of the two questions (0 to 1 for USE-lite), for logs and ranking candidates. */
  score: number;
  /** Content words of either question that nothing in the other covers; empty when `same`. */
  uncovered: string[];
  /** Set when `same` is false. */
  reason?: DifferenceReason;
}

export interface SameQuestionMatcher {
  judge(a: QuestionFeatures, b: QuestionFeatures): SameQuestionVerdict;
}

const similarity = z.number().min(-1).max(1);
const PARAMS_SCHEMA = z.object({
  minSentenceSimilarity: similarity,
  minWordSimilarity: similarity,
  minSynonymSimilarity: similarity,
});

/**
 * The thresholds in `same-question.params.json` (written by scripts/fit-matcher.ts, reviewed like code).
 * Checked when first asked for rather than at import, so a bad edit fails in the tests with the key named.
 */
export function fittedMatcherParams(): MatcherParams {
  const parsed = PARAMS_SCHEMA.safeParse(fittedParams);
  if (!parsed.success)
    throw new Error(
      `same-question.params.json is not valid: ${parsed.error.issues.map(formatIssue).join('; ')}`,
    );
  return parsed.data;
}

function formatIssue(issue: z.ZodIssue): string {
  return `${issue.path.join('.')}: ${issue.message}`;
}

/**
 * Stop words that still decide what a question asks: "which city pays the *most*" and "...the least"
 * differ, as do "*before* certification" and "after". General English, not words of the guide.
 */
const MEANINGFUL_STOP_WORDS = new Set(['most', 'more', 'only', 'never', 'before', 'after', 'over', 'under']);

/** Comparison words that name no topic: "MAA vs MA" asks what "the difference between" does. */
const COMPARISON_WORDS = new Set(['vs', 'versus']);

/** Shortest stem that may be a prefix of a longer one ("certif" / "certifi"), and shortest typo'd word. */
const MIN_VARIANT_LENGTH = 5;
/** Shortest abbreviation ("org", "cert", "mgmt"), and how much longer the word it shortens must be. */
const MIN_ABBREVIATION_LENGTH = 3;
const MIN_ABBREVIATION_SAVING = 2;

interface ContentWord {
  word: string;
  stem: string;
}

interface Question {
  /** Content words in order, repeats kept (acronyms read initials of runs of them). */
  sequence: ContentWord[];
  stems: Set<string>;
}

export function createSameQuestionMatcher(tools: SameQuestionTools): SameQuestionMatcher {
  const params = tools.params ?? fittedMatcherParams();
  const areOpposites = (a: string, b: string) => tools.areOpposites?.(a, b) ?? false;

  const analyse = (text: string): Question => {
    const sequence = words(tools.rewrite ? tools.rewrite(text) : text)
      .filter((word) => isContentWord(word))
      .map((word) => ({ word, stem: stem(word) }));
    return { sequence, stems: new Set(sequence.map((w) => w.stem)) };
  };

  /**
   * How `word` and `other` can stand for each other in a question (acronyms aside): by their spelling
   * or WordNet ('related'), by GloVe alone ('similar'), or not at all (undefined).
   */
  const link = (word: string, other: string): 'related' | 'similar' | undefined => {
    if (areOpposites(word, other)) return undefined;
    // Typos and clipped forms are rarely in GloVe; when they are ("org" is a web domain) its
    // similarity says nothing about them, so these are checked on spelling alone.
    if (
      isTypo(word, other, tools) ||
      isAbbreviation(word, other, tools) ||
      isAbbreviation(other, word, tools)
    )
      return 'related';
    const similarity = tools.wordSimilarity(word, other);
    if (
      (isVariant(word, other) || isSynonym(word, other, tools)) &&
      (similarity === undefined || similarity >= params.minSynonymSimilarity)
    )
      return 'related';
    return similarity !== undefined && similarity >= params.minWordSimilarity ? 'similar' : undefined;
  };

  /**
   * Marks the words of `mine` that a word of `theirs` covers. A cover by GloVe alone must also be the
   * covering word's closest match among `mine`: "college" is closer to "school" than to "high", so it
   * covers "school" but leaves "high" in "high school" uncovered, as one word cannot stand for two.
   */
  const coverFrom = (mine: ContentWord[], covered: Set<string>, theirs: ContentWord[]) => {
    for (const w of mine) {
      if (covered.has(w.stem)) continue;
      const found = theirs.some((t) => {
        const kind = link(w.word, t.word);
        if (kind !== 'similar') return kind === 'related';
        const own = tools.wordSimilarity(w.word, t.word) ?? -1;
        return mine.every((rival) => rival === w || (tools.wordSimilarity(rival.word, t.word) ?? -1) <= own);
      });
      if (found) covered.add(w.stem);
    }
  };

  return {
    judge(a, b) {
      const score = cosineSimilarity(a.vector, b.vector);
      if (a.section !== undefined && b.section !== undefined && a.section !== b.section)
        return { same: false, score, uncovered: [], reason: 'section' };

      const qa = analyse(a.text);
      const qb = analyse(b.text);
      const onlyA = distinct(qa.sequence.filter((w) => !qb.stems.has(w.stem)));
      const onlyB = distinct(qb.sequence.filter((w) => !qa.stems.has(w.stem)));
      const coveredA = new Set<string>();
      const coveredB = new Set<string>();

      // 1. Acronyms: "MAAs" covers "medical administrative assistants" and is covered by them.
      coverAcronyms(onlyA, qb, coveredA, coveredB);
      coverAcronyms(onlyB, qa, coveredB, coveredA);

      // 2. Each remaining word against the other question's own words (a swapped word: degree/license).
      coverFrom(onlyA, coveredA, onlyB);
      coverFrom(onlyB, coveredB, onlyA);

      // 3. A word only one question adds, with nothing left on the other side to swap for, may just
      //    restate a shared word ("college degree" / "degree"). When both sides keep a word, they ask
      //    about different things and restating does not apply.
      let leftA = onlyA.filter((w) => !coveredA.has(w.stem));
      let leftB = onlyB.filter((w) => !coveredB.has(w.stem));
      if (leftA.length === 0 || leftB.length === 0) {
        const sharedA = qa.sequence.filter((w) => qb.stems.has(w.stem));
        const sharedB = qb.sequence.filter((w) => qa.stems.has(w.stem));
        coverFrom(leftA, coveredA, sharedB);
        coverFrom(leftB, coveredB, sharedA);
        leftA = leftA.filter((w) => !coveredA.has(w.stem));
        leftB = leftB.filter((w) => !coveredB.has(w.stem));
      }

      const uncovered = [...leftA, ...leftB].map((w) => w.word);
      if (uncovered.length > 0) return { same: false, score, uncovered, reason: 'words' };
      if (score < params.minSentenceSimilarity) return { same: false, score, uncovered, reason: 'meaning' };
      return { same: true, score, uncovered };
    },
  };
}

function isContentWord(word: string): boolean {
  if (COMPARISON_WORDS.has(word)) return false;
  if (isStopWord(word) && !MEANINGFUL_STOP_WORDS.has(word)) return false;
  return word.length > 1 || /\d/.test(word);
}

/** One entry per stem, first occurrence kept. */
function distinct(list: ContentWord[]): ContentWord[] {
  const seen = new Set<string>();
  return list.filter((w) => !seen.has(w.stem) && seen.add(w.stem));
}

/**
 * Marks an acronym of `mine` ("maa", "maas") covered when its letters are the initials of a run of two
 * or more consecutive content words of the other question, and marks that run's words covered too.
 */
function coverAcronyms(
  mine: ContentWord[],
  other: Question,
  coveredMine: Set<string>,
  coveredOther: Set<string>,
): void {
  for (const w of mine) {
    const letters = [w.word];
    if (w.word.length > 2 && w.word.endsWith('s')) letters.push(w.word.slice(0, -1));
    for (const acronym of letters) {
      const run = findInitials(acronym, other.sequence);
      if (!run) continue;
      coveredMine.add(w.stem);
      for (const word of run) coveredOther.add(word.stem);
      break;
    }
  }
}

function findInitials(acronym: string, sequence: ContentWord[]): ContentWord[] | undefined {
  if (acronym.length < 2 || /\d/.test(acronym)) return undefined;
  for (let start = 0; start + acronym.length <= sequence.length; start++) {
    const run = sequence.slice(start, start + acronym.length);
    if (run.every((w, i) => w.word[0] === acronym[i])) return run;
  }
  return undefined;
}

/** Inflections and derivations the stemmer leaves apart: "certified" / "certification", "directly". */
function isVariant(a: string, b: string): boolean {
  const [short, long] = [stem(a), stem(b)].sort((x, y) => x.length - y.length) as [string, string];
  return short.length >= MIN_VARIANT_LENGTH && long.startsWith(short);
}

function isSynonym(a: string, b: string, tools: SameQuestionTools): boolean {
  const stemA = stem(a);
  const stemB = stem(b);
  return (
    tools.synonyms(a).some((s) => s === b || stem(s) === stemB) ||
    tools.synonyms(b).some((s) => s === a || stem(s) === stemA)
  );
}

/**
 * A misspelling of the other word ("certifcation", "acredited"): one edit apart (two for long words),
 * the misspelt one unknown to GloVe and WordNet, so that real words one letter apart ("CMA" / "CMAA" are
 * too short anyway; "cost" / "most") never count.
 */
function isTypo(a: string, b: string, tools: SameQuestionTools): boolean {
  const unknown = (w: string) => tools.wordSimilarity(w, w) === undefined && tools.senseCount(w) === 0;
  if (!unknown(a) && !unknown(b)) return false;
  if (unknown(a) && unknown(b)) return false;
  const x = stem(a);
  const y = stem(b);
  if (Math.min(x.length, y.length) < MIN_VARIANT_LENGTH) return false;
  const allowed = Math.min(x.length, y.length) >= 8 ? 2 : 1;
  return editDistance(x, y, allowed) <= allowed;
}

/**
 * Whether `short` abbreviates `long`: "org" / "organization", "cert" / "certification", "mgmt" /
 * "management" (same first letter, its letters in order inside the longer word). The short form must
 * be one WordNet barely knows (at most one sense), so that a word in its own right ("car" / "career",
 * "man" / "manager") is not read as a shortening.
 */
function isAbbreviation(short: string, long: string, tools: SameQuestionTools): boolean {
  if (short.length < MIN_ABBREVIATION_LENGTH || long.length < short.length + MIN_ABBREVIATION_SAVING)
    return false;
  if (short[0] !== long[0] || /\d/.test(short) || tools.senseCount(short) > 1) return false;
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(best);
    }
  }
  return rows[a.length]![b.length]!;
}

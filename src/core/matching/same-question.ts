import { cosineSimilarity } from '../words/vectors.js';
import { fittedMatcherParams, type MatcherParams } from './matcher-params.js';
import { distinctStems, extractQuestionWords, findAcronymRun, type ContentWord } from './question-words.js';
import { isAbbreviation, isSynonym, isTypo, isVariant, type WordLookup } from './word-links.js';

/**
 * Decides whether two questions ask the same thing, so that a moderator's pinned answer is served only
 * to a question it answers. Sentence embeddings alone cannot do it: "Do medical administrative
 * assistants need a degree?" and "...need a license?" differ in one word and score 0.86 with USE-lite.
 * So two conditions must hold:
 *
 * 1. the questions mean about the same overall (sentence cosine at or above a floor), and
 * 2. every content word that one question has and the other lacks is *covered* by a word of the other.
 *    One uncovered content word ("license" against "degree") means the questions differ.
 *
 * Words both questions share do not matter, nor do stop words and chat filler (`isStopWord`), except
 * the few function words that turn a question around ("most", "more", "only", "before", ...).
 *
 * A word covers another when it has the same stem, is a morphological variant or a typo of it, an
 * abbreviation of it ("mgmt", "cert"), a WordNet synonym, or a word GloVe puts close to it; an acronym
 * ("MAA") covers the words whose initials it spells, and they cover it. GloVe scores words by shared
 * contexts, so three guards apply to a cover by GloVe alone:
 *
 * - WordNet opposites never cover each other ("highest" / "lowest" are 0.85 in GloVe);
 * - nor do two nouns of which neither is a synonym or a kind of the other ("school" / "college" 0.89,
 *   "hospital" / "office" 0.63: different places, as "certification" and "license" are different papers);
 * - one word covers one: a word covers only the word of the other question it is closest to.
 *
 * A word one question adds with nothing to swap it for in the other (a pure addition) is covered only
 * when it restates the shared word right after it ("a *college* degree" for "a degree"); "a *state*
 * license" is not "a license", and "*dental* offices" is not "hospitals".
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
  /** The guide section the question retrieves to; when both questions have one, they must be equal. */
  section?: string;
}

/** The word tools the matcher works with; `loadSameQuestionTools` loads the real ones. */
export interface SameQuestionTools extends WordLookup {
  /** Whether WordNet records the words as opposites (`WordRelations.areOpposites`); never, without it. */
  areOpposites?(a: string, b: string): boolean;
  /**
   * For two nouns, whether one is the other or a kind of it ('linked') or neither ('unlinked')
   * (`WordRelations.kindRelation`). Without it, GloVe alone decides between nouns.
   */
  kindRelation?(a: string, b: string): 'linked' | 'unlinked' | undefined;
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
  /**
   * Content words of either question that nothing in the other covers; empty when `same`, and when the
   * sections or the sentence cosine already decided (the words are not compared then).
   */
  uncovered: string[];
  /** How each differing word that is covered was covered, for logs ("why was this pin reused?"). */
  covers: WordCover[];
  /** Set when `same` is false. */
  reason?: DifferenceReason;
}

/** A content word of one question that a word of the other stands for. */
export interface WordCover {
  word: string;
  by: string;
  /**
   * 'acronym': initials ("MAA"); 'related': spelling (variant, typo, abbreviation) or a WordNet synonym;
   * 'glove': GloVe similarity alone; 'modifier': restates the shared word it modifies ("college degree").
   */
  how: 'acronym' | 'related' | 'glove' | 'modifier';
}

export interface SameQuestionMatcher {
  judge(a: QuestionFeatures, b: QuestionFeatures): SameQuestionVerdict;
}

/** How one word can stand for another: by spelling or WordNet ('related'), or by GloVe alone ('similar'). */
type Link = 'related' | 'similar';

export function createSameQuestionMatcher(tools: SameQuestionTools): SameQuestionMatcher {
  const params = tools.params ?? fittedMatcherParams();

  const analyse = (text: string) => extractQuestionWords(tools.rewrite ? tools.rewrite(text) : text);

  const link = (word: string, other: string): Link | undefined => {
    if (tools.areOpposites?.(word, other)) return undefined;
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
   * Whether `word` (of `mine`) can be swapped for `other`. By GloVe alone only if the two are not
   * different kinds of thing, and if `other` is closer to `word` than to any other word of `mine`:
   * "college" is closer to "school" than to "high", so it covers "school" and leaves "high" uncovered.
   */
  const swap = (word: ContentWord, other: ContentWord, mine: ContentWord[]): Link | undefined => {
    const kind = link(word.word, other.word);
    if (kind !== 'similar') return kind;
    if (tools.kindRelation?.(word.word, other.word) === 'unlinked') return undefined;
    const own = tools.wordSimilarity(word.word, other.word) ?? -1;
    const closest = mine.every(
      (rival) => rival === word || (tools.wordSimilarity(rival.word, other.word) ?? -1) <= own,
    );
    return closest ? kind : undefined;
  };

  return {
    judge(a, b) {
      const score = cosineSimilarity(a.vector, b.vector);
      if (a.section !== undefined && b.section !== undefined && a.section !== b.section)
        return { same: false, score, uncovered: [], covers: [], reason: 'section' };
      // Checked before the words, so that screening many pins costs one dot product each.
      if (score < params.minSentenceSimilarity)
        return { same: false, score, uncovered: [], covers: [], reason: 'meaning' };

      const qa = analyse(a.text);
      const qb = analyse(b.text);
      const onlyA = distinctStems(qa.sequence.filter((w) => !qb.stems.has(w.stem)));
      const onlyB = distinctStems(qb.sequence.filter((w) => !qa.stems.has(w.stem)));
      const covers = new Map<string, WordCover>();
      const cover = (w: ContentWord, by: ContentWord, how: WordCover['how']) => {
        if (!covers.has(w.stem)) covers.set(w.stem, { word: w.word, by: by.word, how });
      };
      const left = (list: ContentWord[]) => list.filter((w) => !covers.has(w.stem));

      // 1. Acronyms: "MAAs" covers "medical administrative assistants" and is covered by them. Those
      //    words are spoken for: they cover nothing else ("california" is not "medical").
      for (const [mine, other] of [
        [onlyA, qb],
        [onlyB, qa],
      ] as const)
        for (const w of mine) {
          const run = findAcronymRun(w.word, other.sequence);
          if (!run) continue;
          cover(w, run[0]!, 'acronym');
          for (const word of run) cover(word, w, 'acronym');
        }
      const freeA = left(onlyA);
      const freeB = left(onlyB);

      // 2. A word swapped for one of the other question's own words: "cheap" for "affordable", but not
      //    "license" for "degree".
      for (const [mine, theirs] of [
        [freeA, freeB],
        [freeB, freeA],
      ] as const)
        for (const w of mine)
          for (const t of theirs) {
            const how = swap(w, t, mine);
            if (!how) continue;
            cover(w, t, how === 'related' ? 'related' : 'glove');
            break;
          }

      // 3. A word only one question adds may restate the shared word it modifies ("a college degree"
      //    for "a degree"). Only when the other question has nothing left over: if both do, they ask
      //    about different things ("dental offices" for "hospitals" leaves "dental").
      const [leftA, leftB] = [left(freeA), left(freeB)];
      if (leftA.length === 0 || leftB.length === 0) {
        for (const [list, own, other] of [
          [leftA, qa, qb],
          [leftB, qb, qa],
        ] as const)
          for (const w of list) {
            // The modified word follows directly: "college degree", not "receive on-the-job".
            const head = own.sequence[w.at + 1];
            if (head?.token === w.token + 1 && other.stems.has(head.stem) && link(w.word, head.word))
              cover(w, head, 'modifier');
          }
      }

      const uncovered = [...left(freeA), ...left(freeB)].map((w) => w.word);
      const verdict = { score, uncovered, covers: [...covers.values()] };
      return uncovered.length > 0 ? { same: false, ...verdict, reason: 'words' } : { same: true, ...verdict };
    },
  };
}

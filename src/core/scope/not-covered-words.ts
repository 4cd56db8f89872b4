import { stem } from '../words/text.js';
import type { WordVectors } from '../words/word-vectors.js';
import { contentWordsOf } from './judge-scope.js';

/** A question word echoes a listed question's word when GloVe puts them at least this close. */
const ECHO_FLOOR = 0.5;

/** One not-covered question's nouns the guide never uses (the topic the guide lacks: "cop", "plumbers"). */
interface Foreign {
  words: readonly string[];
  stems: readonly string[];
}

/**
 * Which of the questions the guide's maintainers list as not covered speak to a member's question.
 *
 * A listed question is not covered because of what it asks about: "is being a cop stressful" names a job
 * the guide never mentions. Its likeness to "is it stressful lol" is the shared frame, not the missing
 * topic, so it is evidence against the member's question only when that question names the same topic
 * (the same word, or one GloVe puts close: "police officer"). A listed question whose words are all the
 * guide's ("how long does CMAA training take") is out of scope for what it asks, and always counts.
 */
export class NotCoveredWords {
  private constructor(
    private readonly foreign: readonly Foreign[],
    private readonly vectors: WordVectors | undefined,
  ) {}

  /**
   * A listed question's topic is the nouns in it the guide never uses (`isGuideWord`: the guide's own
   * words, stemmed; no synonyms, which would make "cop" the guide's "get"). Other words it lacks
   * ("stressful") are the frame members ask in, shared with questions the guide does answer.
   */
  static build(
    questions: readonly string[],
    vocabulary: { isGuideWord(word: string): boolean; isNoun(word: string): boolean },
    vectors: WordVectors | undefined,
  ): NotCoveredWords {
    const foreign = questions.map((question) => {
      const words = contentWordsOf(question).filter(
        (word) => !vocabulary.isGuideWord(word) && vocabulary.isNoun(word),
      );
      return { words, stems: words.map(stem) };
    });
    return new NotCoveredWords(foreign, vectors);
  }

  /** Per listed question, in order: whether it counts as evidence about `question`. */
  applicable(question: string): boolean[] {
    const asked = contentWordsOf(question);
    const stems = new Set(asked.map(stem));
    const echoes = (word: string) =>
      asked.some((other) => (this.vectors?.similarity(word, other) ?? -1) >= ECHO_FLOOR);
    return this.foreign.map(
      (listed) =>
        listed.stems.length === 0 || listed.stems.some((s) => stems.has(s)) || listed.words.some(echoes),
    );
  }
}

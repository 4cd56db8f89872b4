import { isStopWord, words } from '../words/text.js';

/**
 * Is a question English? The guide is English and so are the answers; a question in another language
 * gets a short "I answer in English" from the front ends instead of a made-up answer.
 *
 * The n-gram guess is the `eld` package (Nito-ELD, offline, 60 languages), the most accurate of the
 * offline detectors measured on short Discord questions (franc and tinyld call half of them Italian,
 * Somali or Tagalog). No detector is sure about three words of slang, so a question is 'other' only
 * when the evidence is clear, since telling a member who wrote English "I answer in English" is worse
 * than answering a foreign question from the English guide:
 *
 * - a question written mostly in another script (Cyrillic, Chinese, Arabic...) is 'other';
 * - otherwise eld must name one language other than English, say its guess is reliable and put that
 *   language well ahead of English ({@link MIN_EVIDENCE}), on a text of at least {@link MIN_WORDS} words
 *   once acronyms ("MAA"), words without a vowel ("wfh", "cpc") and numbers are left out, since
 *   they belong to no language;
 * - and few of its words may be common English words ({@link isStopWord}: function words and chat
 *   filler like "lol", "pls", "ur"), which eld's letter statistics miss in "hs diploma ok?".
 *
 * Everything else is 'en'; 'unknown' is a text without a letter.
 */

/** What {@link LanguageDetector.detect} decides. */
export interface LanguageGuess {
  /** 'other' only on clear evidence; 'unknown' when there is no letter to judge. */
  language: 'en' | 'other' | 'unknown';
  /**
   * How sure the guess is, from 0 to 1: 0 for 'unknown'; for 'en', 1 less the evidence for another
   * language, so a low value means the text was too short or too mixed to tell and English is the default.
   */
  confidence: number;
}

/** Tells English questions from others; `detect` is synchronous and pure once loaded. */
export interface LanguageDetector {
  detect(text: string): LanguageGuess;
}

/** Words (acronyms and numbers left out) a text needs before its n-gram guess can make it 'other'. */
const MIN_WORDS = 2;
/** A lead over English (eld's scores, 0 to 1) this large or larger counts as full evidence. */
const FULL_MARGIN = 0.25;
/** At this share of common English words or more, a text is English whatever its letters suggest. */
const MAX_ENGLISH_SHARE = 0.5;
/** The smallest evidence (0 to 1) that makes a text 'other': a lead of 0.1 with no English word. */
const MIN_EVIDENCE = 0.4;

/** Upper-case tokens of 2 to 6 letters, optionally plural: MAA, CMAA, CPCs, HIPAA. */
const ACRONYM = /(?<![\p{L}\p{N}])\p{Lu}{2,6}s?(?![\p{L}\p{N}])/gu;
/** Words without a vowel are chat abbreviations in English: wfh, hrs, cpc, tbh, pls, rn. */
const NO_VOWEL = /(?<![\p{L}\p{N}])[b-df-hj-np-tv-xz]+(?![\p{L}\p{N}])/giu;
/** Tokens holding a digit: 2030, any1, 4, $44,460. */
const WITH_DIGIT = /[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*/gu;

/** The part of eld's API used here (its typings are a union of the static and dynamic entries). */
interface NgramDetector {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
}

/** Decides from the text and an n-gram detector (see the module comment for the rules). */
export function createLanguageDetector(ngrams: NgramDetector): LanguageDetector {
  return {
    detect(text) {
      const letters = text.match(/\p{L}/gu) ?? [];
      if (letters.length === 0) return { language: 'unknown', confidence: 0 };
      const latin = letters.filter((letter) => /\p{Script=Latin}/u.test(letter)).length;
      const otherScript = 1 - latin / letters.length;
      if (otherScript > 0.5) return { language: 'other', confidence: round(otherScript) };

      const judged = text.replace(ACRONYM, ' ').replace(NO_VOWEL, ' ').replace(WITH_DIGIT, ' ');
      const tokens = words(judged);
      const englishShare = tokens.length ? tokens.filter(isStopWord).length / tokens.length : 0;
      const guess = ngrams.detect(judged);
      const scores = guess.getScores();
      const margin = (scores[guess.language] ?? 0) - (scores.en ?? 0);
      // Evidence for another language grows with its lead over English and shrinks with every common
      // English word; an unreliable guess counts half.
      const evidence =
        guess.language === '' || guess.language === 'en'
          ? 0
          : Math.min(1, Math.max(0, margin) / FULL_MARGIN) *
            (1 - englishShare) *
            (guess.isReliable() ? 1 : 0.5);
      const clear =
        guess.isReliable() &&
        tokens.length >= MIN_WORDS &&
        englishShare < MAX_ENGLISH_SHARE &&
        evidence >= MIN_EVIDENCE;
      return clear
        ? { language: 'other', confidence: round(evidence) }
        : { language: 'en', confidence: round(1 - evidence) };
    },
  };
}

let loading: Promise<LanguageDetector> | undefined;

/**
 * Loads eld's 'small' n-gram database once per process and returns the detector; later calls share
 * it. Parsing the database takes one to three seconds, so it happens on first use (or warm-up), never
 * at import. 'small' is as accurate as 'large' on the questions measured, at a third of its memory.
 */
export function loadLanguageDetector(): Promise<LanguageDetector> {
  loading ??= (async () => {
    const { eld } = await import('eld');
    if (!('load' in eld)) throw new Error('eld: the dynamic entry (with load) was expected');
    const instance = eld.newInstance();
    await instance.load('small');
    return createLanguageDetector(instance);
  })().catch((error: unknown) => {
    loading = undefined;
    throw new Error('could not load the language detector (eld)', { cause: error });
  });
  return loading;
}

/** Whether `text` is English, by the shared detector (see the module comment for the rules). */
export async function detectLanguage(text: string): Promise<LanguageGuess> {
  return (await loadLanguageDetector()).detect(text);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

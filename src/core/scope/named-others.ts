import { isStopWord, stem, words } from '../words/text.js';
import type { GuideVocabulary } from './judge-scope.js';

/*
 * Evidence that a question names someone or something the guide does not write about: the scope
 * model's `unknownNamed`, `otherCompound` and `askedOther` features.
 */

/** True when two adjacent words of the question are a multi-word noun the guide never writes. */
export function namesOtherCompound(question: string, vocabulary: GuideVocabulary): boolean {
  const tokens = words(question);
  return tokens.some(
    (token, i) =>
      i > 0 &&
      !isStopWord(tokens[i - 1]!) &&
      !isStopWord(token) &&
      (vocabulary.isOtherCompound?.(tokens[i - 1]!, token) ?? false),
  );
}

/** Words before a person that make them part of the asker's story rather than whom the question is about. */
const POSSESSIVES = new Set(['my', 'our', 'his', 'her', 'their']);
const BEING = new Set(['im', 'am', 'was', 'been', 'being', 'as']);
/** How many classifying words before a person the phrase may hold ("certified dental assistant"). */
const MAX_MODIFIERS = 2;

/**
 * True when the question asks about an occupation the guide does not write about: one the guide never
 * names ("phlebotomists"), or one after a classifier the guide never writes beside it ("dental
 * assistant", "vet assistant"). A person after a possessive ("my son") or after "I'm a", "as
 * a" ("as a cashier") is the asker's story, not the question's subject.
 */
export function asksAboutOtherOccupation(question: string, vocabulary: GuideVocabulary): boolean {
  const tokens = words(question);
  return tokens.some((head, i) => {
    if (isStopWord(head) || !(vocabulary.isOccupation?.(head) ?? false)) return false;
    // A person word before a place names the place ("dentist office"), not a person; before pay or
    // training it is still the person ("phlebotomist salary").
    const next = tokens[i + 1];
    if (next !== undefined && !isStopWord(next) && (vocabulary.isPlace?.(next) ?? false)) return false;
    let start = i;
    while (start > 0 && i - start < MAX_MODIFIERS && !isStopWord(tokens[start - 1]!)) start--;
    const modifier = i > start ? tokens[i - 1]! : undefined;
    const classified = modifier !== undefined && (vocabulary.isClassifier?.(modifier) ?? false);
    // A word that is more often a verb ("hires", "nurse") is a person only after a classifying
    // adjective or verb ("travel nurses"), not after a noun ("workplace hires").
    if (vocabulary.nounShare(head) < 0.5 && !(classified && vocabulary.nounShare(modifier) < 0.5))
      return false;
    const before = tokens[start - 1];
    if (before !== undefined && POSSESSIVES.has(before)) return false;
    if ((before === 'a' || before === 'an') && BEING.has(tokens[start - 2] ?? '')) return false;
    if (vocabulary.frequencyOf(stem(head)) === 0) return true;
    return classified && !(vocabulary.writesPair?.(modifier, head) ?? true);
  });
}

/** True when the word appears capitalised after the question's first word, or in capitals ("RN", "PTO"). */
export function namedIn(question: string, word: string): boolean {
  const tokens = question.match(/[\p{L}\p{N}]+/gu) ?? [];
  return tokens.some(
    (token, i) =>
      token.toLowerCase() === word && (/^\p{Lu}{2,}s?$/u.test(token) || (i > 0 && /^\p{Lu}/u.test(token))),
  );
}

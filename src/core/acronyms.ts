import { isStopWord, words } from './text.js';

/**
 * Acronyms readers coin for the guide's own phrases ("MAA" for medical administrative assistant,
 * "BLS" for Bureau of Labor Statistics), learned from the guide itself: the initials of every run of
 * two to four content words (a single stop word may sit between two of them) that occurs at least twice. Hand-written: no library does this.
 */
export type AcronymTable = ReadonlyMap<string, string>;

const MIN_OCCURRENCES = 2;

export function buildAcronyms(texts: readonly string[], vocabulary: ReadonlySet<string>): AcronymTable {
  const counts = new Map<string, Map<string, number>>();
  for (const text of texts) {
    const tokens = words(text);
    // Content words with their positions; a run may step over one stop word ("Bureau of Labor Statistics").
    const content = tokens
      .map((word, at) => ({ word, at }))
      .filter(({ word }) => !isStopWord(word) && !/^\d/.test(word));
    for (let start = 0; start < content.length; start++) {
      for (let length = 2; length <= 4 && start + length <= content.length; length++) {
        const run = content.slice(start, start + length);
        const last = run[run.length - 1]!;
        const previous = run[run.length - 2]!;
        if (last.at - previous.at > 2 || /^\d/.test(tokens[previous.at + 1] ?? '')) break;
        const initials = run.map(({ word }) => word[0]).join('');
        const phrase = run.map(({ word }) => word).join(' ');
        const phrases = counts.get(initials) ?? new Map<string, number>();
        phrases.set(phrase, (phrases.get(phrase) ?? 0) + 1);
        counts.set(initials, phrases);
      }
    }
  }
  const table = new Map<string, string>();
  for (const [initials, phrases] of counts) {
    // A word the guide uses as itself ("cma", "aama") is not re-read as someone else's acronym.
    if (vocabulary.has(initials)) continue;
    const [phrase, count] = [...phrases.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (count >= MIN_OCCURRENCES) table.set(initials, phrase);
  }
  return table;
}

/**
 * Spells out acronyms of the guide's phrases in a question: "what do MAAs make?" becomes
 * "what do medical administrative assistants make?". Only all-capital tokens (or the same with a plural
 * "s") are read as acronyms, so ordinary words are never rewritten.
 */
export function expandAcronyms(question: string, table: AcronymTable): string {
  if (table.size === 0) return question;
  return question.replace(/\b([A-Z]{2,5})(s?)\b/g, (token, letters: string, plural: string) => {
    const phrase = table.get(letters.toLowerCase());
    if (!phrase) return token;
    return plural && !phrase.endsWith('s') ? `${phrase}s` : phrase;
  });
}

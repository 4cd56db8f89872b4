import { isStopWord, stem, terms, words } from '../words/text.js';

/**
 * Acronyms readers coin for the guide's own phrases ("MAA" for medical administrative assistant,
 * "BLS" for Bureau of Labor Statistics, "wfh" for work from home), learned from the guide and the
 * questions its readers ask of it: the initials of every run of two to four content words (a single stop
 * word may sit between two of them, with its initial or without) that occurs at least twice.
 * Hand-written: no library does this.
 *
 * Initials can stand for several phrases ("hs": high school, healthcare support). The table maps each
 * to its most frequent phrase, and keeps, for initials with several meanings, where each meaning occurs,
 * so that the question's other words choose between them (`expandAcronyms`).
 */
export interface AcronymTable extends ReadonlyMap<string, string> {
  /** For initials with more than one meaning: each meaning with the words of the texts it occurs in. */
  readonly meanings: ReadonlyMap<string, readonly AcronymMeaning[]>;
}

export interface AcronymMeaning {
  phrase: string;
  /** How often the meaning's phrases occur. */
  count: number;
  /** Stemmed words of the texts the phrase occurs in. */
  context: ReadonlySet<string>;
}

const MIN_OCCURRENCES = 2;
/** Words are compared on this many first letters: "admin" is "administrative" clipped, "med" "medical". */
const CLIPPED = 3;
/** A meaning this many times as frequent as the next is the acronym's meaning whatever the question says. */
const DOMINANCE = 2;

interface Run {
  initials: string;
  phrase: string;
}

export function buildAcronyms(texts: readonly string[], vocabulary: ReadonlySet<string>): AcronymTable {
  const runsOf = texts.map(readRuns);
  const counts = new Map<string, Map<string, number>>();
  for (const runs of runsOf)
    for (const { initials, phrase } of runs) {
      const phrases = counts.get(initials) ?? new Map<string, number>();
      phrases.set(phrase, (phrases.get(phrase) ?? 0) + 1);
      counts.set(initials, phrases);
    }
  const table = new Map<string, string>();
  // Initials with several meanings, and the meaning (its group key) of each of their phrases.
  const groupOf = new Map<string, Map<string, string>>();
  for (const [initials, phrases] of counts) {
    // A word the guide uses as itself ("cma", "aama") is not re-read as someone else's acronym.
    if (vocabulary.has(initials)) continue;
    const [phrase, count] = [...phrases.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (count < MIN_OCCURRENCES) continue;
    table.set(initials, phrase);
    const groups = groupMeanings(phrases);
    if (new Set(groups.values()).size > 1) groupOf.set(initials, groups);
  }
  // Where each meaning of an ambiguous acronym occurs: the stemmed words of those texts.
  const contexts = new Map<string, Map<string, Set<string>>>();
  texts.forEach((text, i) => {
    let stems: string[] | undefined;
    for (const { initials, phrase } of runsOf[i]!) {
      const group = groupOf.get(initials)?.get(phrase);
      if (group === undefined) continue;
      stems ??= terms(text);
      const byGroup = contexts.get(initials) ?? new Map<string, Set<string>>();
      const words = byGroup.get(group) ?? new Set<string>();
      for (const s of stems) words.add(s);
      byGroup.set(group, words);
      contexts.set(initials, byGroup);
    }
  });
  const meanings = new Map<string, AcronymMeaning[]>();
  for (const [initials, groups] of groupOf) {
    const phrases = counts.get(initials)!;
    const named = new Map<string, { phrase: string; best: number; count: number }>();
    for (const [phrase, group] of groups) {
      const count = phrases.get(phrase)!;
      const meaning = named.get(group) ?? { phrase, best: 0, count: 0 };
      if (meaning.best < count) Object.assign(meaning, { phrase, best: count });
      meaning.count += count;
      named.set(group, meaning);
    }
    meanings.set(
      initials,
      [...named]
        .map(([group, { phrase, count }]) => ({
          phrase,
          count,
          context: contexts.get(initials)?.get(group) ?? new Set<string>(),
        }))
        .sort((a, b) => b.count - a.count),
    );
  }
  return Object.assign(table, { meanings });
}

/** The runs of two to four content words of a text, with their initials. */
function readRuns(text: string): Run[] {
  const runs: Run[] = [];
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
      runs.push({
        initials: run.map(({ word }) => word[0]).join(''),
        phrase: run.map(({ word }) => word).join(' '),
      });
      // "work from home" is "wfh": the stop word inside a run may give its initial too.
      const span = tokens.slice(run[0]!.at, last.at + 1);
      if (span.length > run.length)
        runs.push({ initials: span.map((word) => word[0]).join(''), phrase: span.join(' ') });
    }
  }
  return runs;
}

/**
 * The meaning of each phrase that occurs at least twice, as a key: its words stemmed and compared on
 * their first letters, so "medical administrative assistants" and "medical admin assistant" are one.
 */
function groupMeanings(phrases: ReadonlyMap<string, number>): Map<string, string> {
  const groups = new Map<string, string>();
  for (const [phrase, count] of phrases) {
    if (count < MIN_OCCURRENCES) continue;
    groups.set(
      phrase,
      phrase
        .split(' ')
        .map((word) => stem(word).slice(0, CLIPPED))
        .join(' '),
    );
  }
  return groups;
}

/**
 * The phrase an acronym of the question stands for. With one meaning, or one far more frequent than the
 * others ("MAA"), that one. With several, the one
 * whose texts share the most of the question's other words ("HS diploma": the guide's "high school
 * diploma"); when none or several share the most, the acronym is left as typed rather than guessed.
 */
function readAcronym(
  table: AcronymTable,
  initials: string,
  question: () => readonly string[],
): string | undefined {
  const options = table.meanings.get(initials);
  if (!options) return table.get(initials);
  if (options[0]!.count >= DOMINANCE * (options[1]?.count ?? 0)) return options[0]!.phrase;
  const others = question().filter((term) => term !== initials);
  const scored = options.map((o) => ({
    phrase: o.phrase,
    shared: others.filter((term) => o.context.has(term)).length,
  }));
  const best = Math.max(...scored.map((s) => s.shared));
  const top = scored.filter((s) => s.shared === best);
  return best > 0 && top.length === 1 ? top[0]!.phrase : undefined;
}

/**
 * Spells out acronyms of the guide's phrases in a question: "what do MAAs make?" becomes
 * "what do medical administrative assistants make?". All-capital tokens (or the same with a plural "s")
 * are read as acronyms, but not those `hasOwnMeaning` says are common in English already: "AI" and "RN"
 * are not the guide's "assistants including" and "resources networking", whose initials they share.
 * A token typed in lower case ("can i wfh", "what hs classes") is read as one only when `isCoined` says
 * it is no common word (not among English's most frequent, not the guide's), so ordinary words are
 * never rewritten.
 */
export function expandAcronyms(
  question: string,
  table: AcronymTable,
  hasOwnMeaning: (word: string) => boolean = () => false,
  isCoined: (word: string) => boolean = () => false,
): string {
  if (table.size === 0) return question;
  // The question's words, read only when an acronym with several meanings needs them.
  let asked: string[] | undefined;
  const read = (initials: string) => readAcronym(table, initials, () => (asked ??= terms(question)));
  const capitals = question.replace(/\b([A-Z]{2,5})(s?)\b/g, (token, letters: string, plural: string) => {
    if (hasOwnMeaning(letters.toLowerCase())) return token;
    const phrase = read(letters.toLowerCase());
    if (!phrase) return token;
    return plural && !phrase.endsWith('s') ? `${phrase}s` : phrase;
  });
  return capitals.replace(/\b[A-Za-z][a-z]{1,5}\b/g, (token) => {
    const lower = token.toLowerCase();
    if (!isCoined(lower)) return token;
    // "maas" is the plural of "maa" before it is the initials of four words, as "MAAs" is. Not a token
    // of three letters: "pls" is chat for please, not the plural of "pl" ("pay less").
    const singular = lower.length >= 4 && lower.endsWith('s') ? read(lower.slice(0, -1)) : undefined;
    if (singular) return singular.endsWith('s') ? singular : `${singular}s`;
    return read(lower) ?? token;
  });
}

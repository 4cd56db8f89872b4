import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/**
 * Text normalisation shared by lexical retrieval, out-of-scope detection and sentence selection.
 * Hand-written because LangChain's BM25Retriever only lower-cases and splits on spaces, which keeps
 * punctuation ("salary?") and cannot match "salaries" to "salary"; stemming is the `stemmer` package.
 */

/** Words that carry no topic: English stop words plus question and filler words. */
/**
 * Verbs the `stopword` list drops but that carry the question here: "how much do they *make*",
 * "which exam should I *take*".
 */
const KEPT_VERBS = new Set(['make', 'take', 'come', 'came']);

/**
 * Chat filler and function words people type in Discord that name no topic ("is it gonna be a problem",
 * "does anyone", "lol"). General English, not words of the guide.
 */
const CHAT_FILLER = [
  'anyone',
  'anybody',
  'anything',
  'everyone',
  'everybody',
  'everything',
  'someone',
  'somebody',
  'something',
  'nothing',
  'nobody',
  'whether',
  'ever',
  'once',
  'yet',
  'already',
  'actually',
  'basically',
  'honestly',
  'literally',
  'realistically',
  'eventually',
  'probably',
  'maybe',
  'perhaps',
  'kinda',
  'sorta',
  'gonna',
  'wanna',
  'gotta',
  'gimme',
  'lemme',
  'lol',
  'lmao',
  'btw',
  'tbh',
  'imo',
  'idk',
  'ok',
  'okay',
  'hey',
  'hi',
  'thanks',
  'thank',
  'pls',
  'plz',
  'u',
  'ur',
  'thats',
  'theres',
  'wheres',
  'whos',
  'whys',
  'ill',
  'isnt',
  'arent',
  'didnt',
  'cant',
  'wont',
  'wouldnt',
  'shouldnt',
  'couldnt',
  'even',
  'quite',
  'pretty',
  'else',
  'etc',
  'stuff',
  'people',
  'person',
  'guys',
  'folks',
  'one',
  'ones',
  'bit',
  'bunch',
  'kind',
  'sort',
];

const STOP_WORDS = new Set<string>([
  ...eng.filter((word) => !KEPT_VERBS.has(word)),
  ...CHAT_FILLER,
  'what',
  'whats',
  'which',
  'who',
  'whom',
  'whose',
  'when',
  'where',
  'why',
  'how',
  'hows',
  'do',
  'does',
  'did',
  'doing',
  'can',
  'could',
  'would',
  'should',
  'shall',
  'will',
  'may',
  'might',
  'must',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'am',
  'im',
  'ive',
  'id',
  'youre',
  'theyre',
  'dont',
  'doesnt',
  'i',
  'me',
  'my',
  'you',
  'your',
  'we',
  'our',
  'us',
  'they',
  'them',
  'their',
  'it',
  'its',
  'this',
  'that',
  'these',
  'those',
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'if',
  'then',
  'so',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'from',
  'by',
  'about',
  'any',
  'some',
  'there',
  'here',
  'get',
  'got',
  'also',
  'just',
  'really',
  'please',
  'tell',
  'know',
  'like',
  'want',
  'thing',
  'things',
  'much',
  'many',
  'lot',
  'lots',
  'kind',
  'sort',
  'type',
  'types',
  'way',
  'ways',
]);

/** Lower-case word and number tokens; "$44,460" -> "44460", "15%" -> "15", "don’t" -> "dont". */
export function words(text: string): string[] {
  const normalized = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’'`]/g, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    // "15%" and "what percent" meet on one word.
    .replace(/%/g, ' percent ');
  return normalized.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Upper-cases the first letter, as a sentence would start (the encoder was trained on edited text). */
export function sentenceCase(text: string): string {
  return text.replace(/^\s*\p{Ll}/u, (letter) => letter.toUpperCase());
}

/** Porter stem of one lower-case word (numbers are kept as they are). */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = /^\d/.test(word) ? word : stemmer(word);
    // Forgetting them all now and then bounds the memory whatever members type.
    if (stems.size >= STEMS_KEPT) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Stems already computed: every answer stems the same guide sentences' words and their synonyms again
 * (the Porter stemmer was ~0.5 ms of main-thread time per answer). Stemming is a pure function of the
 * word, so a kept stem is the one it would compute.
 */
const stems = new Map<string, string>();
const STEMS_KEPT = 50_000;

/** Content terms of a text: words without stop words, stemmed. */
export function terms(text: string): string[] {
  return words(text)
    .filter((word) => !isStopWord(word) && (word.length > 1 || /\d/.test(word)))
    .map(stem);
}

/**
 * Splits text into sentences (and list items), each a substring of the input so it can be quoted
 * word for word. Abbreviations like "U.S." and numbers like "15.2%" are not sentence ends.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const block of text.split(/\n+/)) {
    const line = block.replace(/^\s*[-*+]\s+/, '').trim();
    if (!line) continue;
    // End at . ! ? followed by space + capital/quote/digit, but not after a single capital (U.S.), "e.g", "vs".
    const pattern = /(?<!\b(?:[A-Z]|e\.g|i\.e|vs|etc|Dr|Mr|Mrs|Ms|St))([.!?])\s+(?=["“(\p{Lu}\d$])/gu;
    let start = 0;
    for (const match of line.matchAll(pattern)) {
      const end = (match.index ?? 0) + match[1]!.length;
      sentences.push(line.slice(start, end).trim());
      start = end;
    }
    const rest = line.slice(start).trim();
    if (rest) sentences.push(rest);
  }
  return sentences.filter((sentence) => sentence.length > 0);
}

/**
 * Text as two quotations of the guide are compared: without a list marker, markdown emphasis or runs
 * of spaces (a sentence copied from the guide matches the unit the answer quotes).
 */
export function comparableText(text: string): string {
  return text
    .replace(/^\s*[-*+]\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

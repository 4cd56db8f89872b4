import { terms, words } from '../words/text.js';

/**
 * What the form of a question says about the answer it wants: how many questions it asks, whether it
 * asks for a list, whether it is a yes/no question (figures are in figures.ts). Only English question
 * grammar is used here (question words, auxiliaries, plural nouns), never the topics of a particular
 * guide, so it holds for questions nobody has seen.
 */

/** One question of a message, with the terms that weigh on choosing its sentences. */
export interface QuestionPart {
  text: string;
  /** The same part as the member typed it (before abbreviations were expanded): its form is read from this. */
  form: string;
  /** Stemmed content terms of this part (weight 1), of earlier parts and of statements (weight 0.3). */
  terms: { term: string; weight: number }[];
}

const AUXILIARIES = new Set(
  'is are was were am be do does did has have had can could should would will shall may might must'.split(
    ' ',
  ),
);
/** A word that opens a wh-question. */
const QUESTION_WORD = /^(what|whats|which|who|whom|where|when|why|how)$/;
const PREPOSITIONS = new Set('of for in on to with at from by about as into than'.split(' '));
/** Words between a question word and its noun that carry no number ("what kinda places", "which other jobs"). */
const NOUN_PHRASE_FILLER = new Set(
  'kind kinda type sort sorta of the a an some any all other different main key top good best most common possible usual typical'.split(
    ' ',
  ),
);
/** Words ending in "s" that are not plural nouns or third-person verbs. */
const NOT_PLURAL = new Set(
  'this does has was its yes always perhaps sometimes towards besides afterwards whereas thus plus news less unless across whats thats hes shes its lets'.split(
    ' ',
  ),
);
const PART_START =
  "do|does|did|is|are|was|were|can|could|should|would|will|how|what|whats|what’s|what's|where|which|who|why|when|whether";
/** "…, and do I need one", "… + job outlook", "…; also what …": places where a second question starts. */
const PART_BOUNDARY = new RegExp(
  `\\s+[+&]\\s+|;\\s+|,?\\s+(?:and|also|plus)\\s+(?=(?:${PART_START})\\b)`,
  'i',
);
const MAX_PARTS = 3;
const CONTEXT_WEIGHT = 0.3;

/**
 * Splits a message into the questions it asks, in order: at question marks, then at a conjunction or
 * "+" that starts another question ("what certs are there and do I need one", "pay + job outlook?").
 * Sentences that are not questions ("I work in retail.") add their terms, lightly, to every part.
 * A message that is one question comes back as one part with its full text. `asked` is the message
 * as typed, when `message` is its rewrite ("certs" -> "certification"): a part's form is read from it.
 */
export function splitQuestion(message: string, asked = message): QuestionPart[] {
  const texts = splitText(message);
  const typed = splitText(asked);
  const forms = typed.parts.length === texts.parts.length ? typed.parts : texts.parts;
  // A later part often points back ("…and do I need one"): it carries the earlier parts' terms lightly.
  return texts.parts.map((text, i) => ({
    text,
    form: forms[i]!,
    terms: weigh(terms(text), [...texts.parts.slice(0, i).flatMap((p) => terms(p)), ...texts.statementTerms]),
  }));
}

const ABBREVIATION_END = /(?:(?:^|[\s.])\p{L}|\b(?:vs|etc|approx|incl|dept|dr|mr|mrs|ms|st|jr|sr))\.$/iu;

/**
 * The message's questions and, apart, the sentences that are not questions ("I'm 35 and spent a decade
 * in retail."): what the member tells about themselves is context, not what they ask. A message without
 * a question sentence is all question.
 */
export function separateStatements(message: string): { questions: string[]; statements: string[] } {
  const raw: string[] = [];
  for (const piece of message.match(/[^?.!]+(?:[?!.]+|$)/g) ?? []) {
    const previous = raw.at(-1)?.trimEnd();
    // "U.S.", "e.g." and "vs." end no sentence: a full stop after one letter or after an abbreviation.
    const continues = previous !== undefined && ABBREVIATION_END.test(previous);
    if (continues) raw[raw.length - 1] += piece;
    else raw.push(piece);
  }
  const sentences = raw.map((s) => s.trim()).filter(Boolean);
  // The last sentence is a question when it has no end mark: people leave out the final "?".
  const questions = sentences.filter(
    (s, i) => s.endsWith('?') || (i === sentences.length - 1 && !/[.!]$/.test(s)),
  );
  return questions.length > 0
    ? { questions, statements: sentences.filter((s) => !questions.includes(s)) }
    : { questions: [message.trim()], statements: [] };
}

function splitText(message: string): { parts: string[]; statementTerms: string[] } {
  const { questions: asked, statements } = separateStatements(message);
  const statementTerms = statements.flatMap((s) => terms(s));

  // A sentence that is no question of its own ("quick pls", "lol?") belongs with the one before it.
  const sentenceParts: string[] = [];
  for (const q of asked) {
    if (sentenceParts.length > 0 && !looksLikeQuestion(q)) sentenceParts[sentenceParts.length - 1] += ` ${q}`;
    else sentenceParts.push(q);
  }
  const pieces = sentenceParts.flatMap((q) => q.split(PART_BOUNDARY)).map((p) => p.trim());
  const parts: string[] = [];
  for (const piece of pieces) {
    if (terms(piece).length === 0 || parts.length === MAX_PARTS) {
      if (parts.length > 0) parts[parts.length - 1] = `${parts[parts.length - 1]} ${piece}`;
      continue;
    }
    parts.push(piece);
  }
  return parts.length <= 1 ? { parts: [message.trim()], statementTerms: [] } : { parts, statementTerms };
}

const BACK_REFERENCES = new Set(
  'it its they them their this that these those one ones there such'.split(' '),
);

/**
 * Whether a later question of a message leans on the one before: it refers back ("do I need one",
 * "what would I do there") or names too little to stand alone ("what are the variables").
 */
export function leansOnEarlier(part: string): boolean {
  return words(part).some((w) => BACK_REFERENCES.has(w)) || terms(part).length < 2;
}

/**
 * Whether a part of a message is asked as a question of its own: it ends with a question mark or opens
 * like one (a question word or an auxiliary). "like typical shift length" after "hours?", or "im new at
 * my job and confused" after a question, are not: they add to what was asked.
 */
export function askedOnItsOwn(part: string): boolean {
  const first = words(part)[0] ?? '';
  return part.trim().endsWith('?') || QUESTION_WORD.test(first) || AUXILIARIES.has(first);
}

/** A question word or an opening auxiliary, or at least two content words ("job outlook?"). */
function looksLikeQuestion(sentence: string): boolean {
  const tokens = words(sentence);
  return (
    tokens.some((w) => QUESTION_WORD.test(w)) ||
    AUXILIARIES.has(tokens[0] ?? '') ||
    terms(sentence).length >= 2
  );
}

/** A part's own terms at weight 1, and the message's other terms (earlier parts, statements) lightly. */
function weigh(own: string[], context: string[]): QuestionPart['terms'] {
  const unique = [...new Set(own)];
  return [
    ...unique.map((term) => ({ term, weight: 1 })),
    ...[...new Set(context)]
      .filter((t) => !unique.includes(t))
      .map((term) => ({ term, weight: CONTEXT_WEIGHT })),
  ];
}

function isPluralLike(word: string): boolean {
  return (
    word.length >= 4 &&
    word.endsWith('s') &&
    !/(ss|us|is)$/.test(word) &&
    !AUXILIARIES.has(word) &&
    !NOT_PLURAL.has(word)
  );
}

const DETERMINERS = new Set('the a an my your their his her our this that more most less least'.split(' '));

/**
 * Whether a what/which phrase asks for several things: its first word is a plural or a verb in "-s"
 * ("what skills", "what affects pay"), or a later word is a plural ("which medical assistants share").
 * A later "-s" word followed by a determiner is the verb of a singular noun: "which city pays the most".
 */
function hasPluralFocus(tokens: string[], phrase: string[]): boolean {
  return phrase.some((word, i) => {
    if (!isPluralLike(word)) return false;
    return i === 0 || !DETERMINERS.has(tokens[tokens.indexOf(word) + 1] ?? '');
  });
}

/** The first words of the noun phrase after index `from`, up to an auxiliary or a preposition. */
function nounPhrase(tokens: string[], from: number, max = 3): string[] {
  const phrase: string[] = [];
  for (const word of tokens.slice(from)) {
    if (AUXILIARIES.has(word) || (PREPOSITIONS.has(word) && word !== 'of')) break;
    if (word === 'of' && phrase.length > 0) break;
    if (NOUN_PHRASE_FILLER.has(word)) continue;
    phrase.push(word);
    if (phrase.length === max) break;
  }
  return phrase;
}

/**
 * How plainly the question's form asks for several things. `strong`: "list", "types of", "what are
 * the …", a plural noun or a verb in "-s" after what/which ("what skills", "which employers", "what
 * affects pay"), "are there" + a plural, "all (the)" + a plural. `weak`: "where can …" (places), "how can/do I …" (ways), or
 * a question with no question word whose first words hold a plural ("Pay drivers?", "perks of the
 * job?"): these may also ask about one detail ("Berkeley and Atherton salaries?").
 */
export function listCue(part: string): 'strong' | 'weak' | undefined {
  const tokens = words(part);
  const text = tokens.join(' ');
  if (
    /\b(list|lists|enumerate)\b|\b(types?|kinds?|sorts?|examples?) of\b|\bwhat (are|r) (the|some|all)\b/.test(
      text,
    )
  )
    return 'strong';
  const first = tokens.findIndex((w) => w === 'what' || w === 'whats' || w === 'which');
  if (first >= 0) {
    const phrase = nounPhrase(tokens, first + 1);
    if (hasPluralFocus(tokens, phrase)) return 'strong';
    // "what certification are there": the verb agrees with a plural the asker abbreviated.
    const verb = tokens[tokens.indexOf(phrase.at(-1) ?? '', first + 1) + 1];
    if (phrase.length > 0 && (verb === 'are' || verb === 'were')) return 'strong';
  }
  if (asksForEvery(part)) return 'strong';
  if (/\b(are|is) there\b/.test(text)) {
    const at = tokens.indexOf('there');
    if (nounPhrase(tokens, at + 1, 4).some(isPluralLike)) return 'strong';
  }
  if (/\bwhere (can|could|do|does|would|will|might|should|are|is)\b/.test(text)) return 'weak';
  if (
    /\bhow (can|could|do|does|should|would|might) (i|you|we|one|someone|they|people|an?)\b|\bhow to\b/.test(
      text,
    )
  )
    return 'weak';
  const hasQuestionWord = tokens.some((w) => QUESTION_WORD.test(w));
  if (!hasQuestionWord && !AUXILIARIES.has(tokens[0] ?? '') && nounPhrase(tokens, 0, 4).some(isPluralLike)) {
    return 'weak';
  }
  return undefined;
}

/**
 * The plural nouns a question asks about as a category ("skills" in "what skills do I need",
 * "groups" in "are there groups I could join"): they name what the list is of, not one of its items.
 */
export function pluralFocus(part: string): string[] {
  const tokens = words(part);
  const first = tokens.findIndex((w) => w === 'what' || w === 'whats' || w === 'which');
  const there = tokens.indexOf('there');
  const phrases = [
    first >= 0 ? nounPhrase(tokens, first + 1) : [],
    there > 0 && /^(are|is)$/.test(tokens[there - 1] ?? '') ? nounPhrase(tokens, there + 1, 4) : [],
    nounPhrase(tokens, 0, 4),
  ];
  return [...new Set(phrases.flat().filter(isPluralLike))];
}

/**
 * Whether the question asks for every one of several things: "list …", "enumerate …", "all (the)" +
 * a plural ("all the options", "all of the places"). Then naming one item is not singling it out.
 */
export function asksForEvery(part: string): boolean {
  const tokens = words(part);
  if (tokens.some((w) => w === 'list' || w === 'lists' || w === 'enumerate')) return true;
  const all = tokens.indexOf('all');
  return all >= 0 && nounPhrase(tokens, all + 1, 3).some(isPluralLike);
}

/** Whether the question's form asks for several things at all (see `listCue`). */
export function asksForList(part: string): boolean {
  return listCue(part) !== undefined;
}

/** A yes/no question: it opens with an auxiliary ("do I need…", "is it…", "can I…"). */
export function isYesNoQuestion(part: string): boolean {
  const first = words(part).find((w) => !/^(so|and|but|ok|okay|also|hey|hi|um|well)$/.test(w));
  return first !== undefined && AUXILIARIES.has(first);
}

import type { FigureKind } from '../types.js';
import { terms, words } from '../words/text.js';
import { asksForList, isYesNoQuestion, type QuestionPart } from './question-form.js';

/**
 * Questions for figures: which kind a question asks for ("how long", "how much does it cost", "what
 * percent"), and which sentences give one. Answer-type matching from extractive QA, with English
 * quantity words only, no topics of a particular guide.
 */

/**
 * The kind of figure a question asks for, from quantity words: "how long" a duration, "how much" or
 * "cost" an amount of money, "percent(age)" or "%" a percentage, "how many" a count. A question
 * that asks for a list ("what affects how much you earn") asks for no figure.
 */
export function askedFigure(part: string): FigureKind | undefined {
  // "What affects how much you get paid?" asks for the things that do, not for an amount.
  if (asksForList(part)) return undefined;
  const text = words(part).join(' ');
  if (/\b(what|which) (share|proportion|fraction)\b|\bpercent(age)?\b/.test(text)) return 'percentage';
  if (
    /\bhow (long|soon|quickly)\b|\bhow many (years|months|weeks|days|hours|semesters)\b|\bhow much time\b/.test(
      text,
    )
  )
    return 'duration';
  if (
    // "How much" asks for money when a verb or a pronoun follows ("how much do they make", "how much is
    // it", "how much for the exam"), not when a noun does ("how much honey", "how much experience").
    /\bhow much( (do|does|did|is|are|was|were|will|would|can|could|should|might|has|have|had|money|for|per|a|an|the|they|you|i|we|it|he|she|one|someone|people|this|that)\b|$)/.test(
      text,
    ) ||
    /\b(cost|costs|price|prices|fee|fees|tuition)\b/.test(text) ||
    /\b(salary|salaries|wage|wages|pay|paid|earn|earnings|income)\b/.test(text)
  )
    return 'money';
  if (/\bhow many\b/.test(text)) return 'count';
  return undefined;
}

/**
 * A yes/no question that compares ("would that pay more?", "do hospitals pay better than offices?") is
 * answered by a statement ("higher salaries") when the guide gives no figure for it: a figure helps
 * such an answer but is not what it asks for.
 */
export function asksToCompare(part: string): boolean {
  return (
    isYesNoQuestion(part) && /\b(more|less|higher|lower|better|worse|than)\b/.test(words(part).join(' '))
  );
}

/** Whether a question wants some number without naming its kind ("growth", "outlook", "how often"). */
export function wantsNumber(part: string): boolean {
  return /\b(how (often|fast)|rate|growth|grow|growing|outlook|statistics?|average|median|number|amount)\b/i.test(
    part,
  );
}

/** Sentences that hold a figure of each kind, word for word in the guide's way of writing them. */
const FIGURES: Record<FigureKind, RegExp> = {
  money: /[$€£]\s?\d|\b\d[\d,.]*\s?(dollars|usd)\b/i,
  duration:
    /\b\d[\d,.]*(\s*(-|–|to)\s*\d+)?\s*(years?|months?|weeks?|days?|hours?|semesters?)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty)[\s-](years?|months?|weeks?|days?|hours?)\b/i,
  percentage: /\d\s?%|\bpercent\b/i,
  // A number that is not a year.
  count: /\b(?!(19|20)\d\d\b)\d[\d,.]*\b/,
};

export function hasFigure(text: string, kind: FigureKind): boolean {
  return FIGURES[kind].test(text);
}

/**
 * The period an amount of money is asked per ("hourly wage", "how much a month") and the words a
 * sentence uses for it. A salary per year does not answer "how much per hour".
 */
const PERIODS: { asked: RegExp; given: RegExp }[] = [
  ['hour|hr', 'hourly'],
  ['day', 'daily'],
  ['week', 'weekly'],
  ['month', 'monthly'],
  ['year', 'yearly|annual|annually'],
].map(([unit, adverb]) => ({
  asked: new RegExp(`\\b(per|an|a|each|every) (${unit})\\b|\\b(${adverb})\\b`),
  given: new RegExp(`\\b((${unit})s?|${adverb})\\b`, 'i'),
}));

/** Currencies a question may ask an amount in, and how a sentence writes them. */
const CURRENCIES: { asked: RegExp; given: RegExp }[] = [
  { asked: /\b(dollars?|usd|bucks)\b|\$/, given: /\$|\b(dollars?|usd)\b/i },
  { asked: /\b(pounds?|quid|gbp|sterling)\b|£/, given: /£|\b(pounds?|gbp)\b/i },
  { asked: /\b(euros?|eur)\b|€/, given: /€|\b(euros?|eur)\b/i },
  { asked: /\b(rupees?|inr)\b|₹/, given: /₹|\b(rupees?|inr)\b/i },
  { asked: /\b(yen|jpy)\b|¥/, given: /¥|\b(yen|jpy)\b/i },
  { asked: /\b(pesos?)\b/, given: /\bpesos?\b/i },
];

/**
 * Whether `text` gives the figure a question asks for: one of its kind and, for an amount of money,
 * in the period and the currency the question names, if it names one ("hourly wage in pounds" is
 * not answered by "$44,460 per year").
 */
export function givesAskedFigure(text: string, kind: FigureKind, question: string): boolean {
  if (!hasFigure(text, kind)) return false;
  if (kind !== 'money') return true;
  const asked = question.toLowerCase();
  const period = PERIODS.find((p) => p.asked.test(asked));
  const currency = CURRENCIES.find((c) => c.asked.test(asked));
  return (!period || period.given.test(text)) && (!currency || currency.given.test(text));
}

/**
 * Words that say which amount of money is meant: what is earned, or what is paid for something. A
 * sentence with a money figure answers "how much do they make" when it speaks of earnings too, and
 * "how much does it cost" when it speaks of a cost.
 */
const MONEY_CLASSES = [
  terms(
    'pay paid paying salary salaries wage wages earn earns earning earnings income make makes compensation',
  ),
  terms('cost costs price prices fee fees tuition spend afford expensive cheap'),
];
/** Words that say what kind of figure is asked, not what it is about. */
const QUANTITY_WORDS = new Set([
  ...MONEY_CLASSES.flat(),
  ...terms(
    'how much many long soon quickly time take takes year years month months week weeks day days hour hours percent percentage share proportion fraction number amount',
  ),
]);

/** Whether a stemmed term only says what kind of figure is asked ("much", "make", "cost", "long"). */
export function isQuantityTerm(term: string): boolean {
  return QUANTITY_WORDS.has(term);
}

/** The terms of a question that say what the asked figure is about ("exam" in "how much does the exam cost"). */
export function figureTopicTerms(part: Pick<QuestionPart, 'terms'>): string[] {
  return part.terms.filter((t) => t.weight === 1 && !QUANTITY_WORDS.has(t.term)).map((t) => t.term);
}

/** The words of the money classes the question uses ("make" -> every word of earnings). */
export function figureClassTerms(part: Pick<QuestionPart, 'terms'>): string[] {
  const own = new Set(part.terms.filter((t) => t.weight === 1).map((t) => t.term));
  return MONEY_CLASSES.filter((words) => words.some((w) => own.has(w))).flat();
}

import { quotableAlone, readUnits, type Candidate } from './candidates.js';
import { namesUnshown, type ListPlan } from './list-plan.js';
import { listCue } from './question-form.js';
import { readItemName } from './lists.js';
import type { Quoted } from './quoted.js';
import { unitCost, type AnswerBlock, type QuotedUnit } from './render.js';
import { TOPIC_IDF, type PartScores, type ScoredCandidate } from './scoring.js';
import type { SectionLine } from './section-text.js';

/**
 * How long a list answer may be. ANSWER_MAX_CHARS (600 by default) is sized for two or three quoted
 * sentences; a list adds one short line per item, and an answer that names three of eight workplaces
 * misleads. So a list answer may use 2.5 times the budget, at most 1,500 characters: eight items with
 * the section's opening line fit, the reply stays about one phone screen, and it is far inside the
 * 4,096 characters of a Discord embed description. An operator's smaller budget still scales it down.
 */
export const LIST_MAX_CHARS = 1500;
export function listAnswerChars(maxChars: number): number {
  return Math.max(maxChars, Math.min(LIST_MAX_CHARS, Math.round(maxChars * 2.5)));
}

/** Longest name of an untitled list item, and the shortest it is cut to when a list is long. */
const ITEM_NAME_MAX = 200;
const ITEM_NAME_MIN = 60;
/** Only an item named by a title this short takes one of its sentences. */
const TITLE_MAX = 100;

/**
 * The section's opening sentence (its direct answer), the sentence that introduces the list, and every
 * item by name (an untitled item whole: its later words may hold what was asked, "…driven by the
 * aging population"). When that does not fit `budget`: untitled items cut, shorter and shorter, then no opening
 * sentence, then no introduction, then as many items as fit. An item already named is not named
 * again, nor an untitled one whose opening words were quoted; a title is named even if a sentence
 * answering another question quoted it, so the list stays whole.
 */
export function composeList(
  plan: ListPlan,
  options: {
    budget: number;
    quoted: Quoted;
    /** The part's ranked units: an item's sentence that answers it joins the item (see `itemDetail`). */
    scores?: PartScores;
    /** How rare a term is in the guide: a sentence holding a rare word of the question leads the list. */
    idf?: (term: string) => number;
  },
): AnswerBlock {
  const { section, list } = plan;
  const { quoted } = options;
  const opening = section.opensSection && !section.lines[0]!.isItem ? section.lines[0]! : undefined;
  const introLine = list.intro === undefined ? undefined : section.lines[list.intro]!;
  const lead = opening ? readUnits(opening.text)[0] : undefined;
  const intro = introLine ? readUnits(introLine.text).at(-1) : undefined;
  const sentence = (line: SectionLine | undefined, text: string | undefined): QuotedUnit[] =>
    line && text && !quoted.covers(section.key, text)
      ? [{ passage: line.passage, text, kind: 'sentence' }]
      : [];
  let head: QuotedUnit[] = [
    ...sentence(opening, lead),
    ...(intro !== lead ? sentence(introLine, intro) : []),
  ];
  const shown = [
    ...head.map((u) => u.text),
    ...list.items.map((i) => readItemName(section.lines[i]!.text, TITLE_MAX).text),
  ].join(' ');
  const answer =
    options.scores && options.idf ? answerSentence(plan, options.scores, shown, options.idf) : undefined;
  const first: QuotedUnit[] =
    answer && answer.text !== lead && answer.text !== intro
      ? sentence(section.lines[answer.line], answer.text)
      : [];
  const itemLines = list.items
    .map((i) => section.lines[i]!)
    .filter((line) => !quoted.listed(section.key, line.text));
  let detail = options.scores ? itemDetail(plan, itemLines, options.scores) : undefined;
  const name = (max: number, explained = false): QuotedUnit[] =>
    itemLines.flatMap((line) => {
      const named = readItemName(line.text, max);
      const repeated = !named.titled && quoted.covers(section.key, named.text.replace(/…$/, ''));
      if (repeated) return [];
      // A titled item explained: its title with the sentence after it, word for word as one unit, or
      // with a later sentence of the item when that one answers the question better.
      const shown = explained && named.titled ? explanation(line, named.text, options.scores) : named.text;
      const text =
        detail?.line === line && !shown.includes(detail.text) ? withDetail(shown, detail.text) : shown;
      return [{ passage: line.passage, text, kind: 'item' as const }];
    });
  const cost = (units: QuotedUnit[]) => units.reduce((sum, u) => sum + unitCost(u.text, u.kind), 0);

  // Untitled items whole when the whole list fits so; else cut to ITEM_NAME_MAX and shorter.
  let max = Number.POSITIVE_INFINITY;
  // Each titled item with the sentence that explains it, when the whole list fits so; else names.
  let items = name(max, true);
  if (cost(head) + cost(items) > options.budget) items = name((max = ITEM_NAME_MAX), true);
  if (cost(head) + cost(items) > options.budget) items = name(max);
  if (detail && cost(head) + cost(items) > options.budget) {
    detail = undefined;
    items = name(max);
  }
  while (cost(head) + cost(items) > options.budget && max > ITEM_NAME_MIN) items = name((max -= 20));
  while (cost(head) + cost(items) > options.budget && head.length > 0) head = head.slice(1);
  while (cost(items) > options.budget && items.length > 1) items = items.slice(0, -1);
  if (first.length > 0 && cost(first) + cost(head) + cost(items) <= options.budget)
    head = [...first, ...head];

  for (const unit of head) quoted.add(section.key, unit.text);
  if (detail) quoted.add(section.key, detail.text);
  for (const line of itemLines) quoted.addItemLine(section.key, line.text);
  return [...head, ...items];
}

/** An item's sentence joins its name in a list answer when it scores this share of the part's best unit. */
const DETAIL_RATIO = 0.8;

/**
 * The sentence of one item that answers the question better than the names alone: the best-scoring
 * unit of the list's items, when it is close to the part's best unit and the question does not plainly
 * ask for the list ("will the employer train me?" is answered with the four routes, and "…the office
 * procedures of their specific employer" under on-the-job training).
 */
function itemDetail(
  plan: ListPlan,
  named: readonly SectionLine[],
  scores: PartScores,
): { line: SectionLine; text: string } | undefined {
  // A question whose form asks for the list ("what skills do I need?", "where could I work?") gets the names alone.
  if (listCue(scores.part.form) !== undefined) return undefined;
  const top = scores.ranked[0];
  if (!top) return undefined;
  const { section, list } = plan;
  const lines = new Map(list.items.map((i) => [section.lines[i]!.text, section.lines[i]!]));
  const lineOf = (c: Candidate) =>
    c.section.key === section.key && c.isItem ? lines.get(c.section.lines[c.line]?.text ?? '') : undefined;
  const best = scores.ranked.find((s) => lineOf(s.candidate) !== undefined);
  if (!best || best.score < top.score * DETAIL_RATIO) return undefined;
  // Only under an item this answer names (not one an earlier question of the message listed).
  const line = lineOf(best.candidate)!;
  if (!named.includes(line)) return undefined;
  const title = readItemName(line.text, ITEM_NAME_MAX).text;
  // Only a sentence the item's name does not already show.
  if (
    title.replace(/…$/, '').includes(best.candidate.text) ||
    !title.endsWith('.') ||
    title.length > TITLE_MAX
  )
    return undefined;
  return { line, text: best.candidate.text };
}

/**
 * What explains a titled item: the title with the sentence after it, or, when a later sentence of the
 * item scores higher for the question ("what jobs would I move up to": "…advance into roles like office
 * manager or healthcare administrator." under Leadership and Management Training), the title with that one.
 */
function explanation(line: SectionLine, title: string, scores: PartScores | undefined): string {
  const first = readUnits(line.text)[0] ?? title;
  const own = (scores?.ranked ?? []).filter(
    (s) => s.candidate.section.lines[s.candidate.line]?.text === line.text,
  );
  const best = own[0];
  const firstScore = own.find((s) => s.candidate.index === 0)?.score ?? 0;
  return best && best.candidate.index > 0 && best.score > firstScore
    ? withDetail(title, best.candidate.text)
    : first;
}

/**
 * Whether the unit is the answer sentence of the closest known question that has one among the part's
 * units: the maintainers' annotation says this sentence answers a question like the member's.
 */
function answersClosestKnown(scores: PartScores, unit: ScoredCandidate): boolean {
  const closest = Math.max(0, ...scores.ranked.map((s) => s.features.knownAnswer));
  return closest > 0 && unit.features.knownAnswer === closest;
}

/** A title and one of its item's sentences, word for word: joined when it follows, else with "…" between. */
function withDetail(name: string, sentence: string): string {
  if (sentence.startsWith(name)) return sentence;
  return `${name} … ${sentence}`;
}

/** "these skills", "one of these organizations": a sentence that points back cannot lead an answer. */
const REFERS_BACK = /\b(?:these|those)\b/i;

/**
 * The part's best unit, when it is a prose sentence of the list's section outside the list, does not
 * point back at what it follows, and either holds a topical word of the question (`TOPIC_IDF`) that the
 * rest of the list answer (opening, introduction, item names) does not show, or is the answer sentence
 * of the closest listed question ("who hires the most MAs" shares no word with the 56% sentence). It
 * answers what the list alone would not ("the largest employers … are offices of physicians, which
 * account for 56% of employment in this field" for "which kind of workplace hires the most people in
 * this field?"), so it leads the list.
 */
function answerSentence(
  plan: ListPlan,
  scores: PartScores,
  shown: string,
  idf: (term: string) => number,
): Candidate | undefined {
  const scored = scores.ranked.find((s) => quotableAlone(s.candidate));
  const top = scored?.candidate;
  if (!top || top.section.key !== plan.section.key || top.isItem || REFERS_BACK.test(top.text))
    return undefined;
  if (plan.list.items.includes(top.line) || plan.list.intro === top.line) return undefined;
  return namesUnshown(scores, top, shown, idf, TOPIC_IDF) || answersClosestKnown(scores, scored)
    ? top
    : undefined;
}

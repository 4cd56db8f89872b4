import type { FigureKind } from '../types.js';
import { readUnits, type Candidate } from './candidates.js';
import { findLists, isListOnly, nameItem, opensWithList, type SectionList } from './lists.js';
import { terms } from '../words/text.js';
import { askedFigure, isYesNoQuestion, listCue } from './question-form.js';
import type { PartScores, ScoredCandidate } from './scoring.js';
import type { AnswerSections, SectionLine, SectionText } from './section-text.js';
import { unitCost, type AnswerBlock, type QuotedUnit } from './render.js';

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

/** Units scoring at least this share of a part's best unit join it. */
const KEEP_RATIO = 0.8;
/**
 * The answering section's opening sentence leads the answer when it scores this share of the best
 * (on the tuning sets 0.6 to 0.8 changed one answer in two hundred; 0.8 kept more specific sentences).
 */
const LEAD_RATIO = 0.8;
const MAX_UNITS = 3;
const MAX_UNITS_PER_PART = 2;
/** Longest name of an untitled list item, and the shortest it is cut to when a list is long. */
const ITEM_NAME_MAX = 160;
const ITEM_NAME_MIN = 60;

/** Units already quoted, so no sentence is repeated across the parts of an answer. */
class Quoted {
  private readonly units: { section: string; text: string }[] = [];
  /** Item lines of lists already named: nothing on them is quoted again. */
  private readonly itemLines: { section: string; line: string }[] = [];

  covers(section: string, text: string): boolean {
    return (
      this.units.some((u) => u.section === section && (u.text.includes(text) || text.includes(u.text))) ||
      this.itemLines.some((l) => l.section === section && l.line.includes(text))
    );
  }
  add(section: string, text: string): void {
    this.units.push({ section, text });
  }
  addItemLine(section: string, line: string): void {
    this.itemLines.push({ section, line });
  }
}

export interface ComposedParts {
  blocks: AnswerBlock[];
  missingFigure?: FigureKind;
}

interface ListPlan {
  section: SectionText;
  list: SectionList;
}

/**
 * Chooses what to quote for each question of the message, in question order: the list a question asks
 * for (every item named), or the best sentences with the answering section's opening line first.
 * Sentence answers share `maxChars`; a list gets what is left of `listAnswerChars(maxChars)`.
 */
export function composeParts(input: {
  parts: readonly PartScores[];
  sections: AnswerSections;
  maxChars: number;
  idf: (term: string) => number;
}): ComposedParts {
  const { parts, maxChars } = input;
  const quoted = new Quoted();
  const plans = parts.map((scores) => planList(scores, input.sections, input.idf));
  const hasList = plans.some(Boolean);
  const budget = hasList ? listAnswerChars(maxChars) : maxChars;
  const proseShare = Math.floor(maxChars / parts.length);
  const maxUnits = parts.length === 1 ? MAX_UNITS : MAX_UNITS_PER_PART;

  const blocks: AnswerBlock[] = new Array<AnswerBlock>(parts.length).fill([]);
  let used = 0;
  // Sentence answers first, so a list is cut (if at all) rather than a part's only sentence.
  parts.forEach((scores, i) => {
    if (plans[i]) return;
    blocks[i] = composeProse(scores, { budget: Math.min(proseShare, budget - used), maxUnits, quoted });
    used += blocks[i].reduce((sum, u) => sum + unitCost(u.text, u.kind), 0);
  });
  parts.forEach((_, i) => {
    const plan = plans[i];
    if (!plan) return;
    const left = Math.max(0, budget - used) / plans.slice(i).filter(Boolean).length;
    blocks[i] = composeList(plan, { budget: left, quoted });
    used += blocks[i].reduce((sum, u) => sum + unitCost(u.text, u.kind), 0);
  });
  const missingFigure = parts.find((p, i) => !plans[i] && p.missingFigure)?.missingFigure;
  return { blocks: blocks.filter((b) => b.length > 0), ...(missingFigure ? { missingFigure } : {}) };
}

/**
 * A term in at most three or four chunks of the guide (BM25 idf 2.5): a question that names one and
 * finds it in a detail of a list ("Berkeley and Atherton salaries?") asks about that detail.
 */
const RARE_IDF = 2.5;

/**
 * The list a part should be answered with, if any: when the question's form asks for several things,
 * or the answering section is a list, or opens with one (unless the question asks for a figure or a
 * yes/no). Not when the question names a detail of the list that its titles do not show: then the
 * sentence with that detail answers it.
 */
function planList(
  scores: PartScores,
  sections: AnswerSections,
  idf: (term: string) => number,
): ListPlan | undefined {
  const best = scores.ranked[0]?.candidate;
  if (!best) return undefined;
  const key = best.introducesList ? best.section.key : scores.bestSection;
  if (!key) return undefined;
  const section = sections.complete(key);
  const lists = findLists(section);
  if (lists.length === 0) return undefined;
  const text = scores.part.form;
  const cue = listCue(text);
  const wanted =
    cue !== undefined ||
    best.introducesList ||
    (askedFigure(text) === undefined &&
      !isYesNoQuestion(text) &&
      (isListOnly(section) || (opensWithList(section) && !best.isItem)));
  if (!wanted) return undefined;
  // The list holding the part's best unit in this section, else the first.
  const inSection = scores.ranked.find((s) => s.candidate.section.key === key)?.candidate;
  const line = inSection ? section.lines.findIndex((l) => l.text.includes(inSection.text)) : -1;
  const list = lists.find((l) => l.intro === line || l.items.includes(line)) ?? lists[0]!;
  if (
    inSection &&
    !inSection.introducesList &&
    ((cue !== 'strong' && namesDetail(scores, inSection, listHead(section, list), idf)) ||
      singlesOutItem(scores, section, list, idf))
  )
    return undefined;
  return { section, list };
}

/**
 * The question's topic words name exactly one item's title and not what the whole list is about (the
 * heading, opening line and introduction): "what is NAHAM?", "which specializations pay more?".
 */
function singlesOutItem(
  scores: PartScores,
  section: SectionText,
  list: SectionList,
  idf: (term: string) => number,
): boolean {
  const about = new Set(terms([section.heading, ...listLines(section, list).map((l) => l.text)].join(' ')));
  const topical = new Set(
    scores.part.terms
      .filter((t) => t.weight === 1 && idf(t.term) >= 1 && !about.has(t.term))
      .map((t) => t.term),
  );
  const named = list.items.filter((i) =>
    terms(nameItem(section.lines[i]!.text, ITEM_NAME_MIN)).some((term) => topical.has(term)),
  );
  return list.items.length > 1 && named.length === 1;
}

/** The section's opening line and the list's introduction, when they are prose. */
function listLines(section: SectionText, list: SectionList): SectionLine[] {
  const opening = section.opensSection ? section.lines[0] : undefined;
  const intro = list.intro === undefined ? undefined : section.lines[list.intro];
  return [opening, intro].filter((l): l is SectionLine => l !== undefined && !l.isItem);
}

/** What a list answer shows of a list besides item bodies: the opening line, the intro and the titles. */
function listHead(section: SectionText, list: SectionList): string {
  const titles = list.items.map((i) => nameItem(section.lines[i]!.text, ITEM_NAME_MIN));
  return [...listLines(section, list).map((l) => l.text), ...titles].join(' ');
}

function namesDetail(
  scores: PartScores,
  unit: Candidate,
  head: string,
  idf: (term: string) => number,
): boolean {
  const inUnit = new Set(terms(unit.text));
  const inHead = new Set(terms(head));
  return scores.part.terms.some(
    (t) => t.weight === 1 && idf(t.term) >= RARE_IDF && inUnit.has(t.term) && !inHead.has(t.term),
  );
}

function composeProse(
  scores: PartScores,
  options: { budget: number; maxUnits: number; quoted: Quoted },
): AnswerBlock {
  const { quoted } = options;
  // A sentence that introduces a list is not quoted without its list.
  const open = scores.ranked.filter(
    (s) => !s.candidate.introducesList && !quoted.covers(s.candidate.section.key, s.candidate.text),
  );
  const best = open[0];
  if (!best) return [];
  const chosen: ScoredCandidate[] = [best];
  let length = unitCost(best.candidate.text, 'sentence');
  const tryAdd = (s: ScoredCandidate) => {
    if (chosen.length >= maxUnits || chosen.some((c) => overlaps(c.candidate, s.candidate))) return;
    const cost = unitCost(s.candidate.text, 'sentence');
    if (length + cost > options.budget) return;
    chosen.push(s);
    length += cost;
  };
  const lead = open.find((s) => s.candidate.isLead && s.candidate.section.key === scores.bestSection);
  let maxUnits = options.maxUnits;
  if (lead && lead !== best && lead.score >= best.score * LEAD_RATIO) {
    // The opening sentence comes on top of the best ones, not in place of one.
    maxUnits++;
    tryAdd(lead);
  }
  for (const s of open.slice(1)) {
    if (s.score < best.score * KEEP_RATIO) break;
    tryAdd(s);
  }
  // Sections in the order of their best chosen unit; within a section, the guide's reading order.
  const sectionOrder = new Map<string, number>();
  for (const s of [...chosen].sort((a, b) => b.score - a.score))
    if (!sectionOrder.has(s.candidate.section.key))
      sectionOrder.set(s.candidate.section.key, sectionOrder.size);
  const rankOf = (c: Candidate) => sectionOrder.get(c.section.key)!;
  chosen.sort(
    (a, b) =>
      rankOf(a.candidate) - rankOf(b.candidate) ||
      a.candidate.line - b.candidate.line ||
      a.candidate.index - b.candidate.index,
  );
  return chosen.map(({ candidate }) => {
    quoted.add(candidate.section.key, candidate.text);
    const text = chosen.length === 1 ? truncate(candidate.text, options.budget - 5) : candidate.text;
    return { passage: candidate.passage, text, kind: 'sentence' as const };
  });
}

function overlaps(a: Candidate, b: Candidate): boolean {
  return a.section.key === b.section.key && (a.text.includes(b.text) || b.text.includes(a.text));
}

/**
 * The section's opening sentence (its direct answer), the sentence that introduces the list, and every
 * item by name. When that does not fit: shorter names for untitled items, then no opening sentence,
 * then no introduction, then as many items as fit.
 */
function composeList(plan: ListPlan, options: { budget: number; quoted: Quoted }): AnswerBlock {
  const { section, list } = plan;
  const { quoted } = options;
  const opening = section.opensSection && !section.lines[0]!.isItem ? section.lines[0]! : undefined;
  const introLine = list.intro === undefined ? undefined : section.lines[list.intro]!;
  const lead = opening ? readUnits(opening.text)[0] : undefined;
  const intro = introLine ? readUnits(introLine.text).at(-1) : undefined;
  const sentence = (line: typeof opening, text: string | undefined): QuotedUnit[] =>
    line && text && !quoted.covers(section.key, text)
      ? [{ passage: line.passage, text, kind: 'sentence' }]
      : [];
  let head: QuotedUnit[] = [
    ...sentence(opening, lead),
    ...(intro !== lead ? sentence(introLine, intro) : []),
  ];
  const itemLines = list.items
    .map((i) => section.lines[i]!)
    .filter((l) => !quoted.covers(section.key, l.text));
  const name = (max: number): QuotedUnit[] =>
    itemLines.map((line) => ({
      passage: line.passage,
      text: nameItem(line.text, max),
      kind: 'item' as const,
    }));
  const cost = (units: QuotedUnit[]) => units.reduce((sum, u) => sum + unitCost(u.text, u.kind), 0);

  let max = ITEM_NAME_MAX;
  let items = name(max);
  while (cost(head) + cost(items) > options.budget && max > ITEM_NAME_MIN) items = name((max -= 20));
  while (cost(head) + cost(items) > options.budget && head.length > 0) head = head.slice(1);
  while (cost(items) > options.budget && items.length > 1) items = items.slice(0, -1);

  for (const unit of head) quoted.add(section.key, unit.text);
  for (const line of itemLines) quoted.addItemLine(section.key, line.text);
  return [...head, ...items];
}

/** A single sentence longer than the budget is cut at a word boundary and marked with an ellipsis. */
function truncate(sentence: string, max: number): string {
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, Math.max(1, max - 1));
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1))}…`;
}

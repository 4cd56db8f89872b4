import { terms } from '../words/text.js';
import type { Candidate } from './candidates.js';
import { findLists, isListOnly, nameItem, opensWithList, type SectionList } from './lists.js';
import { askedFigure } from './figures.js';
import { asksForEvery, isYesNoQuestion, listCue, pluralFocus } from './question-form.js';
import type { PartScores, ScoredCandidate } from './scoring.js';
import { LEAD_RATIO } from './prose-answer.js';
import type { AnswerSections, SectionLine, SectionText } from './section-text.js';

/** A list that answers one question of the message: which list of which section. */
export interface ListPlan {
  section: SectionText;
  list: SectionList;
}

/**
 * A term in at most three or four chunks of the guide (BM25 idf 2.5): a question that names one and
 * finds it in a detail of a list ("Berkeley and Atherton salaries?") asks about that detail.
 */
const RARE_IDF = 2.5;
/** Titles are compared at this length (an untitled item's opening words). */
const TITLE_CHARS = 60;

/**
 * The list a part should be answered with, if any: when the question's form asks for several things,
 * or the answering section is a list, or opens with one (unless the question asks for a figure or a
 * yes/no). Not when the question singles out one item ("what is NAHAM?") without asking for them all
 * ("what school do I need, all the options"), nor, unless its form
 * plainly asks for a list, when it names a detail the titles do not show: of one item's body, or, if its
 * form does not ask for several things at all, of the prose around the list ("what do I get from
 * joining?" and the closing "Joining one or more of these organizations…"; but "any orgs worth
 * joining?" asks for them).
 */
export function planList(
  scores: PartScores,
  sections: AnswerSections,
  idf: (term: string) => number,
): ListPlan | undefined {
  const top = scores.ranked[0]?.candidate;
  if (!top) return undefined;
  // The answering section's own best unit: a list another section introduces with a word of the
  // question ("Here are some key organizations:" for "what are the key takeaways") is not its answer.
  const key = scores.bestSection ?? top.section.key;
  // Read by the units' plain scores: a known question's answer sentence says what to quote first, not
  // whether the question asks for the list.
  const best = bestPlain(scores, key)?.candidate ?? top;
  const section = sections.complete(key);
  const lists = findLists(section);
  if (lists.length === 0) return undefined;
  const form = scores.part.form;
  const cue = listCue(form);
  // An opening sentence that would lead the answer speaks for the section: the question asks for its list.
  const opening = leads(scores, key);
  const wanted =
    cue !== undefined ||
    best.introducesList ||
    (askedFigure(form) === undefined &&
      !isYesNoQuestion(form) &&
      (isListOnly(section) || (opensWithList(section) && (!best.isItem || opening !== undefined))));
  if (!wanted) return undefined;
  // The list holding the part's best unit in this section (or the one a leading opening introduces),
  // else the first.
  const inSection = opening?.introducesList
    ? opening
    : scores.ranked.find((s) => s.candidate.section.key === key)?.candidate;
  const line = inSection ? section.lines.findIndex((l) => l.text.includes(inSection.text)) : -1;
  const list = lists.find((l) => l.intro === line || l.items.includes(line)) ?? lists[0]!;
  if (
    inSection &&
    !inSection.introducesList &&
    ((cue !== 'strong' &&
      (cue === undefined || list.items.includes(line)) &&
      namesUnshown(scores, inSection, listHead(section, list), idf, RARE_IDF)) ||
      (!asksForEvery(form) && singlesOutItem(scores, section, list, idf)))
  ) {
    return undefined;
  }
  return { section, list };
}

/**
 * The section's opening sentence when it scores close enough to the part's best unit to lead a prose
 * answer (`LEAD_RATIO`): then the question is about what the section opens with, not one item of it.
 */
function leads(scores: PartScores, key: string): Candidate | undefined {
  const top = bestPlain(scores)?.plain ?? 0;
  const lead = scores.ranked.find((s) => s.candidate.isLead && s.candidate.section.key === key);
  return lead && lead.plain >= top * LEAD_RATIO ? lead.candidate : undefined;
}

/** The unit with the best plain score (of section `key`, when given). */
function bestPlain(scores: PartScores, key?: string): ScoredCandidate | undefined {
  let best: ScoredCandidate | undefined;
  for (const s of scores.ranked)
    if ((key === undefined || s.candidate.section.key === key) && (!best || s.plain > best.plain)) best = s;
  return best;
}

/**
 * The question's topic words name one or two items' titles (not most of the list, and not what the
 * whole list is about: the heading, opening line and introduction): "what is NAHAM?", "hospital vs
 * physician office?". Two items are singled out in a list of four or more ("outpatient centre vs
 * hospital, which pays better?" of four employers); at most a third of a longer list. A plural the question asks about as a category ("are there groups I could
 * join") names the list, not the item whose title holds it.
 */
function singlesOutItem(
  scores: PartScores,
  section: SectionText,
  list: SectionList,
  idf: (term: string) => number,
): boolean {
  const about = new Set(terms([section.heading, ...listLines(section, list).map((l) => l.text)].join(' ')));
  const category = new Set(terms(pluralFocus(scores.part.form).join(' ')));
  const topical = new Set(
    scores.part.terms
      .filter((t) => t.weight === 1 && idf(t.term) >= 1 && !about.has(t.term) && !category.has(t.term))
      .map((t) => t.term),
  );
  const named = list.items.filter((i) =>
    terms(nameItem(section.lines[i]!.text, TITLE_CHARS)).some((term) => topical.has(term)),
  );
  return (
    named.length >= 1 &&
    named.length <= Math.max(list.items.length > 3 ? 2 : 1, Math.floor(list.items.length / 3))
  );
}

/**
 * A word of the question itself, at least `minIdf` rare in the guide, is in `unit` and not in `shown`
 * (what a list answer shows besides it): the unit answers something the list does not.
 */
export function namesUnshown(
  scores: PartScores,
  unit: Candidate,
  shown: string,
  idf: (term: string) => number,
  minIdf: number,
): boolean {
  const inUnit = new Set(terms(unit.text));
  const inShown = new Set(terms(shown));
  return scores.part.terms.some(
    (t) => t.weight === 1 && idf(t.term) >= minIdf && inUnit.has(t.term) && !inShown.has(t.term),
  );
}

/** The section's opening line and the list's introduction, when they are prose. */
function listLines(section: SectionText, list: SectionList): SectionLine[] {
  const opening = section.opensSection ? section.lines[0] : undefined;
  const intro = list.intro === undefined ? undefined : section.lines[list.intro];
  return [opening, intro].filter((l): l is SectionLine => l !== undefined && !l.isItem);
}

/** What a list answer shows of a list besides item bodies: the opening line, the intro and the titles. */
function listHead(section: SectionText, list: SectionList): string {
  const titles = list.items.map((i) => nameItem(section.lines[i]!.text, TITLE_CHARS));
  return [...listLines(section, list).map((l) => l.text), ...titles].join(' ');
}

import type { RetrievedPassage } from '../types.js';
import { splitSentences } from '../words/text.js';
import type { SectionText } from './section-text.js';

/** A quotable unit of a section: one sentence, or a short list-item title with the sentence after it. */
export interface Candidate {
  section: SectionText;
  /** Index into `section.lines`, and the unit's place among the units of its line. */
  line: number;
  index: number;
  passage: RetrievedPassage;
  text: string;
  /** The section's opening sentence: the guide answers each question heading in its first line. */
  isLead: boolean;
  /** The unit is a list item's text. */
  isItem: boolean;
  /** The unit ends its line with ":" and a list follows ("…, including:"). */
  introducesList: boolean;
  /**
   * For a later sentence of a titled list item, the item's title ("Professionalism or Soft Skills."):
   * the sentence is about it ("They should exhibit empathy…" answers "soft skills?").
   */
  itemTitle?: string;
}

/**
 * Whether a unit can be quoted as a sentence on its own: a sentence that introduces a list is not
 * quoted without its list, and the guide's own questions ("But how much is a program?") answer nothing.
 */
export function quotableAlone(candidate: Candidate): boolean {
  return !candidate.introducesList && !candidate.text.trimEnd().endsWith('?');
}

/** A list item's first sentence shorter than this is a title ("Hospitals.") and is quoted with the next. */
const TITLE_LENGTH = 60;
/** A longer one is a title when it is in title case ("National Association of … (NAHAM)."), up to this. */
const TITLE_CASE_LENGTH = 100;

/**
 * Whether a list item's first sentence is the item's title: short, or a name in title case, and
 * followed by more text.
 */
export function isItemTitle(first: string, followed: boolean): boolean {
  if (!followed) return false;
  if (first.length < TITLE_LENGTH) return true;
  if (first.length > TITLE_CASE_LENGTH) return false;
  const longWords = first.match(/[\p{L}’']{4,}/gu) ?? [];
  const capitalised = longWords.filter((w) => /^\p{Lu}/u.test(w)).length;
  return longWords.length > 0 && capitalised / longWords.length >= 0.75;
}

/**
 * Splits one line of a passage into quotable units, each word for word in the line. A short title of
 * a list item ("Hospitals.") answers nothing alone, so it is quoted with the sentence that explains it,
 * sliced from the line (not joined with one space) so it stays word for word however the guide spaces it.
 */
export function readUnits(rawLine: string): string[] {
  const isItem = /^\s*[-*+]\s+/.test(rawLine);
  const sentences = splitSentences(rawLine);
  const units: string[] = [];
  for (let i = 0; i < sentences.length; i++) {
    let text = sentences[i]!;
    const next = sentences[i + 1];
    if (isItem && i === 0 && next && isItemTitle(text, true)) {
      const from = rawLine.indexOf(text);
      text = rawLine.slice(from, rawLine.indexOf(next, from + text.length) + next.length);
      i++;
    }
    units.push(text);
  }
  return units;
}

/** Every quotable unit of a passage (what the warm-up embeds ahead of questions). */
export function passageUnits(passage: RetrievedPassage): string[] {
  return passage.text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .flatMap(readUnits);
}

/** The quotable units of a section's known lines, in the guide's order. */
export function readCandidates(section: SectionText): Candidate[] {
  const candidates: Candidate[] = [];
  section.lines.forEach((line, lineIndex) => {
    const units = readUnits(line.text);
    const listFollows = section.lines[lineIndex + 1]?.isItem === true && !line.isItem;
    const named = line.isItem ? readItemTitle(line.text) : undefined;
    units.forEach((text, index) => {
      candidates.push({
        section,
        line: lineIndex,
        index,
        passage: line.passage,
        text,
        isLead: section.opensSection && lineIndex === 0 && index === 0 && !line.isItem,
        isItem: line.isItem,
        introducesList: listFollows && index === units.length - 1 && text.trimEnd().endsWith(':'),
        ...(named && index > 0 ? { itemTitle: named } : {}),
      });
    });
  });
  return candidates;
}

/** A list item's title, when its first sentence is one (see `isItemTitle`). */
function readItemTitle(rawLine: string): string | undefined {
  const sentences = splitSentences(rawLine.replace(/^\s*[-*+]\s+/, ''));
  const first = sentences[0];
  return first && isItemTitle(first, sentences.length > 1) ? first : undefined;
}

import { splitSentences } from '../words/text.js';
import { isItemTitle } from './candidates.js';
import type { SectionText } from './section-text.js';

/** A run of list items in a section, with the line that introduces it ("…include:"), if any. */
export interface SectionList {
  /** Index of the introducing line in `section.lines`. */
  intro?: number;
  items: number[];
}

/** The lists of a section: each maximal run of item lines. */
export function findLists(section: SectionText): SectionList[] {
  const lists: SectionList[] = [];
  let current: SectionList | undefined;
  section.lines.forEach((line, index) => {
    if (!line.isItem) {
      current = undefined;
      return;
    }
    if (!current) {
      const before = section.lines[index - 1];
      current = {
        ...(before && !before.isItem && before.text.trimEnd().endsWith(':') ? { intro: index - 1 } : {}),
        items: [],
      };
      lists.push(current);
    }
    current.items.push(index);
  });
  return lists;
}

/** The section is a list and nothing else (its answer is the list: "benefits", "key insights"). */
export function isListOnly(section: SectionText): boolean {
  return section.opensSection && section.lines.length > 0 && section.lines.every((line) => line.isItem);
}

/** The section's opening line introduces a list ("To become one, the requirements include:"). */
export function opensWithList(section: SectionText): boolean {
  const lists = findLists(section);
  return section.opensSection && lists.some((list) => list.intro === 0);
}

/** Shortest untitled item name worth cutting at a sentence end rather than mid-sentence. */
const MIN_SENTENCE_CUT = 0.6;

/**
 * How a list item is named in an answer, word for word:
 * - a titled item ("Hospitals. In hospitals, …") by its title, "Hospitals.";
 * - a quotation with an attribution ("\"…\" - Arthur") by its opening sentence and the attribution,
 *   the words between left out and marked "…", so the speaker is named;
 * - any other item by its opening words, up to `maxChars`, cut at a sentence end or a word boundary
 *   (then marked "…").
 */
export function nameItem(rawLine: string, maxChars: number): string {
  return readItemName(rawLine, maxChars).text;
}

/** An item's name, and whether it is the item's title (rather than its opening words). */
export function readItemName(rawLine: string, maxChars: number): { text: string; titled: boolean } {
  const text = (name: string, titled = false) => ({ text: name, titled });
  const body = rawLine.replace(/^\s*[-*+]\s+/, '').trim();
  const sentences = splitSentences(body);
  const first = sentences[0] ?? body;
  const attribution = /["”]\s*[-–—]\s*[^"”\n]{1,40}$/.exec(body);
  if (attribution && attribution.index > 0 && body.length > maxChars) {
    const tail = body.slice(attribution.index);
    const head = clip(body.slice(0, attribution.index), Math.max(20, maxChars - tail.length - 2), first);
    return text(head.endsWith('…') ? `${head}${tail}` : `${head} …${tail}`);
  }
  if (!attribution && isItemTitle(first, sentences.length > 1)) return text(first, true);
  return text(body.length <= maxChars ? body : clip(body, maxChars, first));
}

function clip(text: string, maxChars: number, firstSentence: string): string {
  if (text.length <= maxChars) return text;
  const window = text.slice(0, maxChars);
  // End at the last sentence end inside the window when that keeps most of it.
  let end = -1;
  for (const match of window.matchAll(/[.!?](?=\s)/g)) end = (match.index ?? 0) + 1;
  if (end >= Math.max(firstSentence.length, maxChars * MIN_SENTENCE_CUT) && end <= maxChars) {
    return text.slice(0, end);
  }
  const space = window.slice(0, maxChars - 1).lastIndexOf(' ');
  return `${window.slice(0, Math.max(space, 1)).replace(/[\s,;:(–—-]+$/, '')}…`;
}

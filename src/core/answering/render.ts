import type { Citation, RetrievedPassage } from '../types.js';
import { sectionKey } from '../retrieval/sections.js';
import { toSectionCitation } from './citations.js';

/** One quoted piece of an answer: a sentence, or a list item's name on its own line. */
export interface QuotedUnit {
  /** The chunk the text is quoted from. */
  passage: RetrievedPassage;
  text: string;
  kind: 'sentence' | 'item';
}

/** The answer to one question of the message: its units in reading order. */
export type AnswerBlock = QuotedUnit[];

/** Characters a unit adds besides its text: " [n]" and a separator, or "- " … " [n]" and a line break. */
export function unitCost(text: string, kind: QuotedUnit['kind']): number {
  return text.length + (kind === 'item' ? 7 : 5);
}

/**
 * Writes the blocks as the answer text, each unit followed by the `[n]` of its section: sentences of a
 * block on one line, list items on lines of their own ("- Hospitals. [1]"), blocks on separate lines.
 * Sections are numbered 1..n by first use, one number per section however many of its chunks are
 * quoted, so no heading is cited twice.
 */
export function renderAnswer(blocks: readonly AnswerBlock[]): { text: string; citations: Citation[] } {
  const numbers = new Map<string, number>();
  const quoted = new Map<string, Map<string, RetrievedPassage>>();
  const cite = (passage: RetrievedPassage): number => {
    const key = sectionKey(passage);
    let n = numbers.get(key);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(key, n);
      quoted.set(key, new Map());
    }
    quoted.get(key)!.set(passage.chunkId, passage);
    return n;
  };

  const lines: string[] = [];
  for (const block of blocks) {
    let sentences: string[] = [];
    const flush = () => {
      if (sentences.length > 0) lines.push(sentences.join(' '));
      sentences = [];
    };
    for (const unit of block) {
      const marked = `${unit.text} [${cite(unit.passage)}]`;
      if (unit.kind === 'sentence') {
        sentences.push(marked);
      } else {
        flush();
        lines.push(`- ${marked}`);
      }
    }
    flush();
  }
  const citations = [...numbers.entries()].map(([key, n]) =>
    toSectionCitation([...quoted.get(key)!.values()], n),
  );
  return { text: lines.join('\n'), citations };
}

import { splitSentences } from '../core/words/text.js';
import { readUnits } from '../core/answering/candidates.js';
import type { Chunk } from './split.js';

/**
 * A list item whose first sentence is shorter than this is a title ("Hospitals."): the extractive
 * answerer quotes it together with the sentence after it, as one unit (TITLE_LENGTH in
 * src/core/answering/extractive.ts; test/ingest/sentences.test.ts fails if the two drift apart).
 */
const TITLE_LENGTH = 60;
const LIST_ITEM = /^\s*[-*+]\s+/;

/**
 * Every distinct text the extractive answerer may embed when it quotes the chunks, in chunk order:
 * each sentence as `splitSentences` (src/core/words/text.ts) splits a chunk's text, plus each list item's
 * "Title. The sentence after it." pair, sliced from the line word for word as the answerer slices it.
 * Their vectors, stored at ingestion, are then found under the keys the answerer looks up.
 */
export function listSentences(chunks: readonly Chunk[]): string[] {
  const units = new Set<string>();
  for (const chunk of chunks) {
    for (const line of chunk.text.split('\n')) {
      if (!line.trim()) continue;
      const sentences = splitSentences(line);
      for (const sentence of sentences) units.add(sentence);
      const titled = titledItem(line, sentences);
      if (titled) units.add(titled);
      // Exactly the units the extractive answerer quotes (the core's own reader), so none is missing.
      for (const unit of readUnits(line)) units.add(unit);
    }
  }
  return [...units];
}

/** "Hospitals. Most work in outpatient clinics." for a list item that opens with a short title. */
function titledItem(line: string, sentences: readonly string[]): string | undefined {
  const [title, next] = sentences;
  if (!LIST_ITEM.test(line) || title === undefined || next === undefined || title.length >= TITLE_LENGTH) {
    return undefined;
  }
  const from = line.indexOf(title);
  return line.slice(from, line.indexOf(next, from + title.length) + next.length);
}

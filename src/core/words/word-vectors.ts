/**
 * Word-level meaning from GloVe: cosine similarity between single words ("paycheck" ~ "salary"), for
 * matching a question's words to the guide's words when they differ.
 *
 * Reads the compact cache in `assets/word-vectors/` (built by `scripts/build-word-vectors.ts`: ~60k words,
 * 100 int8 components each, 6.5 MB) rather than the 307 MB source JSON, so loading takes milliseconds and a
 * few MB instead of seconds and a gigabyte. The rows stay int8 in memory (6 MB instead of 24 MB as float32);
 * a word's vector is dequantised only when asked for, which costs 100 multiplications.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Components per word vector (GloVe 6B 100-d). The file names carry it, so the files need no header. */
export const WORD_VECTOR_DIMENSIONS = 100;

/** File names inside the cache folder. */
export const WORD_VECTOR_FILES = {
  /** size × 100 signed bytes; row i is word i's unit vector × 127, rounded. */
  vectors: 'glove-100d.i8',
  /** One lower-case word per line, in row order, ending with a newline. */
  words: 'glove-100d.words.txt',
} as const;

/** The committed cache, found from this file so that it works whatever the working directory is. */
export const DEFAULT_WORD_VECTORS_DIR = fileURLToPath(
  new URL('../../../assets/word-vectors', import.meta.url),
);

export type WordVectorsErrorCode = 'WORD_VECTORS_MISSING' | 'WORD_VECTORS_CORRUPT';

/** The cache cannot be used; `file` names the folder or file at fault, `code` says why. */
export class WordVectorsError extends Error {
  override readonly name: string = 'WordVectorsError';
  constructor(
    readonly code: WordVectorsErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Word vectors loaded by {@link loadWordVectors}. Words are looked up as given, then lower-cased. */
export interface WordVectors {
  /** Components per vector (100). */
  readonly dimensions: number;
  /** Number of words. */
  readonly size: number;
  /** Whether the word has a vector. */
  has(word: string): boolean;
  /** Every word, most frequent first (the cache's row order). */
  words(): IterableIterator<string>;
  /** The word's place in that order (0: the most frequent), or undefined for an unknown word. */
  rank(word: string): number | undefined;
  /** A fresh unit-length copy of the word's vector (the caller may change it), or undefined for an unknown word. */
  vector(word: string): Float32Array | undefined;
  /** Cosine similarity in [-1, 1] of two words' vectors; undefined when either word is unknown. */
  similarity(a: string, b: string): number | undefined;
}

const REBUILD_HINT =
  'rebuild it with `npx tsx scripts/build-word-vectors.ts` (see assets/word-vectors/README.md)';

/**
 * Loads the word-vector cache from `dir` (normally {@link DEFAULT_WORD_VECTORS_DIR}). Synchronous: it is called
 * once at start-up and takes a few tens of milliseconds.
 *
 * @throws {WordVectorsError} `WORD_VECTORS_MISSING` when the folder or a file is absent;
 *   `WORD_VECTORS_CORRUPT` when the files disagree (truncated rows, empty or duplicate words, an all-zero row).
 */
export function loadWordVectors(dir: string): WordVectors {
  const wordsFile = path.join(dir, WORD_VECTOR_FILES.words);
  const vectorsFile = path.join(dir, WORD_VECTOR_FILES.vectors);
  if (!isDirectory(dir))
    throw new WordVectorsError(
      'WORD_VECTORS_MISSING',
      dir,
      `Word vectors folder ${dir} not found; ${REBUILD_HINT}.`,
    );

  const index = indexWords(readOrThrow(wordsFile).toString('utf8'), wordsFile);
  const bytes = readOrThrow(vectorsFile);
  const expected = index.size * WORD_VECTOR_DIMENSIONS;
  // The only link between the two files is their length: a mismatch means one is truncated or from another build.
  if (bytes.byteLength !== expected)
    throw new WordVectorsError(
      'WORD_VECTORS_CORRUPT',
      vectorsFile,
      `${vectorsFile} has ${bytes.byteLength} bytes but ${wordsFile} lists ${index.size} words ` +
        `(${expected} bytes expected); ${REBUILD_HINT}.`,
    );
  const rows = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Int8WordVectors(index, rows, inverseNorms(rows, vectorsFile));
}

class Int8WordVectors implements WordVectors {
  readonly dimensions = WORD_VECTOR_DIMENSIONS;
  readonly size: number;

  constructor(
    /** word → row number. */
    private readonly index: ReadonlyMap<string, number>,
    private readonly rows: Int8Array,
    /** 1 / ‖row‖ per row: rounding moved each row off unit length, so we rescale by the stored row's own norm. */
    private readonly inverseNorm: Float32Array,
  ) {
    this.size = index.size;
  }

  has(word: string): boolean {
    return this.rowOf(word) !== undefined;
  }

  words(): IterableIterator<string> {
    return this.index.keys();
  }

  rank(word: string): number | undefined {
    return this.rowOf(word);
  }

  vector(word: string): Float32Array | undefined {
    const row = this.rowOf(word);
    if (row === undefined) return undefined;
    // No cache: dequantising is 100 multiplications, cheaper than managing one, and a fresh array cannot be
    // corrupted by a caller that changes it.
    const scale = this.inverseNorm[row]!;
    const offset = row * this.dimensions;
    const out = new Float32Array(this.dimensions);
    for (let d = 0; d < this.dimensions; d++) out[d] = this.rows[offset + d]! * scale;
    return out;
  }

  similarity(a: string, b: string): number | undefined {
    const rowA = this.rowOf(a);
    const rowB = this.rowOf(b);
    if (rowA === undefined || rowB === undefined) return undefined;
    // Straight on the int8 rows: an integer dot product scaled once, with no allocation per call.
    const offsetA = rowA * this.dimensions;
    const offsetB = rowB * this.dimensions;
    let dot = 0;
    for (let d = 0; d < this.dimensions; d++) dot += this.rows[offsetA + d]! * this.rows[offsetB + d]!;
    const cosine = dot * this.inverseNorm[rowA]! * this.inverseNorm[rowB]!;
    // Float32 norms can put a word's similarity to itself a hair above 1.
    return Math.max(-1, Math.min(1, cosine));
  }

  /** The cache holds lower-case words only; the exact form is tried first so lower-case callers pay nothing. */
  private rowOf(word: string): number | undefined {
    const row = this.index.get(word);
    if (row !== undefined) return row;
    const lower = word.toLowerCase();
    return lower === word ? undefined : this.index.get(lower);
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function readOrThrow(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    throw new WordVectorsError(
      missing ? 'WORD_VECTORS_MISSING' : 'WORD_VECTORS_CORRUPT',
      file,
      `${missing ? 'Word vectors file missing' : 'Cannot read word vectors file'}: ${file}; ${REBUILD_HINT}.`,
      { cause: error },
    );
  }
}

/**
 * word → row from the words file: one word per line, newline-terminated. An empty or repeated word would leave
 * the map shorter than the file, so that rows and words no longer line up: both are corruption.
 */
function indexWords(text: string, file: string): Map<string, number> {
  const corrupt = (why: string): WordVectorsError =>
    new WordVectorsError('WORD_VECTORS_CORRUPT', file, `${file} ${why}; ${REBUILD_HINT}.`);
  if (!text.endsWith('\n'))
    throw corrupt(text === '' ? 'is empty' : 'does not end with a newline (truncated?)');
  const index = new Map<string, number>();
  const words = text.slice(0, -1).split('\n');
  words.forEach((word, row) => {
    if (word === '') throw corrupt(`has an empty line ${row + 1}`);
    if (index.has(word)) throw corrupt(`repeats '${word}' on line ${row + 1}`);
    index.set(word, row);
  });
  return index;
}

/** Norms once at load (6M byte reads, a few ms); an all-zero row can only come from a damaged file. */
function inverseNorms(rows: Int8Array, file: string): Float32Array {
  const count = rows.length / WORD_VECTOR_DIMENSIONS;
  const inverse = new Float32Array(count);
  for (let row = 0; row < count; row++) {
    let sum = 0;
    const offset = row * WORD_VECTOR_DIMENSIONS;
    for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d++) {
      const x = rows[offset + d]!;
      sum += x * x;
    }
    if (sum === 0)
      throw new WordVectorsError(
        'WORD_VECTORS_CORRUPT',
        file,
        `${file} row ${row + 1} is all zeros; ${REBUILD_HINT}.`,
      );
    inverse[row] = 1 / Math.sqrt(sum);
  }
  return inverse;
}

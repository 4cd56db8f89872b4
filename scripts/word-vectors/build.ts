import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusWords, isWordLike } from './corpus-words.js';
import { DIMENSIONS, VECTORS_FILE, WORDS_FILE } from './layout.js';
import type { Options } from './options.js';
import { measureQuantisationError, quantise } from './quantise.js';
import { formatReadme } from './readme.js';
import { readSource } from './source.js';
import { UsageError } from './usage-error.js';

/** Selects the words, quantises their vectors and writes the cache and its README into `options.out`. */
export function buildWordVectors(options: Options): void {
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
    formatReadme({
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

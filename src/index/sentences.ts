import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EmbedderInfo } from '../core/types.js';
import { INDEX_LAYOUT } from './layout.js';
import { EmbedderInfoSchema, describeIssues, formatEmbedder, sameEmbedder } from './manifest.js';
import { decodeVectors, encodeVectors } from './vectors.js';

/**
 * `sentences.json`: the texts of the rows of `sentences.bin`. The sentence text is its own key (a
 * content hash would add nothing: the text must be stored anyway, since it is what the core looks up).
 */
const SentenceFileIndexSchema = z.object({
  embedder: EmbedderInfoSchema,
  dimensions: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  /** `texts[i]` is the sentence whose vector is row i; no text appears twice. */
  texts: z.array(z.string()),
});

type SentenceFileIndex = z.infer<typeof SentenceFileIndexSchema>;

/**
 * Writes the vectors of a build's answer sentences: `sentences.bin` (Float32 rows, see
 * `encodeVectors`) and `sentences.json` (the sentence of each row). Vectors are stored as the embedder
 * returned them. Returns how many sentences were written.
 */
export async function writeSentenceVectors(
  dir: string,
  embedder: EmbedderInfo,
  vectors: ReadonlyMap<string, readonly number[]>,
): Promise<number> {
  const texts = [...vectors.keys()];
  const index: SentenceFileIndex = {
    embedder,
    dimensions: embedder.dimensions,
    count: texts.length,
    texts,
  };
  const rows = texts.map((text) => vectors.get(text)!);
  await writeFile(path.join(dir, INDEX_LAYOUT.sentenceVectors), encodeVectors(rows, embedder.dimensions));
  await writeFile(path.join(dir, INDEX_LAYOUT.sentenceIndex), JSON.stringify(index));
  return texts.length;
}

/**
 * Sentence text -> vector, from the build in `dir`.
 *
 * @throws Error naming the file and the problem when the files are missing, damaged, or were made by
 *   another embedder than `embedder`.
 */
export async function readSentenceVectors(
  dir: string,
  embedder: EmbedderInfo,
): Promise<Map<string, number[]>> {
  const indexPath = path.join(dir, INDEX_LAYOUT.sentenceIndex);
  let parsed: z.SafeParseReturnType<unknown, SentenceFileIndex>;
  try {
    parsed = SentenceFileIndexSchema.safeParse(JSON.parse(await readFile(indexPath, 'utf8')));
  } catch (cause) {
    throw new Error(`${INDEX_LAYOUT.sentenceIndex} is missing or not JSON (${(cause as Error).message})`, {
      cause,
    });
  }
  if (!parsed.success) {
    throw new Error(`${INDEX_LAYOUT.sentenceIndex} is invalid (${describeIssues(parsed.error)})`);
  }
  const index = parsed.data;
  if (!sameEmbedder(index.embedder, embedder) || index.dimensions !== embedder.dimensions) {
    throw new Error(
      `${INDEX_LAYOUT.sentenceIndex} was made by ${formatEmbedder(index.embedder)}, not ${formatEmbedder(embedder)}`,
    );
  }
  if (index.texts.length !== index.count) {
    throw new Error(
      `${INDEX_LAYOUT.sentenceIndex} lists ${index.texts.length} texts for ${index.count} rows`,
    );
  }
  let rows: number[][];
  try {
    rows = decodeVectors(
      await readFile(path.join(dir, INDEX_LAYOUT.sentenceVectors)),
      index.count,
      index.dimensions,
    );
  } catch (cause) {
    throw new Error(`${INDEX_LAYOUT.sentenceVectors} is missing or damaged (${(cause as Error).message})`, {
      cause,
    });
  }
  return new Map(index.texts.map((text, row) => [text, rows[row]!]));
}

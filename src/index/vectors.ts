import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmbedderInfo } from '../core/types.js';
import { INDEX_LAYOUT } from './layout.js';
import { sameEmbedder } from './manifest.js';

/** `vectors.json`: describes the rows of `vectors.bin`. */
export interface VectorFileIndex {
  embedder: EmbedderInfo;
  dimensions: number;
  count: number;
  /** `hashes[i]` is the contentHash of the chunk whose vector is row i. */
  hashes: string[];
}

/**
 * Vectors as one Float32 little-endian block, row after row: 4 bytes a number, a tenth of the JSON
 * size. Shared by the chunk vectors (`vectors.bin`) and the sentence vectors (`sentences.bin`).
 */
export function encodeVectors(vectors: readonly (readonly number[])[], dimensions: number): Buffer {
  const data = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, row) => data.set(vector, row * dimensions));
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!littleEndian()) bytes.swap32();
  return bytes;
}

/**
 * The rows of an `encodeVectors` block as arrays.
 *
 * @throws Error when the block does not hold exactly `count` rows of `dimensions` numbers.
 */
export function decodeVectors(bytes: Uint8Array, count: number, dimensions: number): number[][] {
  if (bytes.byteLength !== count * dimensions * 4) {
    throw new Error(`holds ${bytes.byteLength} bytes, expected ${count} rows of ${dimensions} float32`);
  }
  // Copy into an aligned buffer: a Buffer from readFile may start at any byte offset of its pool.
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  if (!littleEndian()) Buffer.from(aligned.buffer).swap32();
  const data = new Float32Array(aligned.buffer);
  return Array.from({ length: count }, (_, row) =>
    Array.from(data.subarray(row * dimensions, (row + 1) * dimensions)),
  );
}

/**
 * Writes the chunk vectors of a build compactly: `vectors.bin` (see `encodeVectors`) and a small JSON
 * index of content hashes, row i = HNSW label i.
 */
export async function writeVectorFiles(
  dir: string,
  embedder: EmbedderInfo,
  hashes: readonly string[],
  vectors: readonly (readonly number[])[],
): Promise<void> {
  const index: VectorFileIndex = {
    embedder,
    dimensions: embedder.dimensions,
    count: hashes.length,
    hashes: [...hashes],
  };
  await writeFile(path.join(dir, INDEX_LAYOUT.vectors), encodeVectors(vectors, embedder.dimensions));
  await writeFile(path.join(dir, INDEX_LAYOUT.vectorIndex), JSON.stringify(index));
}

/**
 * contentHash -> vector from a previous build, when it was made by the same embedder. Anything
 * missing, unreadable or made by another embedder yields an empty cache: reuse is an optimisation,
 * never a reason to fail.
 */
export async function readVectorCache(
  dir: string | undefined,
  embedder: EmbedderInfo,
): Promise<Map<string, number[]>> {
  const cache = new Map<string, number[]>();
  if (!dir || !existsSync(path.join(dir, INDEX_LAYOUT.vectorIndex))) return cache;
  try {
    const index = JSON.parse(
      await readFile(path.join(dir, INDEX_LAYOUT.vectorIndex), 'utf8'),
    ) as VectorFileIndex;
    if (!sameEmbedder(index.embedder, embedder) || index.dimensions !== embedder.dimensions) return cache;
    if (index.hashes.length !== index.count) return cache;
    const rows = decodeVectors(
      await readFile(path.join(dir, INDEX_LAYOUT.vectors)),
      index.count,
      index.dimensions,
    );
    index.hashes.forEach((hash, row) => {
      if (!cache.has(hash)) cache.set(hash, rows[row]!);
    });
  } catch {
    cache.clear();
  }
  return cache;
}

/**
 * The content hashes of a build's vector rows, in label order, when it was made by `embedder`; else
 * undefined. Equal hash lists mean equal vectors in equal order, hence an identical HNSW graph.
 */
export async function readVectorHashes(
  dir: string | undefined,
  embedder: EmbedderInfo,
): Promise<string[] | undefined> {
  if (!dir) return undefined;
  try {
    const index = JSON.parse(
      await readFile(path.join(dir, INDEX_LAYOUT.vectorIndex), 'utf8'),
    ) as VectorFileIndex;
    return sameEmbedder(index.embedder, embedder) && Array.isArray(index.hashes) ? index.hashes : undefined;
  } catch {
    return undefined;
  }
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

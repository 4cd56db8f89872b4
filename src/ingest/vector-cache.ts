import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmbedderInfo } from '../core/types.js';
import { INDEX_LAYOUT, sameEmbedder } from '../core/index-store.js';

/** `vectors.json`: describes the rows of `vectors.bin`. */
export interface VectorFileIndex {
  embedder: EmbedderInfo;
  dimensions: number;
  count: number;
  /** `hashes[i]` is the contentHash of the chunk whose vector is row i. */
  hashes: string[];
}

/**
 * Writes the chunk vectors of a build compactly: one Float32 little-endian file (4 bytes a number, a
 * tenth of the JSON size) and a small JSON index of content hashes, row i = HNSW label i.
 */
export async function writeVectorFiles(
  dir: string,
  embedder: EmbedderInfo,
  hashes: readonly string[],
  vectors: readonly (readonly number[])[],
): Promise<void> {
  const dimensions = embedder.dimensions;
  const data = new Float32Array(hashes.length * dimensions);
  vectors.forEach((vector, row) => data.set(vector, row * dimensions));
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!littleEndian()) bytes.swap32();
  const index: VectorFileIndex = { embedder, dimensions, count: hashes.length, hashes: [...hashes] };
  await writeFile(path.join(dir, INDEX_LAYOUT.vectors), bytes);
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
    const bytes = await readFile(path.join(dir, INDEX_LAYOUT.vectors));
    if (bytes.byteLength !== index.count * index.dimensions * 4 || index.hashes.length !== index.count)
      return cache;
    // Copy into an aligned buffer: a Buffer from readFile may start at any byte offset of its pool.
    const aligned = new Uint8Array(bytes.byteLength);
    aligned.set(bytes);
    if (!littleEndian()) Buffer.from(aligned.buffer).swap32();
    const data = new Float32Array(aligned.buffer);
    index.hashes.forEach((hash, row) => {
      if (!cache.has(hash))
        cache.set(hash, Array.from(data.subarray(row * index.dimensions, (row + 1) * index.dimensions)));
    });
  } catch {
    cache.clear();
  }
  return cache;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
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

import { DIMENSIONS, SCALE } from './layout.js';
import type { WinkEmbeddings } from './source.js';
import { UsageError } from './usage-error.js';

/** L2-normalise, then scale by 127 and round: the row of a unit vector in signed bytes. */
export function quantise(raw: number[], into: Int8Array, offset: number, word: string): void {
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

/** How far int8 cosines are from the float ones. */
export interface QuantisationError {
  pairs: number;
  mean: number;
  max: number;
}

/**
 * How far int8 cosines are from the float ones, over random pairs of kept words (a fixed-seed LCG, so a rebuild
 * of the same data prints the same figures). Recorded in the README so the claim "quantisation is harmless" is
 * measured, not assumed.
 */
export function measureQuantisationError(
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

/**
 * The vector arithmetic every part of the core shares (one copy): embeddings here are plain number
 * arrays, and most are unit length, so a dot product is their cosine similarity.
 */

/** Sum of the element-wise products; a missing element of `b` counts as 0. */
export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * (b[i] ?? 0);
  return sum;
}

/** The vector scaled to length 1 (a zero vector stays zero). */
export function unit(vector: readonly number[]): number[] {
  const norm = Math.sqrt(dot(vector, vector)) || 1;
  return vector.map((x) => x / norm);
}

/**
 * The vector itself when it is unit length already, else a unit copy: vectors shared by the index, the
 * sentence cache and the retriever are then held once.
 */
export function asUnit(vector: readonly number[]): number[] {
  return Math.abs(dot(vector, vector) - 1) < 1e-9 ? (vector as number[]) : unit(vector);
}

/** Cosine similarity of two vectors of any length; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  const na = dot(a, a);
  const nb = dot(b, b);
  return na === 0 || nb === 0 ? 0 : dot(a, b) / Math.sqrt(na * nb);
}

/** Rescales values to 0..1 (all 0 when they are all equal). */
export function minMax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const min = Math.min(...values);
  return values.map((v) => (max > min ? (v - min) / (max - min) : 0));
}

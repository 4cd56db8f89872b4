/** The largest difference between two lists of vectors, element by element. */
export function maxDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((x, j) => (max = Math.max(max, Math.abs(x - b[i]![j]!)))));
  return max;
}

/** `count` different questions of the length people ask. */
export function distinctQuestions(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `How long does medical assistant certification take in state number ${i + 1}?`,
  );
}

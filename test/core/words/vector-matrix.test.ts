import { describe, expect, it } from 'vitest';
import { VectorMatrix } from '../../../src/core/words/vector-matrix.js';
import { dot } from '../../../src/core/words/vectors.js';

/** Deterministic pseudo-random components in -0.5..0.5 (no Math.random: a failure must replay). */
function vectors(count: number, width: number, seed: number): number[][] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  return Array.from({ length: count }, () => Array.from({ length: width }, next));
}

describe('VectorMatrix', () => {
  it('gives bit for bit the plain dot of the query with every row (rows in fours and the rest)', () => {
    const rows = vectors(11, 512, 1);
    const [query] = vectors(1, 512, 2);
    const packed = VectorMatrix.of(rows).dots(query!);
    expect([...packed]).toEqual(rows.map((row) => dot(query!, row)));
    expect(packed.every((value, i) => Object.is(value, dot(query!, rows[i]!)))).toBe(true);
  });

  it('keeps Float32Array vectors exact when packed as float32', () => {
    const rows = vectors(7, 100, 3).map((row) => Float32Array.from(row));
    const query = Float32Array.from(vectors(1, 100, 4)[0]!);
    const plain = rows.map((row) => {
      let sum = 0;
      for (let i = 0; i < query.length; i++) sum += query[i]! * row[i]!;
      return sum;
    });
    expect([...VectorMatrix.of(rows, 'float32').dots(query)]).toEqual(plain);
  });

  it('counts components a shorter row lacks as 0, as the plain dot does', () => {
    const rows = [[0.5, 0.25], [0.1, 0.2, 0.3], []];
    const query = [0.3, -0.7, 0.9];
    expect([...VectorMatrix.of(rows).dots(query)]).toEqual(rows.map((row) => dot(query, row)));
  });

  it('gives the best similarity, floored, and the floor for no rows', () => {
    const rows = [
      [1, 0],
      [0.6, 0.8],
      [-1, 0],
    ];
    expect(VectorMatrix.of(rows).maxDot([0, 1], 0)).toBeCloseTo(0.8, 12);
    expect(VectorMatrix.of(rows).maxDot([0, -1], 0)).toBe(0);
    expect(VectorMatrix.of([]).maxDot([1, 0], 0)).toBe(0);
  });

  it('packs a frozen list once and a list that may change afresh', () => {
    const frozen = Object.freeze(vectors(3, 4, 5));
    expect(VectorMatrix.ofFrozen(frozen, (v) => v)).toBe(VectorMatrix.ofFrozen(frozen, (v) => v));
    const open = vectors(3, 4, 6);
    const before = VectorMatrix.ofFrozen(open, (v) => v);
    open.push([1, 1, 1, 1]);
    const after = VectorMatrix.ofFrozen(open, (v) => v);
    expect(after).not.toBe(before);
    expect(after.rows).toBe(4);
  });
});

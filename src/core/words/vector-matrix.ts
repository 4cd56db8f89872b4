/**
 * A fixed list of vectors packed row after row in one typed array, so that one query is dotted with all
 * of them in a single pass over contiguous memory. Every query dots the question with the ~1,400 known
 * questions and ~170 not-covered ones (512-d), and each question word with the guide's ~3k words (GloVe,
 * 100-d); as `number[]` rows scattered on the heap that was about a third of retrieval's main-thread time.
 *
 * The sums are the very ones `dot` (vectors.ts) computes: the same products added in the same order, in
 * double precision, and a component a row lacks counts as 0. Float64 rows hold `number[]` vectors
 * exactly; Float32 rows hold Float32Array vectors (GloVe) exactly. So a packed similarity equals the
 * plain one to the last bit and rankings do not move.
 */
export class VectorMatrix {
  private constructor(
    private readonly data: Float64Array | Float32Array,
    /** How many vectors. */
    readonly rows: number,
    /** Components per row (the longest vector's length; shorter vectors are padded with 0). */
    readonly width: number,
  ) {}

  /**
   * Packs the vectors in order. `float32` suits vectors that are Float32Arrays already (no value
   * changes); anything else must stay `float64`, or the similarities would change.
   */
  static of(
    vectors: readonly ArrayLike<number>[],
    precision: 'float64' | 'float32' = 'float64',
  ): VectorMatrix {
    const width = vectors.reduce((max, vector) => Math.max(max, vector.length), 0);
    const data =
      precision === 'float32'
        ? new Float32Array(vectors.length * width)
        : new Float64Array(vectors.length * width);
    vectors.forEach((vector, row) => data.set(vector, row * width));
    return new VectorMatrix(data, vectors.length, width);
  }

  /**
   * The packed vectors of `list` (float64), built once per list when the list is frozen: the retriever's
   * known-question lists are made once, frozen, and dotted with every query, so packing them per query
   * would cost as much as it saves. A list that is not frozen might change, so it is packed afresh.
   */
  static ofFrozen<T>(list: readonly T[], vectorOf: (item: T) => ArrayLike<number>): VectorMatrix {
    if (!Object.isFrozen(list)) return VectorMatrix.of(list.map(vectorOf));
    let matrix = packedLists.get(list);
    if (!matrix) packedLists.set(list, (matrix = VectorMatrix.of(list.map(vectorOf))));
    return matrix;
  }

  /**
   * The dot product of `query` with every row, in row order (into `out` when given, which must hold
   * `rows` values). Like `dot(query, row)`: components past the query's length are not read.
   */
  dots(query: ArrayLike<number>, out: Float64Array = new Float64Array(this.rows)): Float64Array {
    const { data, rows, width } = this;
    // Past the row width the plain dot adds query × 0, which leaves every finite sum as it is.
    const n = Math.min(query.length, width);
    const q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = query[i]!;
    // Four rows at a time: each row's sum still adds its products one by one in component order (so
    // bit for bit the plain dot), but the four chains of additions overlap in the CPU, which makes the
    // pass 2-2.5 times faster than one row at a time.
    let row = 0;
    for (; row + 4 <= rows; row += 4) {
      const b0 = row * width;
      const b1 = b0 + width;
      const b2 = b1 + width;
      const b3 = b2 + width;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const x = q[i]!;
        s0 += x * data[b0 + i]!;
        s1 += x * data[b1 + i]!;
        s2 += x * data[b2 + i]!;
        s3 += x * data[b3 + i]!;
      }
      out[row] = s0;
      out[row + 1] = s1;
      out[row + 2] = s2;
      out[row + 3] = s3;
    }
    for (; row < rows; row++) {
      const base = row * width;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += q[i]! * data[base + i]!;
      out[row] = sum;
    }
    return out;
  }

  /** The best dot product of `query` with a row, at least `floor` (`floor` when there are no rows). */
  maxDot(query: ArrayLike<number>, floor: number): number {
    const similarities = this.dots(query);
    let best = floor;
    for (let row = 0; row < similarities.length; row++) best = Math.max(best, similarities[row]!);
    return best;
  }
}

/** Packed frozen lists, dropped with their list. */
const packedLists = new WeakMap<readonly unknown[], VectorMatrix>();

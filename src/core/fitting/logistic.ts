/**
 * A small L2-regularised logistic regression, fitted by full-batch gradient descent on standardised
 * features and returned in the features' own units. Hand-written: the models here have under a dozen
 * features and a few thousand rows, and no maintained npm library fits a weighted binary model with a
 * known, reviewable optimiser (ml-logistic-regression is one-vs-all without weights or regularisation).
 */
export interface LogisticModel {
  bias: number;
  weights: number[];
}

export interface LogisticOptions {
  /** L2 penalty on the standardised weights (default 0.01). */
  l2?: number;
  /** Gradient steps (default 3,000). */
  iterations?: number;
  /** Step size on standardised features (default 0.5). */
  learningRate?: number;
  /** Per-row weights, e.g. to balance classes (default 1 each). */
  rowWeights?: readonly number[];
  /**
   * The sign each weight must keep, per feature (projected gradient descent): 1 at 0 or above, -1 at 0
   * or below, 0 free (default: all free). For evidence whose direction is known (a similarity to the
   * guide can only speak for it), so that correlated copies of one signal cannot cancel out with
   * opposite signs.
   */
  signs?: readonly (1 | -1 | 0)[];
}

/** Fits P(y = 1 | x) = σ(bias + weights · x). `rows` are feature vectors, `labels` 0 or 1. */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: LogisticOptions = {},
): LogisticModel {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  if (n === 0 || labels.length !== n)
    throw new Error('fitLogistic needs as many labels as rows, and at least one');
  const { l2 = 0.01, iterations = 3000, learningRate = 0.5, signs } = options;
  const rowWeights = options.rowWeights ?? rows.map(() => 1);
  const totalWeight = rowWeights.reduce((a, b) => a + b, 0);
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const std = Array.from({ length: d }, (_, j) => {
    const variance = rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / n;
    return Math.sqrt(variance) || 1;
  });
  const z = rows.map((r) => r.map((x, j) => (x - mean[j]!) / std[j]!));
  let bias = 0;
  const w = new Array<number>(d).fill(0);
  for (let step = 0; step < iterations; step++) {
    let gradBias = 0;
    const grad = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) {
      const row = z[i]!;
      let logit = bias;
      for (let j = 0; j < d; j++) logit += w[j]! * row[j]!;
      const error = (sigmoid(logit) - labels[i]!) * rowWeights[i]!;
      gradBias += error;
      for (let j = 0; j < d; j++) grad[j]! += error * row[j]!;
    }
    bias -= (learningRate * gradBias) / totalWeight;
    for (let j = 0; j < d; j++) {
      w[j]! -= learningRate * (grad[j]! / totalWeight + l2 * w[j]!);
      const sign = signs?.[j] ?? 0;
      if (sign * w[j]! < 0) w[j] = 0;
    }
  }
  // Back to raw units: w·(x - mean)/std = (w/std)·x - Σ w·mean/std.
  const weights = w.map((wj, j) => wj / std[j]!);
  return { bias: bias - weights.reduce((s, wj, j) => s + wj * mean[j]!, 0), weights };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** σ(bias + weights · x). */
export function predict(model: LogisticModel, row: readonly number[]): number {
  let logit = model.bias;
  for (let j = 0; j < row.length; j++) logit += (model.weights[j] ?? 0) * row[j]!;
  return sigmoid(logit);
}

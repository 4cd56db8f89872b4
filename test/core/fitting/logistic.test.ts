import { describe, expect, it } from 'vitest';
import { fitLogistic, predict } from '../../../src/core/fitting/logistic.js';

describe('fitLogistic', () => {
  it('learns a separable rule, in the features own units', () => {
    // y = 1 exactly when x0 > 5, whatever x1 (noise on another scale).
    const rows = Array.from({ length: 200 }, (_, i) => [i % 10, (i * 37) % 1000]);
    const labels = rows.map(([x0]) => (x0! > 5 ? 1 : 0));
    const model = fitLogistic(rows, labels);
    expect(predict(model, [9, 500])).toBeGreaterThan(0.9);
    expect(predict(model, [1, 500])).toBeLessThan(0.1);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(Math.abs(model.weights[0]!));
  });

  it('balances a rare class through row weights', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i < 10 ? 1 + (i % 3) * 0.1 : (i % 7) * 0.1]);
    const labels = rows.map((_, i) => (i < 10 ? 1 : 0));
    const unweighted = fitLogistic(rows, labels, { iterations: 500 });
    const weighted = fitLogistic(rows, labels, {
      iterations: 500,
      rowWeights: labels.map((y) => (y === 1 ? 9 : 1)),
    });
    expect(predict(weighted, [1])).toBeGreaterThan(predict(unweighted, [1]));
  });

  it('keeps each weight on its declared side of 0, even where the data would give it the other sign', () => {
    // x1 is x0 plus a copy of the label's opposite: unconstrained, it gets a negative weight.
    const rows = Array.from({ length: 200 }, (_, i) => {
      const x0 = i % 10;
      return [x0, x0 + (x0 > 5 ? 0 : 3)];
    });
    const labels = rows.map(([x0]) => (x0! > 5 ? 1 : 0));
    expect(fitLogistic(rows, labels).weights[1]!).toBeLessThan(0);
    const model = fitLogistic(rows, labels, { signs: [1, 1] });
    expect(model.weights.every((w) => w >= 0)).toBe(true);
    expect(predict(model, [9, 9])).toBeGreaterThan(predict(model, [1, 4]));
    // And at 0 or below for a feature declared to speak against the label.
    const flipped = fitLogistic(
      rows.map(([x0, x1]) => [x0!, -x1!]),
      labels,
      { signs: [0, -1] },
    );
    expect(flipped.weights[1]!).toBeLessThanOrEqual(0);
  });

  it('refuses rows and labels that do not match', () => {
    expect(() => fitLogistic([[1]], [1, 0])).toThrow(/as many labels as rows/);
    expect(() => fitLogistic([], [])).toThrow();
  });
});

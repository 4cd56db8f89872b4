import { describe, expect, it } from 'vitest';
import { fittedMatcherParams } from '../../../src/core/matching/matcher-params.js';

describe('fittedMatcherParams', () => {
  it('reads thresholds between -1 and 1 from same-question.params.json', () => {
    const params = fittedMatcherParams();
    for (const value of Object.values(params)) {
      expect(value).toBeGreaterThanOrEqual(-1);
      expect(value).toBeLessThanOrEqual(1);
    }
  });
});

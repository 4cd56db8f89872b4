import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadFittedParams,
  SCOPE_FEATURES,
  scopeProbability,
  scoreSection,
  SECTION_FEATURES,
  type ScopeFeatures,
  type SectionFeatures,
} from '../../../src/core/retrieval/fusion.js';

const zeros = <T extends readonly string[]>(names: T) =>
  Object.fromEntries(names.map((n) => [n, 0])) as Record<T[number], number>;

describe('the fitted parameters', () => {
  it('committed beside the code parse, with a refusal threshold at or below the plain-answer one', () => {
    const params = loadFittedParams();
    expect(params.fittedOn.every((file) => !/-test\.jsonl$/.test(file))).toBe(true);
    expect(params.scope.hedgeAt).toBeLessThanOrEqual(params.scope.answerAt);
    expect(Object.keys(params.ranking.weights).sort()).toEqual([...SECTION_FEATURES].sort());
    expect(Object.keys(params.scope.weights).sort()).toEqual([...SCOPE_FEATURES].sort());
  });

  it('are refused when a weight is missing, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidebot-params-'));
    const file = join(dir, 'bad.json');
    const params = loadFittedParams();
    const rest: Partial<SectionFeatures> = { ...params.ranking.weights };
    delete rest.denseN;
    writeFileSync(file, JSON.stringify({ ...params, ranking: { ...params.ranking, weights: rest } }));
    expect(() => loadFittedParams(file)).toThrow(/denseN/);
  });

  it('score a section linearly and a question through the logistic function', () => {
    const features: SectionFeatures = { ...zeros(SECTION_FEATURES), denseN: 1, lexicalN: 0.5 };
    const ranking = { bias: 1, weights: { ...zeros(SECTION_FEATURES), denseN: 2, lexicalN: 4 } };
    expect(scoreSection(features, ranking)).toBe(5);
    const scope = {
      bias: 0,
      weights: { ...zeros(SCOPE_FEATURES), margin: 1 },
      answerAt: 0.6,
      hedgeAt: 0.4,
    };
    const at = (margin: number) =>
      scopeProbability({ ...zeros(SCOPE_FEATURES), margin } as ScopeFeatures, scope);
    expect(at(0)).toBeCloseTo(0.5);
    expect(at(3)).toBeGreaterThan(at(1));
  });
});

import { describe, expect, it } from 'vitest';
import {
  embedPairs,
  fitMatcherParams,
  measureDecisions,
  parsePairs,
  type LabelledPair,
} from '../../../src/core/matching/fit-params.js';
import type { SameQuestionTools } from '../../../src/core/matching/same-question.js';

describe('parsePairs', () => {
  it('reads JSON lines and skips blank ones', () => {
    const text = '{"a": "x?", "b": "y?", "same": true}\n\n{"a": "p?", "b": "q?", "same": false}\n';
    expect(parsePairs(text, 'pairs.jsonl')).toEqual([
      { a: 'x?', b: 'y?', same: true },
      { a: 'p?', b: 'q?', same: false },
    ]);
  });

  it('names the file and line of a bad line', () => {
    expect(() => parsePairs('{"a": "x?", "b": "y?", "same": true}\nnot json', 'pairs.jsonl')).toThrow(
      'pairs.jsonl:2 is not JSON',
    );
    expect(() => parsePairs('{"a": "x?", "b": "y?", "same": "yes"}', 'pairs.jsonl')).toThrow('pairs.jsonl:1');
  });
});

describe('measureDecisions', () => {
  it('counts accuracy, precision and recall of "same"', () => {
    const metrics = measureDecisions([
      { same: true, judged: true },
      { same: true, judged: false },
      { same: false, judged: true },
      { same: false, judged: false },
      { same: true, judged: true },
    ]);
    expect(metrics).toMatchObject({
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 1,
    });
    expect(metrics.accuracy).toBeCloseTo(3 / 5);
    expect(metrics.precision).toBeCloseTo(2 / 3);
    expect(metrics.recall).toBeCloseTo(2 / 3);
  });

  it('counts precision as 1 when nothing is judged the same', () => {
    expect(measureDecisions([{ same: true, judged: false }]).precision).toBe(1);
  });
});

describe('embedPairs', () => {
  it('embeds each distinct question once and keeps the labels', async () => {
    const seen: string[][] = [];
    const pairs = await embedPairs(
      [
        { a: 'x?', b: 'y?', same: true },
        { a: 'x?', b: 'z?', same: false },
      ],
      async (texts) => {
        seen.push(texts);
        return texts.map((_, i) => [i]);
      },
    );
    expect(seen).toEqual([['x?', 'y?', 'z?']]);
    expect(pairs[1]).toEqual({ a: { text: 'x?', vector: [0] }, b: { text: 'z?', vector: [2] }, same: false });
  });
});

describe('fitMatcherParams', () => {
  // "cheap" / "affordable" (0.7) are a paraphrase, "degree" / "license" (0.55) a near miss.
  const similarities: Record<string, number> = { 'cheap/affordable': 0.7, 'degree/license': 0.55 };
  const tools: Omit<SameQuestionTools, 'params'> = {
    wordSimilarity: (a, b) => (a === b ? 1 : (similarities[`${a}/${b}`] ?? similarities[`${b}/${a}`])),
    synonyms: () => [],
    senseCount: () => 2,
  };
  const question = (text: string) => ({ text, vector: [1, 0] });
  const pairs: LabelledPair[] = [
    { a: question('a cheap program?'), b: question('an affordable program?'), same: true },
    { a: question('need a degree?'), b: question('need a license?'), same: false },
  ];

  it('takes the strictest word threshold that keeps the paraphrase and rejects the near miss', () => {
    const fit = fitMatcherParams({
      pairs,
      tools,
      minPrecision: 0.95,
      grid: {
        minSentenceSimilarity: [0.5],
        minWordSimilarity: [0.5, 0.6, 0.7, 0.8],
        minSynonymSimilarity: [0.3],
      },
    });
    expect(fit?.params.minWordSimilarity).toBe(0.7);
    expect(fit?.metrics).toMatchObject({ precision: 1, recall: 1 });
  });

  it('takes the middle of the sentence floors that give the same result', () => {
    const fit = fitMatcherParams({
      pairs,
      tools,
      minPrecision: 0.95,
      grid: {
        minSentenceSimilarity: [0.2, 0.4, 0.6, 0.8, 1],
        minWordSimilarity: [0.7],
        minSynonymSimilarity: [0.3],
      },
    });
    expect(fit?.params.minSentenceSimilarity).toBe(0.6);
  });

  it('returns undefined when no thresholds reach the precision asked for', () => {
    expect(
      fitMatcherParams({
        pairs,
        tools,
        minPrecision: 0.95,
        grid: { minSentenceSimilarity: [0.5], minWordSimilarity: [0.5], minSynonymSimilarity: [0.3] },
      }),
    ).toBeUndefined();
  });
});

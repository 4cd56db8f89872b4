import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UseLiteEmbeddings } from '../../src/providers/embeddings/use-lite.js';
import type { HybridRetriever } from '../../src/core/retrieval/hybrid-retriever.js';
import type { EvalQuestion } from '../../src/cli/evaluate.js';
import { fitUnitWeights } from '../../scripts/fit/fit-units.js';
import { TINY_CORPUS, makeTempDir } from '../ingest/helpers.js';
import { buildRetriever } from '../core/retrieval/retriever-fixture.js';

/** The fit of a unit's score, on the tiny corpus with USE-lite: which sentences hold what is asked. */

const embeddings = new UseLiteEmbeddings();
let tmp: { dir: string; cleanup: () => void };
let retriever: HybridRetriever;

beforeAll(async () => {
  tmp = makeTempDir('guidebot-fit-units-');
  ({ retriever } = await buildRetriever(TINY_CORPUS, tmp.dir, embeddings));
});
afterAll(() => tmp?.cleanup());

const ask = (q: string, facts: string[]): EvalQuestion => ({ q, facts }) as EvalQuestion;

describe('fitUnitWeights', () => {
  it('learns not to favour opening sentences when the facts asked for sit in later ones', async () => {
    // In every section of the tiny corpus the fact asked for is in the second sentence.
    const fitted = await fitUnitWeights(retriever, embeddings, [
      ask('Will a hive give honey in its first year?', ['little or no harvest']),
      ask('How much does it cost to start beekeeping?', ['$400 to $600']),
      ask('Why does smoke calm the bees?', ['alarm pheromone']),
      ask('How do I get a tangier loaf?', ['tangier flavor']),
      ask('When is a sourdough starter ready?', ['double within six hours']),
      ask('Do I have to wear a full bee suit?', ['veiled jacket']),
      // Skipped: off-topic, no facts, several questions in one.
      { q: 'How do I fix my car?', outOfScope: true } as EvalQuestion,
      { q: 'What equipment do I need?' } as EvalQuestion,
      ask('How much honey? And when is the starter ready?', ['30 to 60 pounds']),
    ]);
    expect(fitted.questions).toBe(6);
    expect(fitted.weights.lead).toBe(0);
    for (const weight of Object.values(fitted.weights)) expect(weight).toBeGreaterThanOrEqual(0);
    expect(fitted.weights.lexical + fitted.weights.dense).toBeCloseTo(1, 3);
    expect(fitted.fittedFirst).toBeGreaterThan(fitted.handSetFirst);
  });
});

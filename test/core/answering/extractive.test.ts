import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { toGuideSettings } from '../../../src/app/wiring.js';
import {
  composeExtractiveAnswer,
  listAnswerChars,
  type ComposedAnswer,
} from '../../../src/core/answering/extractive.js';
import { SentenceVectorCache } from '../../../src/core/answering/sentence-vectors.js';
import { openGuide, type Guide } from '../../../src/core/guide.js';
import type { Retrieval } from '../../../src/core/retrieval/hybrid-retriever.js';
import { createSilentLogger } from '../../../src/logger.js';
import { expectGroundedAnswer, readQuotedUnits } from './grounding.js';
import { openGuideFixture, type GuideFixture } from './guide-fixture.js';

/**
 * The extractive answer quotes the guide word for word and cites what it quotes. Checked on the real
 * guide (USE-lite index built once for this file); the list handling on hand-made passages is in
 * extractive-passages.test.ts, the shape of answers in answer-shape.test.ts.
 */

const ANSWER_MAX_CHARS = loadConfig({}).ANSWER_MAX_CHARS;
/** Room for one citation marker more than the budget counts (a sentence's " [n]" and a list item's). */
const MARGIN = 8;

const SALARY_ANCHOR = 'how-much-is-the-salary-of-medical-administrative-assistants';

/** A list answer ("- item" lines) may use the list allowance; any other answer the plain budget. */
function allowance(answer: string, maxChars: number): number {
  return answer.includes('\n- ') ? listAnswerChars(maxChars) : maxChars;
}

describe('composeExtractiveAnswer on the guide', () => {
  let fixture: GuideFixture;
  let guide: Guide;

  beforeAll(async () => {
    fixture = await openGuideFixture();
    guide = await openGuide({
      settings: toGuideSettings(loadConfig({ INDEX_DIR: fixture.indexDir })),
      embeddings: fixture.embeddings,
      logger: createSilentLogger(),
    });
  });
  afterAll(() => fixture?.cleanup());

  // One sentence cache for the file, as the answerer keeps one: sentences are embedded once.
  const sentenceVectors = new SentenceVectorCache();
  const composed = new Map<string, Promise<{ retrieval: Retrieval; answer: ComposedAnswer }>>();
  const compose = (question: string, maxChars = ANSWER_MAX_CHARS) => {
    const key = `${maxChars}:${question}`;
    let result = composed.get(key);
    if (!result) {
      result = (async () => {
        const retrieval = await fixture.retriever.retrieve(question, { k: 5 });
        const answer = await composeExtractiveAnswer({
          retrieval,
          embeddings: fixture.embeddings,
          sentenceVectors,
          idf: (term) => fixture.retriever.idf(term),
          maxChars,
          sectionPassages: fixture.sectionPassages,
          asked: question,
        });
        return { retrieval, answer };
      })();
      composed.set(key, result);
    }
    return result;
  };

  const QUESTIONS = [
    "what's the typical pay?",
    'Where do medical administrative assistants work?',
    'What is NAHAM?',
    'What skills should I have for this job?',
    'Do I need a license to work as a medical administrative assistant?',
    'Are there opportunities for remote work?',
    'What job growth is expected?',
    'How can I advance my career?',
    'Which employers pay the most?',
    'What is the difference between a medical office assistant and a clinical medical assistant?',
  ];

  it.each(QUESTIONS)(
    'quotes only retrieved sections, word for word, each unit citing its source: %s',
    async (question) => {
      const { retrieval, answer } = await compose(question);
      expectGroundedAnswer(answer.text, answer.citations, fixture.evidence(retrieval));
    },
  );

  it.each(QUESTIONS)(
    'stays within ANSWER_MAX_CHARS (a list answer within the list allowance): %s',
    async (question) => {
      const { answer } = await compose(question);
      expect(answer.text.length).toBeLessThanOrEqual(allowance(answer.text, ANSWER_MAX_CHARS) + MARGIN);
    },
  );

  it.each(QUESTIONS.slice(0, 4))(
    'stays within a tighter budget of 250 characters (a list within its allowance) and is still grounded: %s',
    async (question) => {
      const { retrieval, answer } = await compose(question, 250);
      expect(answer.text.length).toBeLessThanOrEqual(allowance(answer.text, 250) + MARGIN);
      expectGroundedAnswer(answer.text, answer.citations, fixture.evidence(retrieval));
    },
  );

  it('answers "what\'s the typical pay?" with "$44,460", citing the salary section', async () => {
    const { answer } = await compose("what's the typical pay?");
    expect(answer.text).toContain('$44,460');
    const unit = readQuotedUnits(answer.text).find((u) => u.text.includes('$44,460'))!;
    expect(answer.citations[unit.cites[0]! - 1]?.anchor).toBe(SALARY_ANCHOR);
  });

  it('gives "what\'s the typical pay?" through the guide: answered, grounded, "$44,460", salary section cited first', async () => {
    const result = await guide.answer("what's the typical pay?");
    expect(result).toMatchObject({ outcome: 'answered', grounded: true, mode: 'extractive' });
    expect(result.answer).toContain('$44,460');
    expect(result.citations[0]?.anchor).toBe(SALARY_ANCHOR);
    expect(result.answer.length).toBeLessThanOrEqual(ANSWER_MAX_CHARS + MARGIN);
  });

  it('never cites the Table of Contents', async () => {
    for (const question of [
      'What is the table of contents?',
      'What are the benefits of becoming a Medical Administrative Assistant?',
    ]) {
      const { answer } = await compose(question);
      for (const citation of answer.citations) expect(citation.headingPath).not.toMatch(/table of contents/i);
    }
  });
});

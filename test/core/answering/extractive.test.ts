import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { composeExtractiveAnswer, type ComposedAnswer } from '../../../src/core/answering/extractive.js';
import { SentenceVectorCache } from '../../../src/core/answering/sentence-vectors.js';
import { openGuide, type Guide } from '../../../src/core/guide.js';
import {
  HybridRetriever,
  type Retrieval,
  type SectionHit,
} from '../../../src/core/retrieval/hybrid-retriever.js';
import { terms } from '../../../src/core/words/text.js';
import type { RetrievedPassage } from '../../../src/core/types.js';
import { createSilentLogger } from '../../../src/logger.js';
import { GUIDE_CORPUS, HashEmbeddings, makeTempDir } from '../../ingest/helpers.js';
import { buildRetriever } from '../retrieval/retriever-fixture.js';
import { expectGroundedAnswer, readQuotedUnits } from './grounding.js';

/**
 * The extractive answer quotes the guide word for word and cites what it quotes. Checked on the real
 * guide (USE-lite index built once for this file) and on hand-made passages for the list handling.
 */

const ANSWER_MAX_CHARS = loadConfig({}).ANSWER_MAX_CHARS;
/** Room for one citation marker more than the budget counts (a sentence's " [n]" and a list item's). */
const MARGIN = 8;

const SALARY_ANCHOR = 'how-much-is-the-salary-of-medical-administrative-assistants';

describe('composeExtractiveAnswer on the guide', () => {
  const embeddings = new UseLiteEmbeddings();
  let tmp: { dir: string; cleanup: () => void };
  let retriever: HybridRetriever;
  let guide: Guide;

  beforeAll(async () => {
    tmp = makeTempDir('guidebot-extractive-');
    ({ retriever } = await buildRetriever(GUIDE_CORPUS, tmp.dir, embeddings));
    guide = await openGuide({
      config: loadConfig({ INDEX_DIR: path.join(tmp.dir, 'index') }),
      embeddings,
      logger: createSilentLogger(),
    });
  });
  afterAll(() => tmp?.cleanup());

  // One sentence cache for the file, as the answerer keeps one: sentences are embedded once.
  const sentenceVectors = new SentenceVectorCache();
  const composed = new Map<string, Promise<{ retrieval: Retrieval; answer: ComposedAnswer }>>();
  const compose = (question: string, maxChars = ANSWER_MAX_CHARS) => {
    const key = `${maxChars}:${question}`;
    let result = composed.get(key);
    if (!result) {
      result = (async () => {
        const retrieval = await retriever.retrieve(question, { k: 5 });
        const answer = await composeExtractiveAnswer({
          retrieval,
          embeddings,
          sentenceVectors,
          idf: (term) => retriever.idf(term),
          maxChars,
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
    'quotes only retrieved passages, word for word, each unit citing its source: %s',
    async (question) => {
      const { retrieval, answer } = await compose(question);
      expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
    },
  );

  it.each(QUESTIONS)('stays within ANSWER_MAX_CHARS: %s', async (question) => {
    const { answer } = await compose(question);
    expect(answer.text.length).toBeLessThanOrEqual(ANSWER_MAX_CHARS + MARGIN);
  });

  it.each(QUESTIONS.slice(0, 4))(
    'stays within a tighter budget of 250 characters and is still grounded: %s',
    async (question) => {
      const { retrieval, answer } = await compose(question, 250);
      expect(answer.text.length).toBeLessThanOrEqual(250 + MARGIN);
      expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
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

describe('composeExtractiveAnswer on hand-made passages', () => {
  const embeddings = new HashEmbeddings({ dimensions: 256 });

  function passage(anchor: string, ordinal: number, text: string, score = 1): RetrievedPassage {
    const heading = anchor.replace(/-/g, ' ');
    return {
      heading,
      headingPath: heading,
      anchor,
      source: 'guide.md',
      chunkId: `guide.md#${anchor}:${ordinal}`,
      text,
      score,
    };
  }

  async function retrievalFor(question: string, passages: RetrievedPassage[]): Promise<Retrieval> {
    const first = passages[0];
    const sections: SectionHit[] = first
      ? [
          {
            heading: first.heading,
            headingPath: first.headingPath,
            anchor: first.anchor,
            source: first.source,
            key: `${first.source}#${first.anchor}`,
            score: 3,
            dense: 1,
            headingSimilarity: 1,
            lexical: 1,
            features: {
              denseN: 1,
              headingN: 1,
              lexicalN: 1,
              askN: 1,
              wordsN: 1,
              dense: 1,
              heading: 1,
              ask: 1,
              words: 1,
            },
            chunks: [],
          },
        ]
      : [];
    const retrieval = {
      question,
      sections,
      passages,
      scope: {
        contentWords: [],
        knownWords: [],
        coverage: 1,
        semantic: 1,
        inScope: true,
        decision: 'answer' as const,
        reason: 'covered',
      },
      queryVector: await embeddings.embedQuery(question),
      queryTerms: terms(question).map((term) => ({ term, weight: 1 })),
    };
    return retrieval;
  }

  const compose = async (question: string, passages: RetrievedPassage[], maxChars = 600) => {
    const retrieval = await retrievalFor(question, passages);
    const answer = await composeExtractiveAnswer({
      retrieval,
      embeddings,
      sentenceVectors: new SentenceVectorCache(),
      idf: () => 1,
      maxChars,
    });
    return { retrieval, answer };
  };

  it('returns an empty answer with no citations when nothing was retrieved', async () => {
    const { answer } = await compose('What factors influence salary?', []);
    expect(answer).toEqual({ text: '', citations: [] });
  });

  it('quotes a sentence that introduces a list together with the titles of the list items, in order', async () => {
    const text = [
      'Salaries vary across the country. Several factors influence salary, including:',
      '- Experience. Entry-level assistants may earn less than experienced ones.',
      '- Certification. Certified assistants often earn more.',
      '- Location. Cities with a high cost of living pay more.',
    ].join('\n');
    const { retrieval, answer } = await compose('Which factors influence salary?', [
      passage('salary', 0, text),
    ]);
    const lines = answer.text.split('\n');
    expect(lines[0]).toBe('Several factors influence salary, including: [1]');
    expect(lines.slice(1, 4)).toEqual(['- Experience.', '- Certification.', '- Location.']);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it('follows a list into the next chunk of the same section, citing that chunk for its items', async () => {
    // Chunk 1 repeats the last item of chunk 0 (the splitter's overlap); it must not be listed twice.
    const first = passage(
      'employers',
      0,
      'Employers that pay the most include:\n- Hospitals. They pay the most.\n- Insurers. They pay well.',
      1,
    );
    const second = passage(
      'employers',
      1,
      '- Insurers. They pay well.\n- Universities. They pay steadily.',
      0.9,
    );
    const { retrieval, answer } = await compose('Which employers pay the most?', [first, second]);
    const lines = answer.text.split('\n');
    expect(lines[0]).toBe('Employers that pay the most include: [1]');
    expect(lines.slice(1, 4)).toEqual(['- Hospitals.', '- Insurers.', '- Universities. [2]']);
    expect(answer.citations.map((c) => c.chunkId)).toEqual([first.chunkId, second.chunkId]);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it('drops list titles that do not fit the budget rather than exceed it', async () => {
    const items = Array.from(
      { length: 8 },
      (_, i) => `- Employer number ${i + 1} of a rather long list. It pays.`,
    );
    const text = ['Employers that pay the most include:', ...items].join('\n');
    const { retrieval, answer } = await compose(
      'Which employers pay the most?',
      [passage('employers', 0, text)],
      200,
    );
    expect(answer.text.length).toBeLessThanOrEqual(200);
    expect(answer.text.split('\n').length).toBeGreaterThan(1);
    expect(answer.text.split('\n').length).toBeLessThan(9);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it('quotes a short list title with the sentence after it exactly as the guide spaces them', async () => {
    const text =
      'Workplaces include:\n- Hospitals.  They employ the most assistants, in every department.\n- Clinics. They are smaller.';
    const { retrieval, answer } = await compose(
      'Do hospitals employ the most assistants in every department?',
      [passage('workplaces', 0, text)],
    );
    expect(answer.text).toContain('They employ the most assistants');
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it('numbers citations by first use and reuses the number of a passage quoted twice', async () => {
    const a = passage('salary', 0, 'The average salary is $44,460 per year. Entry-level salary is lower.', 2);
    const b = passage('outlook', 0, 'Salary growth follows demand for healthcare workers.', 1);
    const { retrieval, answer } = await compose('What is the average salary per year?', [a, b]);
    expect(answer.citations[0]?.chunkId).toBe(a.chunkId);
    expect(answer.text).toContain('$44,460');
    const cited = readQuotedUnits(answer.text).flatMap((u) => u.cites);
    expect(Math.max(...cited)).toBe(answer.citations.length);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });
});

describe('the grounding check used above', () => {
  const passage: RetrievedPassage = {
    heading: 'Salary',
    headingPath: 'Salary',
    anchor: 'salary',
    source: 'guide.md',
    chunkId: 'guide.md#salary:0',
    text: 'The average salary is $44,460 per year. Entry-level pay is lower.\n- Location. Cities pay more.',
    score: 1,
  };
  const citation = {
    n: 1,
    heading: 'Salary',
    headingPath: 'Salary',
    anchor: 'salary',
    source: 'guide.md',
    chunkId: passage.chunkId,
    score: 1,
    quote: passage.text,
  };

  it('accepts a faithful answer, list items included', () => {
    expect(() =>
      expectGroundedAnswer('The average salary is $44,460 per year. [1]\n- Location.', [citation], [passage]),
    ).not.toThrow();
  });

  it.each([
    ['a reworded sentence', 'The mean salary is $44,460 per year. [1]', [citation], [passage]],
    ['a marker naming no citation', 'The average salary is $44,460 per year. [2]', [citation], [passage]],
    [
      'a sentence without a marker',
      'The average salary is $44,460 per year. [1] Entry-level pay is lower.',
      [citation],
      [passage],
    ],
    [
      'a citation of a passage that was not retrieved',
      'The average salary is $44,460 per year. [1]',
      [citation],
      [],
    ],
    [
      'a citation never named in the text',
      'The average salary is $44,460 per year. [1]',
      [citation, { ...citation, n: 2 }],
      [passage],
    ],
  ] as const)('rejects %s', (_name, answer, citations, passages) => {
    expect(() => expectGroundedAnswer(answer, citations, passages)).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import {
  composeExtractiveAnswer,
  listAnswerChars,
  rankUnits,
  type SectionPassages,
} from '../../../src/core/answering/extractive.js';
import { HAND_SET_UNIT_WEIGHTS } from '../../../src/core/answering/scoring.js';
import { SentenceVectorCache } from '../../../src/core/answering/sentence-vectors.js';
import type { Retrieval, SectionHit } from '../../../src/core/retrieval/hybrid-retriever.js';
import { terms } from '../../../src/core/words/text.js';
import type { RetrievedPassage } from '../../../src/core/types.js';
import { HashEmbeddings } from '../../ingest/helpers.js';
import { expectGroundedAnswer, readQuotedUnits } from './grounding.js';

/**
 * composeExtractiveAnswer on hand-made passages: lists (every item named and cited, across chunks),
 * citations (one per section) and budgets. The grounding check itself is tested in grounding.test.ts.
 */

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
              askedWordsN: 1,
              askN: 1,
              ask3N: 1,
              wordsN: 1,
              dense: 1,
              heading: 1,
              ask: 1,
              ask3: 1,
              words: 1,
              headingTerms: 1,
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

  const compose = async (
    question: string,
    passages: RetrievedPassage[],
    maxChars = 600,
    sectionPassages?: SectionPassages,
    unitWeights?: typeof HAND_SET_UNIT_WEIGHTS,
  ) => {
    const retrieval = await retrievalFor(question, passages);
    const answer = await composeExtractiveAnswer({
      retrieval,
      embeddings,
      sentenceVectors: new SentenceVectorCache(),
      idf: () => 1,
      maxChars,
      ...(sectionPassages ? { sectionPassages } : {}),
      ...(unitWeights ? { unitWeights } : {}),
    });
    return { retrieval, answer };
  };

  /** The units of a one-question retrieval, ranked with the hand-set weights (by default no bonus for the opening). */
  const rankFor = async (retrieval: Retrieval, lead = 0) => {
    const ranked = await rankUnits({
      retrieval,
      embeddings,
      sentenceVectors: new SentenceVectorCache(),
      idf: () => 1,
      maxChars: 600,
      unitWeights: { ...HAND_SET_UNIT_WEIGHTS, lead },
    });
    return ranked!.scores[0]!.ranked;
  };

  it('quotes first the sentence a close known question is answered with, only in its own section', async () => {
    const text = [
      'Assistants keep a clinic running every day.',
      'Most of them work at the front desk of a clinic.',
      'Some move on to manage the office after a few years.',
    ].join(' ');
    const question = 'what happens to assistants later on?';
    const rankWith = async (knownAnswers: Retrieval['knownAnswers']) => {
      const retrieval = { ...(await retrievalFor(question, [passage('careers', 0, text)])), knownAnswers };
      return rankFor(retrieval);
    };
    const answer = 'Some move on to manage the office after a few years.';
    const taught = await rankWith([{ sectionKey: 'guide.md#careers', answer, similarity: 0.9 }]);
    expect(taught[0]!.candidate.text).toBe(answer);
    expect(taught[0]!.features.knownAnswer).toBe(0.9);
    expect(taught.slice(1).every((u) => u.features.knownAnswer === 0)).toBe(true);
    // The same sentence written for another section lends nothing here.
    const elsewhere = await rankWith([{ sectionKey: 'guide.md#other', answer, similarity: 0.9 }]);
    expect(elsewhere.every((u) => u.features.knownAnswer === 0)).toBe(true);
  });

  it("reports each unit's features and ranks the units by the weights it is given", async () => {
    const text = [
      'Assistants keep a clinic running every day.',
      'Their pay depends on the state they work in and on certification.',
    ].join(' ');
    const retrieval = await retrievalFor('what does their pay depend on?', [passage('pay', 0, text)]);
    const rank = (lead: number) => rankFor(retrieval, lead);
    const heavyLead = await rank(5);
    expect(heavyLead[0]!.candidate.text).toBe('Assistants keep a clinic running every day.');
    expect(heavyLead[0]!.features).toMatchObject({ lead: 1, bestSection: 1, answerType: 0 });
    const noLead = await rank(0);
    expect(noLead[0]!.candidate.text).toMatch(/^Their pay depends/);
    expect(noLead[0]!.features.lexical).toBeGreaterThan(noLead[1]!.features.lexical);
    expect(noLead[0]!.score).toBeCloseTo(
      0.5 * noLead[0]!.features.lexical + 0.5 * noLead[0]!.features.dense + 0.2 + 0,
      6,
    );
  });

  it("answers with the answering section's list, not one another section introduces with the question's words", async () => {
    const insights = passage(
      'insights',
      0,
      '- Pay is steady.\n- Demand grows fast.\n- Most work in clinics.',
    );
    const groups = passage(
      'groups',
      0,
      'Here are the key takeaways of joining groups:\n- NAHAM. Access staff.\n- AMBA. Billing staff.',
    );
    // The retrieval puts the insights section first; the groups' introduction shares more words.
    const { answer } = await compose('what are the key takeaways', [insights, groups]);
    expect(answer.text).toContain('Pay is steady.');
    expect(answer.text).not.toContain('NAHAM');
  });

  it('matches the words that ask for a figure with the figure, not with the same word in another sense', async () => {
    const text = [
      'Making friends at work takes time.',
      'The average assistant salary is approximately $44,460 per year.',
    ].join(' ');
    const retrieval = await retrievalFor('how much do they make', [passage('pay', 0, text)]);
    const units = await rankFor(retrieval);
    expect(units.every((u) => u.features.lexical === 0)).toBe(true);
    expect(units[0]!.candidate.text).toMatch(/\$44,460/);
    expect(units[0]!.features.answerType).toBe(1);
  });

  it('answers with the list an opening introduces when the opening scores close to the best item, even if a question word names one item', async () => {
    // Without a bonus for the opening sentence (as fitted), an item can score first.
    const unitWeights = { ...HAND_SET_UNIT_WEIGHTS, lead: 0 };
    const text = [
      'Assistants need schooling, and there are several kinds to choose from, including:',
      '- High School Diploma. Assistants need this schooling first.',
      '- Associate Degrees. Colleges run two-year programmes.',
      '- Certificates. Short courses last months.',
    ].join('\n');
    const ask = (question: string) =>
      compose(question, [passage('schooling', 0, text)], 600, undefined, unitWeights);
    const lists = await ask('what schooling do assistants need?');
    expect(lists.answer.text.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- High School Diploma. Assistants need this schooling first. [1]',
      '- Associate Degrees. Colleges run two-year programmes. [1]',
      '- Certificates. Short courses last months. [1]',
    ]);
    // An item that clearly beats the opening is what is asked about: no list.
    const one = await ask('do colleges run two-year associate degrees programmes?');
    expect(one.answer.text).not.toContain('- High School Diploma.');
    expect(one.answer.text).toContain('Colleges run two-year programmes.');
  });

  it('returns an empty answer with no citations when nothing was retrieved', async () => {
    const { answer } = await compose('What factors influence salary?', []);
    expect(answer).toEqual({ text: '', citations: [] });
  });

  // Each item now carries its citation and the list follows the section's opening sentence: before,
  // items without a marker borrowed the intro's, and the opening line was left out.
  it("leads with the section's opening sentence, then the list's introduction and every item, each cited", async () => {
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
    expect(lines[0]).toBe(
      'Salaries vary across the country. [1] Several factors influence salary, including: [1]',
    );
    // Each item with the sentence that explains it: the list fits the budget so.
    expect(lines.slice(1)).toEqual([
      '- Experience. Entry-level assistants may earn less than experienced ones. [1]',
      '- Certification. Certified assistants often earn more. [1]',
      '- Location. Cities with a high cost of living pay more. [1]',
    ]);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
    // In a tighter budget, the titles alone.
    const tight = await compose('Which factors influence salary?', [passage('salary', 0, text)], 100);
    expect(tight.answer.text.split('\n').slice(1)).toEqual([
      '- Experience. [1]',
      '- Certification. [1]',
      '- Location. [1]',
    ]);
  });

  it("answers one question from the retrieval's best section even when another section has the best sentence", async () => {
    const insights = [
      '- The average salary is about $44,000 a year.',
      '- Job openings number about 120,000 a year.',
      '- Half of employers require certification.',
    ].join('\n');
    const { answer } = await compose('Key insights summary points?', [
      passage('key-insights', 0, insights),
      passage('education', 0, 'Further study gives key insights and summary points to managers.'),
    ]);
    const items = answer.text.split('\n').filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(3);
    expect(answer.citations[0]?.anchor).toBe('key-insights');
  });

  it('quotes under its item the sentence that answers a question the list names only by title', async () => {
    const text = [
      'New hires get training in several ways, including:',
      '- Classes. A community college runs evening courses.',
      '- Mentoring. A senior colleague answers questions in the first weeks.',
      '- On the job. Most learn at work. Employers teach new hires their own scheduling software.',
    ].join('\n');
    const asked = await compose('what training do employers give new hires', [passage('training', 0, text)]);
    const lines = asked.answer.text.split('\n');
    // The item's later sentence answers better than the one after its title: it explains the item.
    expect(lines).toContain('- On the job. … Employers teach new hires their own scheduling software. [1]');
    expect(lines).toContain('- Classes. A community college runs evening courses. [1]');
    expectGroundedAnswer(asked.answer.text, asked.answer.citations, asked.retrieval.passages);
    // Where the sentence after the title answers best, it explains the item.
    const listed = await compose('what are the ways to learn at work?', [passage('training', 0, text)]);
    expect(listed.answer.text).toContain('- On the job. Most learn at work. [1]');
    expect(listed.answer.text).not.toContain('scheduling software');
  });

  it('follows a list into the next chunk of the same section, citing the section once', async () => {
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
    expect(lines.slice(1)).toEqual([
      '- Hospitals. They pay the most. [1]',
      '- Insurers. They pay well. [1]',
      '- Universities. They pay steadily. [1]',
    ]);
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({
      chunkId: first.chunkId,
      quote: [...first.text.split('\n'), '- Universities. They pay steadily.'].join('\n'),
    });
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it("names the items of chunks that were not retrieved when the section's chunks are given", async () => {
    const chunks = [
      passage(
        'places',
        0,
        'Assistants work in many places. Here is where:\n- Hospitals. Busy.\n- Clinics. Calm.',
      ),
      passage('places', 1, '- Dental Offices. Small.\n- Insurers. Remote.'),
      passage('places', 2, '- Labs. Quiet.\n- Schools. Seasonal.\nMost work in clinics.'),
    ];
    const lookup: SectionPassages = (key) => (key === 'guide.md#places' ? chunks : []);
    const { answer } = await compose('Where can assistants work?', [chunks[0]!], 600, lookup);
    const items = answer.text.split('\n').filter((line) => line.startsWith('- '));
    expect(items).toEqual([
      '- Hospitals. Busy. [1]',
      '- Clinics. Calm. [1]',
      '- Dental Offices. Small. [1]',
      '- Insurers. Remote. [1]',
      '- Labs. Quiet. [1]',
      '- Schools. Seasonal. [1]',
    ]);
    expect(answer.citations).toHaveLength(1);
    expectGroundedAnswer(answer.text, answer.citations, chunks);
  });

  it('names items without a title by their opening words, and a quotation by its opening and speaker', async () => {
    const text = [
      '- The demand for assistants is projected to grow by 15% over the next decade, much faster than the average for all occupations, driven by an ageing population and by the growing demand for healthcare services.',
      '- "Getting certified was the best decision I made. I found a job in two weeks, at a clinic near home, and every day I learn something new about billing, coding, scheduling, insurance claims, records and patient care, which I never expected to enjoy this much." - Arthur',
    ].join('\n');
    // 160 characters (a list allowance of 400) does not hold both items whole.
    const { retrieval, answer } = await compose(
      'What are the benefits?',
      [passage('benefits', 0, text)],
      160,
    );
    const items = answer.text.split('\n');
    expect(items[0]).toMatch(/^- The demand for assistants is projected to grow by 15%.*… \[1\]$/);
    expect(items[1]).toMatch(/^- "Getting certified was the best decision I made\. .*…" - Arthur \[1\]$/);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it('names untitled items whole when the whole list fits its allowance', async () => {
    const text = [
      '- The demand for assistants is projected to grow by 15% over the next decade, much faster than the average for all occupations, driven by an ageing population and by the growing demand for healthcare services.',
      '- "Getting certified was the best decision I made. I found a job in two weeks, at a clinic near home, and every day I learn something new about billing, coding, scheduling, insurance claims, records and patient care, which I never expected to enjoy this much." - Arthur',
    ].join('\n');
    const { retrieval, answer } = await compose('What are the benefits?', [passage('benefits', 0, text)]);
    const items = answer.text.split('\n');
    expect(items[0]).toMatch(
      /driven by an ageing population and by the growing demand for healthcare services\. \[1\]$/,
    );
    expect(items[1]).toMatch(/which I never expected to enjoy this much\." - Arthur \[1\]$/);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it('uses the list allowance for a list that does not fit the budget, and names as many items as fit it', async () => {
    const items = Array.from(
      { length: 40 },
      (_, i) => `- Employer number ${i + 1} of a rather long list. It pays.`,
    );
    const text = ['Employers that pay the most include:', ...items].join('\n');
    const { retrieval, answer } = await compose(
      'Which employers pay the most?',
      [passage('employers', 0, text)],
      200,
    );
    expect(listAnswerChars(200)).toBe(500);
    expect(answer.text.length).toBeLessThanOrEqual(listAnswerChars(200));
    expect(answer.text.split('\n').length).toBeGreaterThan(5);
    expect(answer.text.split('\n').length).toBeLessThan(41);
    expectGroundedAnswer(answer.text, answer.citations, retrieval.passages);
  });

  it('never quotes a references section', async () => {
    const references = {
      ...passage(
        'references',
        0,
        '- Bureau of Labor Statistics. (2023). Salaries. Retrieved from https://bls.gov/x',
      ),
      heading: 'References:',
    };
    const salary = passage('salary', 0, 'The average salary is $44,460 per year.', 0.5);
    const { answer } = await compose('Bureau of Labor Statistics salaries 2023?', [references, salary]);
    expect(answer.citations.map((c) => c.anchor)).toEqual(['salary']);
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

  it('numbers citations by first use and reuses the number of a section quoted twice', async () => {
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

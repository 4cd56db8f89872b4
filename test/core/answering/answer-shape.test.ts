import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAnswerChars } from '../../../src/core/answering/extractive.js';
import { loadConfig } from '../../../src/config.js';
import { expectGroundedAnswer, readQuotedUnits } from './grounding.js';
import { openGuideFixture, type GuideFixture } from './guide-fixture.js';
import { unit } from '../../../src/core/words/vectors.js';

/**
 * The shape of extractive answers on the real guide, through createAnswerer: a list question names
 * every item with its citation, a message of two questions gets both answered, a figure the guide
 * lacks is flagged, one citation per section, never the references, and every answer grounded.
 */

const ANSWER_MAX_CHARS = loadConfig({}).ANSWER_MAX_CHARS;

const WORKPLACES = [
  'Hospitals.',
  'Physician’s Offices.',
  'Outpatient Clinics.',
  'Dental Offices.',
  'Health Insurance Companies.',
  'Government Health Agencies.',
  'Long-Term Care Facilities and Nursing Homes.',
  'Pharmaceutical and Medical Device Companies.',
];
const SKILLS = [
  'Clinical Experience.',
  'Patient Communication.',
  'Critical Thinking.',
  'Professionalism or Soft Skills.',
  'Time Management.',
];
const PAY_FACTORS = ['Experience.', 'Certification.', 'Location.'];
const ORGANISATIONS = [
  'National Healthcareer Association (NHA).',
  'American Association of Medical Assistants (AAMA).',
  'Medical Group Management Association (MGMA).',
  'National Association of Healthcare Access Management (NAHAM).',
  'American Medical Billing Association (AMBA).',
];

let fixture: GuideFixture;
beforeAll(async () => {
  fixture = await openGuideFixture();
});
afterAll(() => fixture?.cleanup());

/** The list items of an answer ("- Hospitals. [1]"), each with the heading its citation names. */
function listedItems(answer: string, headings: string[]): { name: string; heading: string | undefined }[] {
  return answer
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => {
      const match = /^- (.*) \[(\d+)\]$/.exec(line);
      return { name: match?.[1] ?? line, heading: match ? headings[Number(match[2]) - 1] : undefined };
    });
}

describe('extractive answers on the guide: lists', () => {
  it.each([
    ['what skills do I need?', SKILLS, 'What skills should medical administrative assistants have?'],
    ['where could I work?', WORKPLACES, 'Where can medical administrative assistants work?'],
    ['what affects pay?', PAY_FACTORS, 'How much is the salary of medical administrative assistants?'],
    [
      'what professional organizations are there?',
      ORGANISATIONS,
      'Are there professional organizations for medical administrative assistants?',
    ],
  ])('names every item of the list for "%s", each citing its section', async (question, items, heading) => {
    const { result, retrieval } = await fixture.ask(question);
    const listed = listedItems(
      result.answer,
      result.citations.map((c) => c.heading),
    );
    // Each item by its title (with the sentence that explains it when the list fits: see below).
    expect(listed.map((item, i) => (item.name.startsWith(items[i]!) ? items[i] : item.name))).toEqual(items);
    for (const item of listed) expect(item.heading).toBe(heading);
    expect(result.answer.length).toBeLessThanOrEqual(listAnswerChars(ANSWER_MAX_CHARS));
    expectGroundedAnswer(result.answer, result.citations, fixture.evidence(retrieval));
  });

  it('explains each titled item with the sentence after its title, word for word, when the whole list fits', async () => {
    const { result } = await fixture.ask('what skills do I need?');
    expect(result.answer).toContain(
      '- Patient Communication. Effective communication with patients is essential for medical administrative assistants. [1]',
    );
    expect(result.answer.length).toBeLessThanOrEqual(listAnswerChars(ANSWER_MAX_CHARS));
  });

  it("leads a list with the section's opening sentence: the average pay before the factors", async () => {
    const { result } = await fixture.ask('what affects pay?');
    expect(result.answer.split('\n')[0]).toContain('$44,460');
  });

  it('leads a list with the sentence that answers what the list alone does not: the largest employer', async () => {
    const { result, retrieval } = await fixture.ask(
      'which workplaces are the largest employers of medical assistants?',
    );
    const [first] = result.answer.split('\n');
    expect(first).toMatch(
      /^According to the chart below, the largest employers .* 56% of employment in this field\. \[1\]/,
    );
    const listed = listedItems(
      result.answer,
      result.citations.map((c) => c.heading),
    );
    expect(listed.map((item) => WORKPLACES.find((w) => item.name.startsWith(w)))).toEqual(WORKPLACES);
    expectGroundedAnswer(result.answer, result.citations, fixture.evidence(retrieval));
  });

  it('leads the certifications list with the sentence that answers "required or optional"', async () => {
    const { result } = await fixture.ask('r certs required or optional');
    expect(result.answer.split('\n')[0]).toMatch(/^Certifications are also not required\. \[1\]/);
    expect(result.answer).toContain('- Certified Medical Administrative Assistant (CMAA).');
  });

  it('does not lead a list with a sentence that points back at it ("These skills are often included…")', async () => {
    const { result } = await fixture.ask('skills needed?');
    expect(result.answer.split('\n')[0]).toMatch(
      /^Medical administrative assistants should possess various skills/,
    );
    expect(result.answer).not.toContain('These skills are often included');
  });

  it.each([
    // "joining" is in the prose after the list ("Joining one or more of these organizations…"), not in an item.
    ['any professional groups worth joining?', ORGANISATIONS],
    // "school" is in one item's title ("High School Diploma…"), but the asker wants all the routes.
    [
      'what school would i need? all the routes please',
      [
        'High School Diploma or Equivalent.',
        'Associate Degrees.',
        'Bachelor’s Degree in Healthcare Administration.',
        'On-the-Job Training.',
      ],
    ],
  ])(
    'names every item for "%s", although one of its words is found beside the list',
    async (question, items) => {
      const { result, retrieval } = await fixture.ask(question);
      const names = listedItems(
        result.answer,
        result.citations.map((c) => c.heading),
      ).map((item) => item.name);
      expect(names.map((name, i) => (name.startsWith(items[i]!) ? items[i] : name))).toEqual(items);
      expectGroundedAnswer(result.answer, result.citations, fixture.evidence(retrieval));
    },
  );

  it('answers a question about one item with that item, not the whole list', async () => {
    const { result } = await fixture.ask('What is NAHAM?');
    expect(result.answer).toContain('NAHAM focuses on healthcare access professionals');
    expect(result.answer).not.toContain('(AMBA)');
  });
});

describe('extractive answers on the guide: several questions in one message', () => {
  it('answers both parts of "what certs are there and do I even need one", in question order', async () => {
    const { result, retrieval } = await fixture.ask('what certs are there and do I even need one');
    const answer = result.answer;
    expect(answer).toContain('Certified Medical Administrative Assistant (CMAA).');
    expect(answer).toMatch(/do not need a state-issued license|Certifications are also not required/);
    expect(answer.indexOf('(CMAA)')).toBeLessThan(answer.search(/do not need|not required/));
    expectGroundedAnswer(answer, result.citations, fixture.evidence(retrieval));
  });

  it('answers both parts of "pay + job outlook?" from two sections, in question order', async () => {
    const { result, retrieval } = await fixture.ask('pay + job outlook?');
    expect(result.answer).toContain('$44,460');
    expect(result.answer).toContain('15%');
    expect(result.answer.indexOf('$44,460')).toBeLessThan(result.answer.indexOf('15%'));
    expect(result.citations.map((c) => c.anchor)).toEqual(
      expect.arrayContaining([
        'how-much-is-the-salary-of-medical-administrative-assistants',
        'what-job-growth-is-expected-for-medical-administrative-assistants',
      ]),
    );
    expectGroundedAnswer(result.answer, result.citations, fixture.evidence(retrieval));
  });
});

describe('extractive answers on the guide: figures the guide does not give', () => {
  it.each([
    ['how long does training take', 'duration'],
    ['how much does the exam cost', 'money'],
  ] as const)(
    'flags "%s" as missing a %s figure and still quotes what the guide says',
    async (question, kind) => {
      const { result, retrieval } = await fixture.ask(question);
      expect(result).toMatchObject({ outcome: 'answered', missingFigure: kind });
      expect(result.answer).not.toContain('$44,460');
      expectGroundedAnswer(result.answer, result.citations, fixture.evidence(retrieval));
    },
  );

  it.each([
    "what's the typical pay?",
    'how much do they make a year?',
    'What percentage of employers require certification?',
  ])('does not flag "%s": the guide gives that figure', async (question) => {
    const { result } = await fixture.ask(question);
    expect(result.missingFigure).toBeUndefined();
  });
});

describe('extractive answers on the guide: citations', () => {
  const QUESTIONS = [
    'what skills do I need?',
    'where could I work?',
    'what certs are there and do I even need one',
    'pay + job outlook?',
    'Which sources does the guide cite?',
    'Bureau of Labor Statistics references',
    'What is in the table of contents?',
    'why should i become an MAA, whats the upside?',
    'what are the key insights?',
  ];

  it.each(QUESTIONS)(
    'cites each section once, numbered by first use, and never repeats a sentence: %s',
    async (question) => {
      const { result, retrieval } = await fixture.ask(question);
      if (result.outcome !== 'answered') return;
      const headings = result.citations.map((c) => c.heading);
      expect(new Set(headings).size).toBe(headings.length);
      const units = readQuotedUnits(result.answer).map((u) => u.text);
      expect(new Set(units).size).toBe(units.length);
      expectGroundedAnswer(result.answer, result.citations, fixture.evidence(retrieval));
    },
  );

  it.each(QUESTIONS)(
    'never quotes or cites the References or the Table of Contents: %s',
    async (question) => {
      const { result } = await fixture.ask(question);
      for (const citation of result.citations) {
        expect(citation.heading).not.toMatch(/^(references|table of contents):?$/i);
      }
      expect(result.answer).not.toMatch(/Retrieved from https?:/);
    },
  );
});

describe('extractive answers on the guide as shipped: the answer sentences of its listed questions', () => {
  let shipped: GuideFixture;
  beforeAll(async () => {
    shipped = await openGuideFixture({ asShipped: true });
  }, 120_000);
  afterAll(() => shipped?.cleanup());

  it('answers a comparison of two of four employers with their figures, not the whole list', async () => {
    const { result, retrieval } = await shipped.ask(
      'outpatient centre vs hospital which pays better n by how much',
    );
    expect(result.answer).toContain('$46,090');
    expect(result.answer).toContain('$44,350');
    expect(result.answer).not.toContain('Offices of other health practitioners.');
    expectGroundedAnswer(result.answer, result.citations, shipped.evidence(retrieval));
  });

  it('quotes the sentence the close listed questions are answered with: the author', async () => {
    // The opening sentences outscore it on their own (without the listed questions' answers the reply
    // is "In this guide, we’ll explore…" alone); the questions beside the guide say it answers.
    const { result, retrieval } = await shipped.ask('who is the author of this guide?');
    expect(result.answer).toMatch(
      /^As an education researcher, I’ve seen this career's rewarding opportunities/,
    );
    expect(retrieval.knownAnswers?.[0]?.answer).toMatch(/^As an education researcher/);
    expectGroundedAnswer(result.answer, result.citations, shipped.evidence(retrieval));
  });

  it('leans on the sentence a moderator taught for a question as on the listed ones', async () => {
    const question = 'how important is talking to patients';
    const sentence =
      'They must be able to explain procedures, schedule appointments, and address patient inquiries clearly and compassionately.';
    const before = await shipped.ask(question);
    expect(before.result.answer).not.toContain('address patient inquiries');
    const vector = unit(await shipped.embeddings.embedQuery(question));
    const lesson = { sectionKey: before.retrieval.sections[0]!.key, vector, answer: sentence };
    const { result, retrieval } = await shipped.ask(question, undefined, { taught: [lesson] });
    expect(retrieval.knownAnswers?.[0]).toMatchObject({ answer: sentence });
    expect(result.answer).toContain(sentence);
    expectGroundedAnswer(result.answer, result.citations, shipped.evidence(retrieval));
  });

  it('leads a list with the sentence the closest listed question is answered with: who hires the most', async () => {
    // No word of the question is in that sentence ("hires" is not "employers"), so without the listed
    // questions' answer the list opened with its introduction and never said who employs the most.
    const { result, retrieval } = await shipped.ask('who hires the most MAs');
    expect(result.answer).toMatch(
      /^According to the chart below, the largest employers of medical assistants/,
    );
    for (const workplace of ['Hospitals', 'Dental Offices', 'Nursing Homes', 'Pharmaceutical'])
      expect(result.answer).toContain(workplace);
    expectGroundedAnswer(result.answer, result.citations, shipped.evidence(retrieval));
  });
});

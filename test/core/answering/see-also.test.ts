import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/core/answering/candidates.js';
import type { AnswerBlock } from '../../../src/core/answering/render.js';
import type { PartScores } from '../../../src/core/answering/scoring.js';
import { SEE_ALSO_MARGIN, withSeeAlso } from '../../../src/core/answering/see-also.js';
import type { Retrieval, SectionHit } from '../../../src/core/retrieval/retrieval-types.js';
import type { RetrievedPassage } from '../../../src/core/types.js';

const passage = (anchor: string, text: string): RetrievedPassage => ({
  heading: anchor,
  headingPath: anchor,
  anchor,
  source: 'guide.md',
  chunkId: `guide.md#${anchor}:0`,
  text,
  score: 1,
});
const PAY = passage('pay', 'The average salary is $44,460.');
const EMPLOYERS = passage('employers', 'Hospitals pay the most.');

const candidate = (from: RetrievedPassage, text: string, extra: Partial<Candidate> = {}): Candidate => ({
  section: { key: `guide.md#${from.anchor}`, heading: from.heading, rank: 0, lines: [], opensSection: true },
  line: 0,
  index: 0,
  passage: from,
  text,
  isLead: true,
  isItem: false,
  introducesList: false,
  ...extra,
});

/** A retrieval whose two best sections are pay and employers, `margin` apart. */
const retrievalWith = (margin: number): Retrieval =>
  ({
    sections: [
      { key: 'guide.md#pay', score: 3 } as SectionHit,
      { key: 'guide.md#employers', score: 3 - margin } as SectionHit,
    ],
  }) as Retrieval;

const scores = (ranked: Candidate[]): PartScores =>
  ({ ranked: ranked.map((c, i) => ({ candidate: c, score: 1 - i / 10 })) }) as unknown as PartScores;

const answer: AnswerBlock[] = [[{ passage: PAY, text: PAY.text, kind: 'sentence' }]];
const ranked = scores([
  candidate(PAY, PAY.text),
  candidate(EMPLOYERS, 'Which employers pay best?'),
  candidate(EMPLOYERS, 'Top employers include:', { introducesList: true }),
  candidate(EMPLOYERS, EMPLOYERS.text),
]);

describe('withSeeAlso', () => {
  it('adds the runner-up section’s best quotable sentence when the ranking is unsure', () => {
    const blocks = withSeeAlso({
      blocks: answer,
      retrieval: retrievalWith(0.4),
      scores: ranked,
      maxChars: 600,
    });
    expect(blocks).toHaveLength(2);
    // Not the guide's own question, nor a sentence that only introduces a list.
    expect(blocks[1]).toEqual([{ passage: EMPLOYERS, text: EMPLOYERS.text, kind: 'sentence' }]);
  });

  it('adds nothing when the best section leads clearly, or the runner-up is cited already', () => {
    const sure = retrievalWith(SEE_ALSO_MARGIN + 0.1);
    expect(withSeeAlso({ blocks: answer, retrieval: sure, scores: ranked, maxChars: 600 })).toBe(answer);
    const both: AnswerBlock[] = [
      [...answer[0]!, { passage: EMPLOYERS, text: EMPLOYERS.text, kind: 'sentence' }],
    ];
    expect(withSeeAlso({ blocks: both, retrieval: retrievalWith(0.4), scores: ranked, maxChars: 600 })).toBe(
      both,
    );
  });

  it('makes room within ANSWER_MAX_CHARS by dropping the answer’s lowest-scoring sentences, wherever they stand', () => {
    const three: AnswerBlock[] = [
      [
        { passage: PAY, text: PAY.text, kind: 'sentence' },
        { passage: PAY, text: 'y'.repeat(200), kind: 'sentence' },
        { passage: PAY, text: 'z'.repeat(200), kind: 'sentence' },
      ],
    ];
    // In reading order y comes before z, but z scores higher for the question: y gives way.
    const byScore = scores([
      candidate(PAY, PAY.text),
      candidate(PAY, 'z'.repeat(200), { isLead: false }),
      candidate(EMPLOYERS, EMPLOYERS.text),
      candidate(PAY, 'y'.repeat(200), { isLead: false }),
    ]);
    const blocks = withSeeAlso({
      blocks: three,
      retrieval: retrievalWith(0.4),
      scores: byScore,
      maxChars: 300,
    });
    expect(blocks.map((b) => b.map((u) => u.text))).toEqual([[PAY.text, 'z'.repeat(200)], [EMPLOYERS.text]]);
  });

  it('adds nothing when even the first sentence leaves no room', () => {
    const long: AnswerBlock[] = [[{ passage: PAY, text: 'x'.repeat(1_490), kind: 'sentence' }]];
    expect(withSeeAlso({ blocks: long, retrieval: retrievalWith(0.4), scores: ranked, maxChars: 600 })).toBe(
      long,
    );
  });
});

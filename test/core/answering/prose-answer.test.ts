import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/core/answering/candidates.js';
import { ProseAnswer } from '../../../src/core/answering/prose-answer.js';
import { Quoted } from '../../../src/core/answering/quoted.js';
import type { PartScores, ScoredCandidate } from '../../../src/core/answering/scoring.js';

/**
 * ProseAnswer on hand-scored units: which sentences join the best one. `plain` is a unit's score
 * without the known questions' answer sentences.
 */
describe('ProseAnswer', () => {
  const section = { key: 'guide.md#careers' } as Candidate['section'];
  const unit = (line: number, text: string, score: number, plain = score): ScoredCandidate => ({
    candidate: {
      section,
      line,
      index: 0,
      text,
      isLead: false,
      isItem: false,
      introducesList: false,
    } as Candidate,
    score,
    plain,
    features: { lexical: 0, dense: 0, lead: 0, bestSection: 1, answerType: 0, knownAnswer: 0, softWords: 0 },
  });
  const answer = (ranked: ScoredCandidate[]) => {
    const scores = { part: {}, ranked, bestSection: section.key, matched: true } as unknown as PartScores;
    const prose = new ProseAnswer(scores, new Quoted(), 3);
    prose.start();
    prose.extend(1000);
    return prose.block(1000).map((b) => b.text);
  };

  it('keeps a runner-up close to the best by score, in reading order', () => {
    expect(answer([unit(2, 'Best.', 1), unit(1, 'Close.', 0.75), unit(3, 'Far.', 0.5)])).toEqual([
      'Close.',
      'Best.',
    ]);
  });

  it('does not let a known answer sentence push out a sentence close to the best on its own', () => {
    // "Known." leads because close known questions are answered with it (score 1.4, plain 0.4); "Own."
    // is far below its score but the best of the plain ones, and "Weak." is close to neither.
    const ranked = [
      unit(1, 'Known.', 1.4, 0.4),
      unit(2, 'Own.', 0.6),
      unit(3, 'Other.', 0.45),
      unit(4, 'Weak.', 0.3),
    ];
    expect(answer(ranked)).toEqual(['Known.', 'Own.', 'Other.']);
  });
});

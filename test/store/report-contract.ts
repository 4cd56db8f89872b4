import { expect, it } from 'vitest';
import type { OpenFixture } from './contract-fixtures.js';

/** Part of `describeStoreContract`: the moderators' report (unanswered and down-voted), on any engine. */
export function describeReportContract(fresh: OpenFixture): void {
  it('reports unanswered questions and down-voted answers, most frequent first', async () => {
    const { store } = await fresh();
    for (const q of [
      'Can I work from the moon?',
      'can i work from the MOON',
      'Who won the 1998 World Cup?',
    ]) {
      await store.logQuestion({ question: q, outcome: 'out_of_scope', userId: 'u' });
    }
    await store.logQuestion({
      question: 'What is the salary?',
      outcome: 'answered',
      answer: 'a',
      userId: 'u',
    });
    const a1 = await store.logQuestion({
      question: 'Where can I work?',
      outcome: 'answered',
      answer: 'Hospitals.',
      userId: 'u',
    });
    const a2 = await store.logQuestion({
      question: 'where can i work',
      outcome: 'answered',
      answer: 'Clinics.',
      userId: 'u',
    });
    const b = await store.logQuestion({
      question: 'What skills?',
      outcome: 'answered',
      answer: 'Typing.',
      userId: 'u',
    });
    await store.recordFeedback(a1, 'x', -1);
    await store.recordFeedback(a2, 'y', -1);
    await store.recordFeedback(b, 'x', -1);
    await store.recordFeedback(b, 'z', 1);

    const unanswered = await store.unansweredQuestions();
    expect(unanswered.map((r) => [r.question, r.count])).toEqual([
      ['can i work from the MOON', 2],
      ['Who won the 1998 World Cup?', 1],
    ]);
    expect(new Date(unanswered[0]?.lastAskedAt ?? '').getTime()).not.toBeNaN();
    expect(await store.unansweredQuestions(1)).toHaveLength(1);
    const down = await store.downvotedAnswers();
    expect(down).toEqual([
      { question: 'where can i work', answer: 'Clinics.', downVotes: 2, upVotes: 0 },
      { question: 'What skills?', answer: 'Typing.', downVotes: 1, upVotes: 1 },
    ]);
  });
}

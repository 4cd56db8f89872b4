import { expect, it } from 'vitest';
import { citation, type OpenFixture } from './contract-fixtures.js';

/** Part of `describeStoreContract`: the question log, its votes and its threads, on any engine. */
export function describeQuestionLogContract(fresh: OpenFixture): void {
  it('logs a question with its answer and citations so buttons work later', async () => {
    const { store } = await fresh();
    const id = await store.logQuestion({
      question: 'What is the salary?',
      outcome: 'answered',
      answer: 'About $40,000 [1].',
      citations: [citation],
      userId: 'u1',
      guildId: 'g1',
      channelId: 'c1',
      interactionId: 'i1',
    });
    await store.setAnswerMessage(id, 'm9');
    const logged = await store.getAnswer(id);
    expect(logged).toMatchObject({
      id,
      question: 'What is the salary?',
      answer: 'About $40,000 [1].',
      messageId: 'm9',
      outcome: 'answered',
      userId: 'u1',
      guildId: 'g1',
      channelId: 'c1',
      pinId: undefined,
    });
    expect(logged?.citations).toEqual([citation]);
    expect(new Date(logged?.createdAt ?? '').getTime()).not.toBeNaN();
    await store.setOutcome(id, 'error');
    expect((await store.getAnswer(id))?.outcome).toBe('error');
    expect(await store.getAnswer(id + 1000)).toBeUndefined();
  });

  it('keeps one vote per member per answer, and lets the member change it', async () => {
    const { store } = await fresh();
    const id = await store.logQuestion({ question: 'q', outcome: 'answered', answer: 'a', userId: 'u1' });
    expect(await store.feedbackFor(id)).toEqual({ up: 0, down: 0 });
    expect(await store.recordFeedback(id, 'u2', 1)).toBe('recorded');
    expect(await store.recordFeedback(id, 'u2', 1)).toBe('unchanged');
    expect(await store.recordFeedback(id, 'u2', -1)).toBe('changed');
    expect(await store.recordFeedback(id, 'u3', -1)).toBe('recorded');
    expect(await store.feedbackFor(id)).toEqual({ up: 0, down: 2 });
  });

  it('gives the previous question in the same thread only', async () => {
    const { store } = await fresh();
    await store.logQuestion({
      question: 'What is the salary?',
      outcome: 'answered',
      userId: 'u',
      channelId: 't1',
    });
    await store.logQuestion({
      question: 'Other thread',
      outcome: 'answered',
      userId: 'u',
      channelId: 't2',
    });
    await store.logQuestion({ question: 'too long', outcome: 'invalid', userId: 'u', channelId: 't1' });
    const followUp = await store.logQuestion({
      question: 'and in hospitals?',
      outcome: 'answered',
      userId: 'u',
      channelId: 't1',
    });
    expect(await store.previousQuestion('t1', followUp)).toBe('What is the salary?');
    expect(await store.previousQuestion('t1')).toBe('and in hospitals?');
    expect(await store.previousQuestion('t3')).toBeUndefined();
  });
}

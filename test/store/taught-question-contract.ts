import { expect, it } from 'vitest';
import type { OpenFixture } from './contract-fixtures.js';

/** Part of `describeStoreContract`: taught questions, on any engine. */
export function describeTaughtQuestionContract(fresh: OpenFixture): void {
  it('keeps taught questions with their section, scoped to their guild, newest first', async () => {
    const { store, openAnother } = await fresh();
    const section = {
      source: 'guide.md',
      anchor: 'how-much-is-the-salary',
      heading: 'How much is the salary?',
    };
    const first = await store.addTaughtQuestion({
      question: 'What do MAAs MAKE?',
      questionEmbedding: [0.25, 0.75],
      section,
      guildId: 'g1',
      taughtBy: 'member',
    });
    expect(first).toMatchObject({
      question: 'What do MAAs MAKE?',
      normalizedQuestion: 'what do maas make',
      questionEmbedding: [0.25, 0.75],
      section,
      guildId: 'g1',
      taughtBy: 'member',
      removedAt: undefined,
    });
    expect(new Date(first.taughtAt).getTime()).not.toBeNaN();
    const second = await store.addTaughtQuestion({
      question: 'Pay in hospitals?',
      section: { source: 'guide.md', anchor: 'where-can-i-work', heading: 'Where can I work?' },
      guildId: 'g1',
      taughtBy: 'other',
    });
    const dm = await store.addTaughtQuestion({ question: 'dm question', section, taughtBy: 'member' });
    expect(second.questionEmbedding).toBeUndefined();
    expect(dm.guildId).toBeUndefined();
    expect((await store.activeTaughtQuestions('g1')).map((t) => t.id)).toEqual([second.id, first.id]);
    expect((await store.activeTaughtQuestions('g2')).map((t) => t.id)).toEqual([]);
    expect((await store.activeTaughtQuestions()).map((t) => t.id)).toEqual([dm.id, second.id, first.id]);

    // Another instance (another bot process) sees the change at once.
    const other = await openAnother();
    const removed = await other.removeTaughtQuestion(first.id, 'moderator');
    expect(removed).toMatchObject({ id: first.id, section });
    expect(removed?.removedAt).toBeDefined();
    expect(await other.removeTaughtQuestion(first.id, 'moderator')).toBeUndefined();
    expect(await store.removeTaughtQuestion(9999, 'moderator')).toBeUndefined();
    expect((await store.activeTaughtQuestions('g1')).map((t) => t.id)).toEqual([second.id]);
  });

  it('keeps the sentence a taught question is answered with, and none when none was given', async () => {
    const { store, openAnother } = await fresh();
    const section = { source: 'guide.md', anchor: 'where-can-i-work', heading: 'Where can I work?' };
    const answer = 'According to the chart below, the largest employers are offices of physicians.';
    const taught = await store.addTaughtQuestion({
      question: 'who hires the most MAs',
      section,
      answer,
      guildId: 'g1',
      taughtBy: 'moderator',
    });
    expect(taught.answer).toBe(answer);
    const plain = await store.addTaughtQuestion({ question: 'q', section, guildId: 'g1', taughtBy: 'm' });
    expect(plain.answer).toBeUndefined();
    const other = await openAnother();
    expect((await other.activeTaughtQuestions('g1')).map((t) => t.answer)).toEqual([undefined, answer]);
  });
}

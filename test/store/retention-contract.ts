import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';
import type { OpenFixture } from './contract-fixtures.js';

/** Part of `describeStoreContract`: pruning the question log (issue 9), on any engine. */
export function describeRetentionContract(fresh: OpenFixture): void {
  describe('pruning the question log', () => {
    const DAY = 86_400_000;
    /** A store whose clock the test moves, with `count` questions logged one day apart. */
    async function logDays(count: number) {
      let clock = new Date('2025-01-01T12:00:00.000Z');
      const fixture = await fresh({ now: () => clock });
      const ids: number[] = [];
      for (let day = 0; day < count; day++) {
        clock = new Date(Date.parse('2025-01-01T12:00:00.000Z') + day * DAY);
        ids.push(
          await fixture.store.logQuestion({
            question: `question ${day}`,
            outcome: 'answered',
            answer: `answer ${day}`,
            userId: 'u',
            channelId: 'c',
          }),
        );
      }
      return { ...fixture, ids, setClock: (at: Date) => (clock = at) };
    }
    async function surviving(store: Store, ids: number[]): Promise<number[]> {
      const kept: number[] = [];
      for (const id of ids) if (await store.getAnswer(id)) kept.push(id);
      return kept;
    }

    it('deletes questions older than maxAgeDays and keeps the newer ones', async () => {
      const { store, ids, setClock } = await logDays(10);
      // A minute after the last question (day 9, 2025-01-10 12:00): days 0..6 are over 3 days old.
      setClock(new Date('2025-01-10T12:01:00.000Z'));
      expect(await store.pruneQuestionLog({ maxAgeDays: 3, maxRows: 0 })).toBe(7);
      expect(await surviving(store, ids)).toEqual(ids.slice(7));
      expect(await store.pruneQuestionLog({ maxAgeDays: 3, maxRows: 0 })).toBe(0);
    });

    it('keeps only the newest maxRows questions, deleting in batches', async () => {
      const { store, ids } = await logDays(12);
      expect(await store.pruneQuestionLog({ maxAgeDays: 0, maxRows: 4, batchSize: 3 })).toBe(8);
      expect(await surviving(store, ids)).toEqual(ids.slice(8));
      // New questions keep counting from where they were: ids are never reused.
      const next = await store.logQuestion({ question: 'new', outcome: 'answered', userId: 'u' });
      expect(next).toBeGreaterThan(ids.at(-1) ?? 0);
    });

    it('applies both limits together, and deletes nothing when both are 0', async () => {
      const { store, ids, setClock } = await logDays(10);
      setClock(new Date('2025-01-10T12:00:00.000Z'));
      expect(await store.pruneQuestionLog({ maxAgeDays: 0, maxRows: 0 })).toBe(0);
      // Age alone would keep days 3..9; the row limit keeps only days 6..9.
      expect(await store.pruneQuestionLog({ maxAgeDays: 7, maxRows: 4, batchSize: 2 })).toBe(6);
      expect(await surviving(store, ids)).toEqual(ids.slice(6));
    });

    it('deletes the votes on deleted answers and keeps pins made from them working', async () => {
      const { store, ids, setClock } = await logDays(4);
      const [oldest, , , newest] = ids as [number, number, number, number];
      await store.recordFeedback(oldest, 'x', -1);
      await store.recordFeedback(newest, 'x', -1);
      const pin = await store.addPin({
        question: 'question 0',
        answer: 'answer 0',
        channelId: 'c',
        messageId: 'm',
        answerId: oldest,
        pinnedBy: 'mod',
        guildId: 'g',
      });
      const logged = await store.logQuestion({
        question: 'question 0',
        outcome: 'pinned',
        answer: 'answer 0',
        pinId: pin.id,
        userId: 'u',
      });
      setClock(new Date('2025-01-05T00:00:00.000Z'));
      expect(await store.pruneQuestionLog({ maxAgeDays: 0, maxRows: 2 })).toBe(3);
      expect(await store.getAnswer(oldest)).toBeUndefined();
      expect(await store.feedbackFor(oldest)).toEqual({ up: 0, down: 0 });
      expect(await store.feedbackFor(newest)).toEqual({ up: 0, down: 1 });
      expect((await store.downvotedAnswers()).map((row) => row.question)).toEqual(['question 3']);
      const [kept] = await store.activePins('g');
      expect(kept).toMatchObject({ id: pin.id, answer: 'answer 0', answerId: undefined });
      expect((await store.getAnswer(logged))?.pinId).toBe(pin.id);
      // A vote on a pruned answer is refused by the database rather than stored against nothing.
      await expect(store.recordFeedback(oldest, 'y', 1)).rejects.toThrow();
    });

    it('stops between batches once its signal is aborted', async () => {
      const { store, ids } = await logDays(6);
      const controller = new AbortController();
      controller.abort();
      expect(await store.pruneQuestionLog({ maxAgeDays: 0, maxRows: 1, signal: controller.signal })).toBe(0);
      expect(await surviving(store, ids)).toEqual(ids);
    });

    it('refuses negative limits and an empty batch', async () => {
      const { store } = await fresh();
      await expect(store.pruneQuestionLog({ maxAgeDays: -1, maxRows: 0 })).rejects.toThrow(/maxAgeDays/);
      await expect(store.pruneQuestionLog({ maxAgeDays: 1, maxRows: 0, batchSize: 0 })).rejects.toThrow(
        /batchSize/,
      );
    });
  });
}

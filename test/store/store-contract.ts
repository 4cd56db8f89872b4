import { afterEach, describe, expect, it } from 'vitest';
import type { Citation } from '../../src/core/types.js';
import type { Store } from '../../src/store/types.js';
import { describeRetentionContract } from './retention-contract.js';

/** A new, empty database for one test, and a way to open more instances on it (another process, say). */
export interface FreshStore {
  /** The first instance, already open and migrated. */
  store: Store;
  /** Opens another instance on the same database, as a second bot process would. */
  openAnother(options?: FreshStoreOptions): Promise<Store>;
  /** Closes every instance opened from it and removes the database. */
  dispose(): Promise<void>;
}

export interface FreshStoreOptions {
  /** The store's clock. */
  now?: () => Date;
}

export const citation: Citation = {
  n: 1,
  chunkId: 'guide.md#salary:0',
  source: 'guide.md',
  heading: 'How much is the salary?',
  headingPath: 'Guide › How much is the salary?',
  anchor: 'how-much-is-the-salary',
  score: 0.9,
  quote: 'The median salary is $40,000.',
};

/**
 * The behaviour every `Store` must have, whatever the engine. `openFreshStore` gives each test its own
 * empty database; the same assertions then hold for SQLite and PostgreSQL.
 */
export function describeStoreContract(
  name: string,
  openFreshStore: (options?: FreshStoreOptions) => Promise<FreshStore>,
): void {
  describe(`${name} store contract`, () => {
    const fixtures: FreshStore[] = [];
    afterEach(async () => {
      for (const fixture of fixtures.splice(0)) await fixture.dispose();
    });
    async function fresh(options?: FreshStoreOptions): Promise<FreshStore> {
      const fixture = await openFreshStore(options);
      fixtures.push(fixture);
      return fixture;
    }

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

    it('stores a pin with its embedding and citations, scoped to its guild', async () => {
      const { store } = await fresh();
      const answerId = await store.logQuestion({
        question: 'q',
        outcome: 'answered',
        answer: 'a',
        userId: 'u',
      });
      const pin = await store.addPin({
        question: 'What is the SALARY?',
        answer: 'About $40,000 [1].',
        citations: [citation],
        guildId: 'g1',
        channelId: 'c1',
        messageId: 'm1',
        answerId,
        pinnedBy: 'mod',
        questionEmbedding: [0.5, -0.25, 1e-7],
      });
      expect(pin).toMatchObject({
        question: 'What is the SALARY?',
        normalizedQuestion: 'what is the salary',
        answer: 'About $40,000 [1].',
        guildId: 'g1',
        channelId: 'c1',
        messageId: 'm1',
        answerId,
        pinnedBy: 'mod',
        removedAt: undefined,
        questionEmbedding: [0.5, -0.25, 1e-7],
      });
      expect(pin.citations).toEqual([citation]);
      const dm = await store.addPin({
        question: 'dm',
        answer: 'a',
        channelId: 'd',
        messageId: 'm2',
        pinnedBy: 'mod',
      });
      expect(dm.guildId).toBeUndefined();
      expect(dm.questionEmbedding).toBeUndefined();
      expect((await store.activePins('g1')).map((p) => p.id)).toEqual([pin.id]);
      expect((await store.activePins()).map((p) => p.id)).toEqual([dm.id, pin.id]);
      expect(await store.getPin(pin.id)).toEqual(pin);
    });

    it('removes a pin once, and removed pins no longer count as active', async () => {
      const { store } = await fresh();
      const pin = await store.addPin({
        question: 'q',
        answer: 'a',
        channelId: 'c',
        messageId: 'm',
        pinnedBy: 'mod',
        guildId: 'g',
      });
      expect((await store.activePinForMessage('m'))?.id).toBe(pin.id);
      expect((await store.removePin(pin.id, 'mod2'))?.removedAt).toBeDefined();
      expect(await store.removePin(pin.id, 'mod2')).toBeUndefined();
      expect(await store.activePins('g')).toEqual([]);
      expect(await store.activePinForMessage('m')).toBeUndefined();
      expect((await store.getPin(pin.id))?.removedAt).toBeDefined();
    });

    it('shows a pin written by one instance to another instance at once, and its removal too', async () => {
      const { store, openAnother } = await fresh();
      const other = await openAnother();
      expect(await other.activePins('g')).toEqual([]);
      const pin = await store.addPin({
        question: 'What is the salary?',
        answer: 'About $40,000.',
        channelId: 'c',
        messageId: 'm',
        pinnedBy: 'mod',
        guildId: 'g',
      });
      expect((await other.activePins('g')).map((p) => p.id)).toEqual([pin.id]);
      expect((await other.activePinForMessage('m'))?.answer).toBe('About $40,000.');
      await other.removePin(pin.id, 'mod2');
      expect(await store.activePins('g')).toEqual([]);
    });

    it('keeps everything after the instance is closed and another is opened', async () => {
      const { store, openAnother } = await fresh();
      const id = await store.logQuestion({ question: 'q', outcome: 'answered', answer: 'a', userId: 'u' });
      await store.recordFeedback(id, 'u2', -1);
      await store.addPin({ question: 'q', answer: 'a', channelId: 'c', messageId: 'm', pinnedBy: 'mod' });
      await store.close();
      await store.close(); // closing twice is harmless
      const again = await openAnother();
      expect((await again.getAnswer(id))?.answer).toBe('a');
      expect(await again.feedbackFor(id)).toEqual({ up: 0, down: 1 });
      expect(await again.activePins()).toHaveLength(1);
    });

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

    describeRetentionContract(fresh);

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
  });
}

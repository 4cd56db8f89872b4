import { expect, it } from 'vitest';
import { citation, type OpenFixture } from './contract-fixtures.js';

/** Part of `describeStoreContract`: pinned answers, seen by every instance, on any engine. */
export function describePinContract(fresh: OpenFixture): void {
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
}

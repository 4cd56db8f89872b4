import { beforeAll, describe, expect, it } from 'vitest';
import { UseLiteEmbeddings } from '../../src/providers/embeddings/use-lite.js';
import { normalizeQuestion } from '../../src/store/normalize.js';
import { cosineSimilarity, createPinMatcher } from '../../src/store/pin-matcher.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/types.js';
import { createSameQuestionMatcher } from '../../src/core/matching/same-question.js';
import { loadSameQuestionTools } from '../../src/core/matching/load-tools.js';

describe('normalizeQuestion', () => {
  it('ignores case, punctuation, apostrophes and mentions', () => {
    expect(normalizeQuestion('<@123> What’s the SALARY??')).toBe(normalizeQuestion('whats the salary'));
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for the same direction and 0 for mismatched sizes', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 2], [1, 2, 3])).toBe(0);
  });
});

describe('pin matching with the real sentence encoder', () => {
  const embeddings = new UseLiteEmbeddings();
  let store: Store;
  const pinned = 'How much does a medical administrative assistant earn?';

  beforeAll(async () => {
    store = openSqliteStore(':memory:');
    await store.addPin({
      question: pinned,
      questionEmbedding: await embeddings.embedQuery(pinned),
      answer: 'About $40,000 a year.',
      guildId: 'g',
      channelId: 'c',
      messageId: 'm',
      pinnedBy: 'mod',
    });
  });
  const matcher = () => createPinMatcher({ store, embed: (t) => embeddings.embedQuery(t) });

  it('matches the same question written differently (case, punctuation)', async () => {
    expect(await matcher().match('how much does a Medical Administrative Assistant earn', 'g')).toMatchObject(
      { method: 'exact' },
    );
  });

  it('matches a paraphrase by meaning', async () => {
    const match = await matcher().match('What is the salary of a medical administrative assistant?', 'g');
    expect(match?.method).toBe('similar');
    expect(match?.score).toBeGreaterThanOrEqual(0.85);
  });

  it('does not match a different question about the same job', async () => {
    expect(
      await matcher().match('Which employers pay medical administrative assistants the most?', 'g'),
    ).toBeUndefined();
    expect(
      await matcher().match('What skills does a medical administrative assistant need?', 'g'),
    ).toBeUndefined();
  });

  it("does not match another guild's pins", async () => {
    expect(await matcher().match(pinned, 'other-guild')).toBeUndefined();
  });

  it('falls back to exact matching when the embedder fails', async () => {
    const failing = createPinMatcher({ store, embed: () => Promise.reject(new Error('down')) });
    expect(
      await failing.match('What is the salary of a medical administrative assistant?', 'g'),
    ).toBeUndefined();
    expect(await failing.match(pinned, 'g')).toMatchObject({ method: 'exact' });
  });
});

describe('pin matching with the same-question matcher', () => {
  const embeddings = new UseLiteEmbeddings();
  let store: Store;
  const pinned = 'Do medical administrative assistants need a degree?';

  beforeAll(async () => {
    store = openSqliteStore(':memory:');
    await store.addPin({
      question: pinned,
      questionEmbedding: await embeddings.embedQuery(pinned),
      answer: 'Most employers ask for a high school diploma.',
      guildId: 'g',
      channelId: 'c',
      messageId: 'm',
      pinnedBy: 'mod',
    });
  });
  const matcher = async () =>
    createPinMatcher({
      store,
      embed: (t) => embeddings.embedQuery(t),
      sameQuestion: createSameQuestionMatcher(await loadSameQuestionTools()),
    });

  it('does not serve a degree pin to a license question, which the cosine threshold did (0.859)', async () => {
    const pins = await matcher();
    expect(await pins.match('do medical administrative assistants need a license?', 'g')).toBeUndefined();
    expect(await pins.match('do medical administrative assistants need certification?', 'g')).toBeUndefined();
  });

  it('still serves it to the same question in other words', async () => {
    const match = await (await matcher()).match('do MAAs need a college degree', 'g');
    expect(match?.pin.question).toBe(pinned);
    expect(match?.method).toBe('similar');
  });
});

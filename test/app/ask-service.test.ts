import { describe, expect, it } from 'vitest';
import { NOT_COVERED_KEY } from '../../src/core/retrieval/taught-lesson.js';
import { setup, where } from './ask-fixture.js';

describe('the ask service', () => {
  it('answers from a matching pin before the guide, and logs it as pinned', async () => {
    const { store, guide, asker } = setup();
    await store.addPin({
      question: 'What is the pay?',
      answer: 'Moderators say: about $44k.',
      channelId: 'c1',
      messageId: 'm1',
      guildId: 'g1',
      pinnedBy: 'mod',
    });
    const output = await asker.ask({ ...where, question: 'what is the PAY?' });
    expect(output.kind).toBe('pinned');
    expect(guide.asked).toHaveLength(0);
    expect(await store.getAnswer(output.answerId)).toMatchObject({ outcome: 'pinned' });
  });

  it('logs the question without mentions, links and emoji, so no member id reaches the log', async () => {
    const { store, asker } = setup();
    const output = await asker.ask({
      ...where,
      question: '<@123456789012345678> how much do they earn? https://example.com 💰',
    });
    expect((await store.getAnswer(output.answerId))?.question).toBe('how much do they earn?');
  });

  it('answers a repeated question from the cache without asking the guide again, and logs both', async () => {
    const { store, guide, asker } = setup(() => 'build-1');
    const first = await asker.ask({ ...where, question: 'How much do they earn?' });
    const second = await asker.ask({ ...where, question: 'how much do they EARN' });
    expect(guide.asked).toHaveLength(1);
    expect(second.kind === 'guide' && second.result.answer).toBe(
      first.kind === 'guide' && first.result.answer,
    );
    expect(await store.getAnswer(second.answerId)).toMatchObject({ outcome: 'answered' });
    expect(second.answerId).not.toBe(first.answerId);
  });

  it('forgets cached answers when the version changes (a new index, a lesson)', async () => {
    let version = 'build-1';
    const { guide, asker } = setup(() => version);
    await asker.ask({ ...where, question: 'How much do they earn?' });
    version = 'build-2';
    await asker.ask({ ...where, question: 'How much do they earn?' });
    expect(guide.asked).toHaveLength(2);
  });

  it('gives a pin priority over a cached answer', async () => {
    const { store, asker } = setup(() => 'build-1');
    await asker.ask({ ...where, question: 'How much do they earn?' });
    await store.addPin({
      question: 'How much do they earn?',
      answer: 'Pinned answer.',
      channelId: 'c1',
      messageId: 'm2',
      guildId: 'g1',
      pinnedBy: 'mod',
    });
    expect((await asker.ask({ ...where, question: 'How much do they earn?' })).kind).toBe('pinned');
  });

  it('does not cache without a version, nor follow-ups in a thread', async () => {
    const { store, guide, asker } = setup();
    await asker.ask({ ...where, question: 'How much do they earn?' });
    await asker.ask({ ...where, question: 'How much do they earn?' });
    expect(guide.asked).toHaveLength(2);
    const threaded = setup(() => 'build-1');
    await threaded.asker.ask({ ...where, channelId: 't1', inThread: true, question: 'Where can they work?' });
    await threaded.asker.ask({ ...where, channelId: 't1', inThread: true, question: 'and the pay?' });
    await threaded.asker.ask({ ...where, channelId: 't1', inThread: true, question: 'and the pay?' });
    expect(threaded.guide.asked.filter((a) => a.question === 'and the pay?')).toHaveLength(2);
    expect(threaded.guide.asked.at(-1)?.context).toBe('and the pay?');
    expect(await store.activePins()).toEqual([]);
  });

  it('rethrows a failure of the guide for the front end, caches nothing, and answers the next time', async () => {
    const { guide, asker } = setup(() => 'build-1');
    guide.fail = true;
    await expect(asker.ask({ ...where, question: 'How much do they earn?' })).rejects.toThrow(
      'the guide broke',
    );
    guide.fail = false;
    expect((await asker.ask({ ...where, question: 'How much do they earn?' })).kind).toBe('guide');
    expect(guide.asked).toHaveLength(2);
  });

  it('teaches a section for a question, used from the next question on (and the cache forgets)', async () => {
    const { guide, asker } = setup(() => 'build-1');
    await asker.ask({ ...where, question: 'wfh possible?' });
    const lesson = await asker.teach({
      question: 'wfh possible?',
      section: 'remote work',
      guildId: 'g1',
      userId: 'mod',
    });
    expect(lesson).toMatchObject({ ok: true, section: { anchor: 'remote' } });
    await asker.ask({ ...where, question: 'wfh possible?' });
    expect(guide.asked.map((a) => a.taught)).toEqual([0, 1]);
  });

  it('teaches that the guide does not cover a question (section "none"), passed on as the not-covered key', async () => {
    const { store, guide, asker } = setup(() => 'build-1');
    const lesson = await asker.teach({
      question: 'how much do RNs make?',
      section: ' None ',
      guildId: 'g1',
      userId: 'mod',
    });
    expect(lesson).toMatchObject({ ok: true, notCovered: true, section: { source: '', anchor: '' } });
    expect(await store.activeTaughtQuestions('g1')).toEqual([
      expect.objectContaining({
        question: 'how much do RNs make?',
        section: { source: '', anchor: '', heading: '' },
      }),
    ]);
    await asker.ask({ ...where, question: 'how much do RNs make?' });
    expect(guide.taughtKeys).toEqual([[NOT_COVERED_KEY]]);
    // "none" is a word, not a heading: a heading containing it is still found as a section.
    expect(
      await asker.teach({ question: 'q', section: 'remote work', guildId: 'g1', userId: 'mod' }),
    ).toMatchObject({
      ok: true,
      section: { anchor: 'remote' },
    });
  });

  it("keeps a server's pins and lessons to that server, unless TEACHING_SCOPE is all", async () => {
    const pin = {
      question: 'What is the pay?',
      answer: 'Moderators say: about $44k.',
      channelId: 'c1',
      messageId: 'm1',
      guildId: 'g1',
      pinnedBy: 'mod',
    };
    const lesson = { question: 'wfh possible?', section: 'remote work', guildId: 'g1', userId: 'mod' };
    const elsewhere = { ...where, guildId: 'g2', channelId: 'c2' };

    const perServer = setup();
    await perServer.store.addPin(pin);
    await perServer.asker.teach(lesson);
    expect((await perServer.asker.ask({ ...elsewhere, question: 'what is the pay?' })).kind).toBe('guide');
    await perServer.asker.ask({ ...elsewhere, question: 'wfh possible?' });
    expect(perServer.guide.asked.map((a) => a.taught)).toEqual([0, 0]);

    const shared = setup(undefined, 'all');
    await shared.store.addPin(pin);
    await shared.asker.teach(lesson);
    expect((await shared.asker.ask({ ...elsewhere, question: 'what is the pay?' })).kind).toBe('pinned');
    await shared.asker.ask({ ...elsewhere, question: 'wfh possible?' });
    expect(shared.guide.asked.map((a) => a.taught)).toEqual([1]);
  });

  it("caches per server's lessons: one server's lesson never shapes another's cached answer", async () => {
    const { guide, asker } = setup(() => 'build-1');
    const inGuild = (guildId: string) => ({ ...where, guildId, question: 'wfh possible?' });
    await asker.teach({ question: 'wfh possible?', section: 'remote work', guildId: 'g1', userId: 'mod' });
    await asker.teach({ question: 'wfh possible?', section: 'skills', guildId: 'g2', userId: 'mod' });
    await asker.ask(inGuild('g1'));
    await asker.ask(inGuild('g2')); // the same number of lessons, but not the same lesson: computed again
    await asker.ask(inGuild('g3'));
    await asker.ask(inGuild('g4')); // no lessons in either: the same answer, from the cache
    await asker.ask(inGuild('g1')); // still cached: the other servers' questions did not empty the cache
    expect(guide.asked.map((a) => a.taught)).toEqual([1, 1, 0]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { NOT_COVERED_KEY } from '../../src/core/retrieval/taught-lesson.js';
import { createAskService } from '../../src/app/ask-service.js';
import { sectionId } from '../../src/core/retrieval/sections.js';
import { createSilentLogger } from '../../src/logger.js';
import type { AnswerResult, AskOptions, Citation } from '../../src/core/types.js';
import { createPinMatcher } from '../../src/store/pin-matcher.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/types.js';

const citation: Citation = {
  n: 1,
  chunkId: 'guide.md#salary:0',
  source: 'guide.md',
  heading: 'How much is the salary?',
  headingPath: 'Guide › How much is the salary?',
  anchor: 'salary',
  score: 1,
  quote: 'The average salary is $44,460 per year.',
};

/** A guide that answers from a table and counts what it was asked. */
class CountingGuide {
  readonly asked: { question: string; context: string | undefined; taught: number }[] = [];
  listSections() {
    return [
      {
        heading: 'How much is the salary?',
        headingPath: 'Guide › How much is the salary?',
        anchor: 'salary',
        source: 'guide.md',
      },
      {
        heading: 'Are there opportunities for remote work?',
        headingPath: 'Guide › Remote',
        anchor: 'remote',
        source: 'guide.md',
      },
      {
        heading: 'What skills should they have?',
        headingPath: 'Guide › Skills',
        anchor: 'skills',
        source: 'guide.md',
      },
    ];
  }
  sentencesOf(section: { anchor: string }): string[] {
    return section.anchor === 'remote'
      ? ['Remote work is possible for some tasks.', '**Some roles** are fully remote.']
      : [];
  }
  fail = false;
  /** The section keys of the lessons each question was asked with. */
  readonly taughtKeys: string[][] = [];
  /** The answer sentences of the lessons each question was asked with. */
  readonly taughtAnswers: (string | undefined)[][] = [];
  async answer(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    this.asked.push({ question, context: options.context, taught: options.taught?.length ?? 0 });
    this.taughtKeys.push((options.taught ?? []).map((t) => t.sectionKey));
    this.taughtAnswers.push((options.taught ?? []).map((t) => t.answer));
    if (this.fail) throw new Error('the guide broke');
    return {
      question,
      answer: 'The average salary is $44,460 per year. [1]',
      grounded: true,
      outcome: 'answered',
      citations: [citation],
      suggestions: [],
      mode: 'extractive',
      timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    };
  }
  async cite(): Promise<Citation[]> {
    return [citation];
  }
}

const where = { userId: 'u1', guildId: 'g1', channelId: 'c1', inThread: false };

describe('the ask service', () => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  function setup(version?: () => string, teachingScope?: 'server' | 'all') {
    const store = openSqliteStore(':memory:');
    stores.push(store);
    const guide = new CountingGuide();
    const pins = createPinMatcher({ store });
    const asker = createAskService({
      guide,
      store,
      pins,
      embed: async (text: string) => [text.length, 1, 0],
      logger: createSilentLogger(),
      ...(version ? { version } : {}),
      ...(teachingScope ? { teachingScope } : {}),
    });
    return { store, guide, asker };
  }

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

  it('teaches the section a refusal\'s "This answers it" choice names by id, exactly', async () => {
    const { store, asker } = setup();
    const remote = new CountingGuide().listSections()[1]!;
    const lesson = await asker.teach({
      question: 'wfh possible?',
      section: { id: sectionId(remote) },
      guildId: 'g1',
      userId: 'mod',
    });
    expect(lesson).toMatchObject({ ok: true, section: { anchor: 'remote' } });
    expect(
      await asker.teach({ question: 'q', section: { id: 'gone' }, guildId: 'g1', userId: 'mod' }),
    ).toMatchObject({ ok: false, reason: 'no_section' });
    expect((await store.activeTaughtQuestions('g1')).map((t) => t.section.anchor)).toEqual(['remote']);
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

  it('names the candidates when the section is ambiguous or unknown, and stores nothing', async () => {
    const { store, asker } = setup();
    const ambiguous = await asker.teach({ question: 'q', section: 'the', guildId: 'g1', userId: 'mod' });
    expect(ambiguous).toMatchObject({ ok: false, reason: 'ambiguous_section' });
    expect('candidates' in ambiguous ? ambiguous.candidates.map((c) => c.anchor) : []).toEqual([
      'salary',
      'remote',
      'skills',
    ]);
    expect(await asker.teach({ question: 'q', section: 'zzz', guildId: 'g1', userId: 'mod' })).toMatchObject({
      ok: false,
      reason: 'no_section',
    });
    expect(await store.activeTaughtQuestions('g1')).toEqual([]);
  });

  it('teaches the sentence that answers, named by a unique part of it, and passes it on with the lesson', async () => {
    const { store, guide, asker } = setup();
    const lesson = await asker.teach({
      question: 'wfh possible?',
      section: 'remote work',
      answer: '  SOME ROLES are   fully remote ',
      guildId: 'g1',
      userId: 'mod',
    });
    expect(lesson).toMatchObject({ ok: true, answer: '**Some roles** are fully remote.' });
    expect((await store.activeTaughtQuestions('g1'))[0]?.answer).toBe('**Some roles** are fully remote.');
    await asker.ask({ ...where, question: 'can i work from home?' });
    expect(guide.taughtAnswers).toEqual([['**Some roles** are fully remote.']]);
  });

  it('takes no lesson when the answer names no sentence of the section, several, or goes with "none"', async () => {
    const { store, asker } = setup();
    const teach = (section: string, answer: string) =>
      asker.teach({ question: 'q', section, answer, guildId: 'g1', userId: 'mod' });
    expect(await teach('remote work', 'salary')).toMatchObject({ ok: false, reason: 'no_sentence' });
    expect(await teach('remote work', 'remote')).toMatchObject({
      ok: false,
      reason: 'ambiguous_sentence',
      sentences: ['Remote work is possible for some tasks.', '**Some roles** are fully remote.'],
    });
    expect(await teach('none', 'remote')).toMatchObject({ ok: false, reason: 'sentence_without_section' });
    expect(await store.activeTaughtQuestions('g1')).toEqual([]);
  });

  it("offers the section's sentences for a question, those sharing its words first, at most the number asked", () => {
    const { asker } = setup();
    const section = {
      source: 'guide.md',
      anchor: 'remote',
      heading: 'Are there opportunities for remote work?',
    };
    expect(asker.sentenceChoices('are some roles fully remote?', section)).toEqual([
      { index: 1, text: '**Some roles** are fully remote.' },
      { index: 0, text: 'Remote work is possible for some tasks.' },
    ]);
    expect(asker.sentenceChoices('q', section, 1)).toEqual([
      { index: 0, text: 'Remote work is possible for some tasks.' },
    ]);
  });

  it('adds a chosen sentence to a lesson by teaching it anew and removing the old one', async () => {
    const { store, guide, asker } = setup(() => 'build-1');
    const first = await asker.teach({
      question: 'wfh possible?',
      section: 'remote work',
      guildId: 'g1',
      userId: 'mod',
    });
    if (!first.ok) throw new Error('not taught');
    await asker.ask({ ...where, question: 'wfh possible?' });
    const chosen = await asker.teachAnswer({ taughtId: first.id, index: 1, guildId: 'g1', userId: 'mod2' });
    expect(chosen).toMatchObject({ ok: true, answer: '**Some roles** are fully remote.' });
    const active = await store.activeTaughtQuestions('g1');
    expect(active.map((t) => [t.question, t.answer, t.taughtBy])).toEqual([
      ['wfh possible?', '**Some roles** are fully remote.', 'mod2'],
    ]);
    expect(active[0]!.questionEmbedding).toBeDefined();
    // A new lesson id: the answer cached under the old lesson is not reused.
    await asker.ask({ ...where, question: 'wfh possible?' });
    expect(guide.taughtAnswers).toEqual([[undefined], ['**Some roles** are fully remote.']]);
    expect(await asker.teachAnswer({ taughtId: first.id, index: 0, guildId: 'g1', userId: 'mod' })).toEqual({
      ok: false,
      reason: 'lesson_gone',
    });
    expect(
      await asker.teachAnswer({ taughtId: active[0]!.id, index: 9, guildId: 'g1', userId: 'mod' }),
    ).toEqual({
      ok: false,
      reason: 'sentence_gone',
    });
    expect(
      await asker.teachAnswer({ taughtId: active[0]!.id, index: 0, guildId: 'g2', userId: 'mod' }),
    ).toEqual({
      ok: false,
      reason: 'lesson_gone',
    });
  });
});

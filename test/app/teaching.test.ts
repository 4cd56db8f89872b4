import { describe, expect, it } from 'vitest';
import { sectionId } from '../../src/core/retrieval/sections.js';
import { setup, CountingGuide, where } from './ask-fixture.js';

describe('teaching the bot (the ask service\'s /teach and "This answers it")', () => {
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

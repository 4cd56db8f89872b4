import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAnswerSentences, loadAlternativeQuestions } from '../../src/ingest/alternative-questions.js';

describe('loadAlternativeQuestions', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const corpusWith = (content: unknown) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alt-questions-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'bees.questions.json'), JSON.stringify(content));
    return dir;
  };

  it('reads a question as text or as { q, answer }, in the order written', async () => {
    const dir = corpusWith({
      sections: {
        'Honey?': ['yield?', { q: 'kilos a year?', answer: 'A hive makes 25 kg.' }, { q: 'per hive?' }],
      },
      notCovered: ['queen price?'],
    });
    expect(await loadAlternativeQuestions(dir)).toEqual([
      { source: 'bees.md', heading: 'Honey?', question: 'yield?' },
      { source: 'bees.md', heading: 'Honey?', question: 'kilos a year?', answer: 'A hive makes 25 kg.' },
      { source: 'bees.md', heading: 'Honey?', question: 'per hive?' },
      { source: 'bees.md', heading: '', question: 'queen price?', notCovered: true },
    ]);
  });

  it('refuses a file whose question is neither, naming the file and the form', async () => {
    const dir = corpusWith({ sections: { 'Honey?': [{ answer: 'A hive makes 25 kg.' }] } });
    await expect(loadAlternativeQuestions(dir)).rejects.toMatchObject({
      code: 'CORPUS_UNREADABLE',
      message: expect.stringMatching(/bees\.questions\.json.*"answer"/),
    });
  });
});

describe('checkAnswerSentences', () => {
  const sections = [
    {
      source: 'bees.md',
      heading: 'Honey?',
      text: 'Bees make honey.\n- **A strong hive** makes  25 kg a year.',
    },
    { source: 'bees.md', heading: 'Wax?', text: 'Wax comes from glands.' },
  ];

  it('keeps an answer its section holds, whatever the list marker, emphasis or spacing', () => {
    const questions = [
      {
        source: 'bees.md',
        heading: 'Honey?',
        question: 'kilos?',
        answer: 'A strong hive makes 25 kg a year.',
      },
      { source: 'bees.md', heading: 'Honey?', question: 'yield?' },
    ];
    expect(checkAnswerSentences(questions, sections)).toEqual({ questions, moved: [] });
  });

  it('drops an answer its section no longer holds (or another section holds), keeping the question', () => {
    const edited = {
      source: 'bees.md',
      heading: 'Honey?',
      question: 'kilos?',
      answer: 'A hive makes 30 kg.',
    };
    const elsewhere = {
      source: 'bees.md',
      heading: 'Honey?',
      question: 'wax?',
      answer: 'Wax comes from glands.',
    };
    const gone = { source: 'bees.md', heading: 'Pollen?', question: 'pollen?', answer: 'Bees make honey.' };
    const result = checkAnswerSentences([edited, elsewhere, gone], sections);
    expect(result.moved).toEqual([edited, elsewhere, gone]);
    expect(result.questions).toEqual([
      { source: 'bees.md', heading: 'Honey?', question: 'kilos?' },
      { source: 'bees.md', heading: 'Honey?', question: 'wax?' },
      { source: 'bees.md', heading: 'Pollen?', question: 'pollen?' },
    ]);
  });
});

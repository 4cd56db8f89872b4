import { describe, expect, it } from 'vitest';
import { buildSpellingTable, correctSpelling, correctWord } from '../../../src/core/question/spelling.js';
import { createQuestionRewriter } from '../../../src/core/question/rewrite.js';

const guideWords = new Map([
  ['medical', 12],
  ['medial', 1],
  ['assistant', 9],
  ['assistants', 7],
  ['salary', 4],
  ['hospital', 3],
  ['administrative', 9],
  ['been', 5],
  ['being', 2],
]);
// Most frequent first, as in the word-vector cache.
const english = ['being', 'stressful', 'should', 'smith', 'salty', 'shed', 'stress'];
const table = buildSpellingTable(guideWords, english);
const isEnglish = (word: string) => english.includes(word) || guideWords.has(word);
const isKnown = (word: string) => guideWords.has(word);

describe('spelling: typos read as the guide’s words', () => {
  it('corrects a guide word one edit away, or two for a long word, preferring the most used', () => {
    expect(correctWord('asistant', table)).toBe('assistant');
    expect(correctWord('salry', table)).toBe('salary');
    // A swap is one edit, as is dropping the "c" ("medial"), and the guide uses "medical" more.
    expect(correctWord('medcial', table)).toBe('medical');
    expect(correctWord('hosptial', table)).toBe('hospital');
  });

  it('falls back to a common English word for a typo of five letters or more', () => {
    expect(correctWord('stresful', table)).toBe('stressful');
  });

  it('leaves words with nothing close, short words and different first letters alone', () => {
    expect(correctWord('smth', table)).toBeUndefined(); // four letters: no English fallback
    expect(correctWord('xalary', table)).toBeUndefined();
    expect(correctWord('qqqqqqq', table)).toBeUndefined();
  });

  it('rewrites only words that are neither the guide’s nor English', () => {
    expect(correctSpelling('is the medcial asistant salry ok lol', table, isKnown, isEnglish)).toBe(
      'is the medical assistant salary ok lol',
    );
    // "shed" is a word: never "corrected"; "wfh" is too short to tell.
    expect(correctSpelling('shed wfh', table, isKnown, isEnglish)).toBe('shed wfh');
  });
});

describe('the question rewriter with an English word list', () => {
  const texts = ['Medical administrative assistants earn a salary in a hospital.'];
  const guide = new Set(texts[0]!.toLowerCase().match(/[a-z]+/g));
  const rewriter = createQuestionRewriter(texts, (word) => guide.has(word), {
    has: (word) => ['is', 'the', 'stressful'].includes(word),
    isFrequent: () => false,
    isCore: (word) => word === 'sala',
    common: () => ['stressful'],
  });

  it('never reads one of the most frequent English words as a clipping of a guide word', () => {
    // "sala" begins "salary" but stands here for a core English word of its own.
    expect(rewriter.rewrite('sala hosp')).toBe('sala hospital');
  });

  it('spells out clipped words before correcting typos ("admin" is not "admit")', () => {
    expect(rewriter.rewrite('medcial admin salry')).toBe('medical administrative salary');
  });

  it("spells out a lower-case acronym learned from the readers' questions, unless it is a frequent word", () => {
    const asked = [
      'can i work from home?',
      'is work from home ok?',
      'need high school?',
      'high school classes?',
    ];
    const rewriterWith = (frequent: string[]) =>
      createQuestionRewriter(
        texts,
        (word) => guide.has(word),
        {
          has: () => true,
          isFrequent: (word) => frequent.includes(word),
          isCore: () => false,
          common: () => [],
        },
        asked,
      );
    expect(rewriterWith([]).rewrite('wfh ok? what hs classes')).toBe(
      'work from home ok? what high school classes',
    );
    expect(rewriterWith(['hs']).rewrite('what hs classes')).toBe('what hs classes');
  });

  it('corrects nothing without a word list (no way to tell a typo from a word)', () => {
    const plain = createQuestionRewriter(texts, (word) => guide.has(word));
    expect(plain.rewrite('medcial salry')).toBe('medcial salry');
  });
});

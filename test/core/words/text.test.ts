import { describe, expect, it } from 'vitest';
import { isStopWord, splitSentences, stem, terms, words } from '../../../src/core/words/text.js';

describe('words', () => {
  it('turns "$44,460" into the token "44460" so a question can match the guide\'s figure', () => {
    expect(words('The average is $44,460 per year.')).toEqual([
      'the',
      'average',
      'is',
      '44460',
      'per',
      'year',
    ]);
  });

  it('removes every thousands separator of a long number', () => {
    expect(words('1,234,567 people')).toEqual(['1234567', 'people']);
  });

  it('keeps a comma between separate numbers that are not thousands groups', () => {
    expect(words('ages 18,25')).toEqual(['ages', '18', '25']);
  });

  it('treats curly and straight apostrophes alike ("don’t" and "don\'t" -> "dont")', () => {
    expect(words('Don’t they?')).toEqual(['dont', 'they']);
    expect(words("Don't they?")).toEqual(['dont', 'they']);
    expect(words('Physician’s office')).toEqual(words("Physician's office"));
  });

  it('lower-cases, drops accents and punctuation, reads "%" as the word percent', () => {
    expect(words('Café HIPAA-compliant: 15%!')).toEqual(['cafe', 'hipaa', 'compliant', '15', 'percent']);
  });

  it('treats chat filler ("gonna", "anyone", "lol") as stop words, so only topic words remain', () => {
    expect(terms('lol is anyone gonna tell me the salary?')).toEqual(['salari']);
  });

  it('returns no tokens for emoji and punctuation', () => {
    expect(words('🐝 ?!')).toEqual([]);
  });
});

describe('terms', () => {
  it('drops stop words and question words', () => {
    expect(terms('What is the salary?')).toEqual(['salari']);
    expect(terms('How much do they earn?')).toEqual(['earn']);
  });

  it('stems so that singular and plural forms meet', () => {
    expect(terms('salaries')).toEqual(terms('salary'));
    expect(terms('hospitals')).toEqual(terms('hospital'));
    expect(terms('working')).toEqual(['work']);
  });

  it('gives a word the same stem when it comes again, however many words came between (kept stems)', () => {
    const first = ['certification', 'hospitals', 'working', '2025s'].map(stem);
    for (let i = 0; i < 60_000; i++) stem(`word${String.fromCharCode(97 + (i % 26))}${i.toString(36)}`);
    expect(['certification', 'hospitals', 'working', '2025s'].map(stem)).toEqual(first);
    expect(first).toEqual(['certif', 'hospit', 'work', '2025s']);
  });

  it('keeps numbers unstemmed, even single digits, and drops single letters', () => {
    expect(terms('Earning $44,460 in 2 years, a b c')).toEqual([stem('earning'), '44460', '2', 'year']);
  });

  it('returns nothing for a text made only of stop words', () => {
    expect(terms('What is it that you do?')).toEqual([]);
  });
});

describe('isStopWord', () => {
  it('knows English stop words and question words but not topic words', () => {
    for (const word of ['the', 'what', 'how', 'does', 'much']) expect(isStopWord(word)).toBe(true);
    for (const word of ['salary', 'hospital', 'honey', 'certification']) expect(isStopWord(word)).toBe(false);
  });
});

describe('splitSentences', () => {
  it('splits at sentence ends followed by a capital, a digit or a dollar sign', () => {
    expect(splitSentences('Pay varies. It averages $44,460! Does it? 2025 looks good.')).toEqual([
      'Pay varies.',
      'It averages $44,460!',
      'Does it?',
      '2025 looks good.',
    ]);
  });

  it('does not split after "U.S." or inside a decimal number', () => {
    const text = 'The U.S. Bureau of Labor Statistics projects 15.2% growth. Demand is strong.';
    expect(splitSentences(text)).toEqual([
      'The U.S. Bureau of Labor Statistics projects 15.2% growth.',
      'Demand is strong.',
    ]);
  });

  it('does not split after "e.g.", "Dr." or "vs."', () => {
    expect(splitSentences('Some tools, e.g. Epic, help. Ask Dr. Smith vs. Mr. Jones about it.')).toEqual([
      'Some tools, e.g. Epic, help.',
      'Ask Dr. Smith vs. Mr. Jones about it.',
    ]);
  });

  it('does not split before a lower-case word', () => {
    expect(splitSentences('It costs approx. three dollars.')).toEqual(['It costs approx. three dollars.']);
  });

  it('treats each line as its own unit and strips list markers', () => {
    expect(splitSentences('Factors include:\n- Experience. Years count.\n\n* Location\n+ Employer')).toEqual([
      'Factors include:',
      'Experience.',
      'Years count.',
      'Location',
      'Employer',
    ]);
  });

  it('returns sentences that are each a substring of the input, so they can be quoted word for word', () => {
    const text =
      'According to ZipRecruiter (2025), the average salary is approximately $44,460 per year.  However, several factors can influence it, including:\n- Experience. Entry-level assistants may earn less.\n- Location. The U.S. average hides big differences; e.g. Nome, AK pays $55,153.';
    const sentences = splitSentences(text);
    expect(sentences.length).toBeGreaterThanOrEqual(5);
    for (const sentence of sentences) {
      expect(text).toContain(sentence);
      expect(sentence).toBe(sentence.trim());
    }
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n\n  \n')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { cleanQuestion } from '../../../src/core/question/clean.js';

const none = { mentions: 0, urls: 0, emoji: 0 };

describe('cleanQuestion: Discord syntax', () => {
  it.each([
    ['<@123456789012345678> how much do they earn', 'how much do they earn'],
    ['<@!123456789012345678>, how much do they earn?', 'how much do they earn?'],
    ['how much does <@123456789012345678> earn', 'how much does earn'],
    ['<@&987654321098765432> cert question: cmaa or cpc?', 'cert question: cmaa or cpc?'],
    ['asked in <#111222333444555666> already: wfh possible?', 'asked in already: wfh possible?'],
    ['@everyone @here what certs do i need', 'what certs do i need'],
    ['use </ask:123456789> or </guide search:42> for pay?', 'use or for pay?'],
  ])('takes the mentions out of %j, leaving %j', (raw, text) => {
    const cleaned = cleanQuestion(raw);
    expect(cleaned.text).toBe(text);
    expect(cleaned.removed.mentions).toBeGreaterThan(0);
    expect(cleaned.text).not.toMatch(/[<>@]/);
  });

  it('counts every mention, emoji and link it removes', () => {
    const cleaned = cleanQuestion(
      'hey <@1> <@!2> <@&3> <#4> @everyone </ask:5> pay? <:pepe:6> <a:dance:7> 💰 https://a.b/c www.d.org',
    );
    expect(cleaned).toEqual({ text: 'hey pay?', removed: { mentions: 6, urls: 2, emoji: 3 } });
  });

  it('leaves nothing of a message that is only mentions and emoji', () => {
    expect(cleanQuestion('<@123> <:wave:456> 👋')).toEqual({
      text: '',
      removed: { mentions: 1, urls: 0, emoji: 2 },
    });
  });
});

describe('cleanQuestion: links', () => {
  it.each([
    ['salary? https://www.bls.gov/ooh/healthcare/medical-assistants.htm', 'salary?'],
    ['is <https://example.org/maa> legit?', 'is legit?'],
    ['read www.example.com/guide first, then: certs?', 'read first, then: certs?'],
    ['join discord.gg/abc123 for study help? cmaa tips', 'join for study help? cmaa tips'],
    ['(see https://en.wikipedia.org/wiki/Medical_assistant_(US)) pay?', '(see) pay?'],
    ['HTTP://EXAMPLE.COM pay?', 'pay?'],
  ])('removes the link in %j', (raw, text) => {
    const cleaned = cleanQuestion(raw);
    expect(cleaned.text).toBe(text);
    expect(cleaned.removed.urls).toBe(1);
  });

  it('keeps the words of a masked link and drops its target', () => {
    expect(cleanQuestion('does [the BLS page](https://bls.gov/ooh) say 15% growth?')).toEqual({
      text: 'does the BLS page say 15% growth?',
      removed: { ...none, urls: 1 },
    });
  });

  it('keeps words that only look like the start of a link ("awww.", "http" alone)', () => {
    expect(cleanQuestion('awww. ok so is http knowledge needed?').text).toBe(
      'awww. ok so is http knowledge needed?',
    );
  });
});

describe('cleanQuestion: emoji', () => {
  it.each([
    ['how much 💰💰 do they earn 🤔?', 'how much do they earn?', 3],
    ['👩‍⚕️ as a job? 👍🏽', 'as a job?', 2],
    ['pay in 🇺🇸 vs 🇨🇦', 'pay in vs', 2],
    ['1️⃣ best cert? #️⃣', 'best cert?', 2],
    ['wfh possible? ❤️', 'wfh possible?', 1],
    ['<:pepe_cry:123456> exam failed, retake?', 'exam failed, retake?', 1],
  ])('removes the emoji of %j', (raw, text, emoji) => {
    expect(cleanQuestion(raw)).toEqual({ text, removed: { ...none, emoji } });
  });

  it('keeps digits, symbols and punctuation that are no emoji', () => {
    expect(cleanQuestion('is $44,460 (15%) per year right? #1 cert?').text).toBe(
      'is $44,460 (15%) per year right? #1 cert?',
    );
  });
});

describe('cleanQuestion: Markdown', () => {
  it.each([
    ['||is it stressful?||', 'is it stressful?'],
    ['**how much** do they *really* earn', 'how much do they really earn'],
    ['___really___ ~~bad~~ good pay?', 'really bad good pay?'],
    ['what does `CMAA` stand for', 'what does CMAA stand for'],
    ['```\nhow long is the program\n```', 'how long is the program'],
    ['```txt\nhow long is the program\n```', 'how long is the program'],
    ['# Salary\nhow much?', 'Salary how much?'],
    ['> is it worth it\n>>> asking for a friend', 'is it worth it asking for a friend'],
    ['-# small print: pay?', 'small print: pay?'],
    ['- first: certs\n* second: schools', 'first: certs second: schools'],
    ['\\*\\*not bold\\*\\* pay?', 'not bold pay?'],
  ])('keeps the words of %j', (raw, text) => {
    expect(cleanQuestion(raw)).toEqual({ text, removed: none });
  });

  it('keeps snake_case words and hyphens inside words', () => {
    expect(cleanQuestion('is front-desk work like a data_entry job?').text).toBe(
      'is front-desk work like a data_entry job?',
    );
  });
});

describe('cleanQuestion: plain questions', () => {
  it.each([
    'How much do medical administrative assistants earn?',
    'wfh possible?',
    'MAA pay rn?',
    'hs diploma ok?',
    "what's the catch... is it boring?",
    '¿Cuánto gana un asistente administrativo médico?',
    "Quel est le salaire d'un assistant administratif médical ?",
  ])('leaves %j as it is (spaces aside)', (question) => {
    const cleaned = cleanQuestion(question);
    expect(cleaned.removed).toEqual(none);
    expect(cleaned.text.replace(/\s/g, '')).toBe(question.replace(/\s/g, ''));
  });

  it('collapses whitespace and newlines into single spaces', () => {
    expect(cleanQuestion('  how   long\n\nis the\tprogram  ').text).toBe('how long is the program');
  });
});

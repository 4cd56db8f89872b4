import { beforeAll, describe, expect, it } from 'vitest';
import {
  detectLanguage,
  loadLanguageDetector,
  type LanguageDetector,
} from '../../../src/core/question/language.js';

/**
 * The real detector (eld's 'small' database, loaded once for the file). Telling a member who wrote
 * English "I answer in English" is the costly mistake, so most cases are short English slang.
 */

const FOREIGN = [
  '¿Cuánto gana un asistente administrativo médico?',
  "Quel est le salaire d'un assistant administratif médical ?",
  'Wie viel verdient ein medizinischer Verwaltungsassistent?',
  'Quanto guadagna un assistente amministrativo medico?',
  'Quanto ganha um assistente administrativo médico?',
  'Hoeveel verdient een medisch administratief medewerker?',
  'necesito un título para trabajar en una clínica?',
  'puedo trabajar desde casa?',
  'est-ce que je peux travailler à distance ?',
  'brauche ich ein Zertifikat?',
  'Сколько зарабатывает медицинский администратор?',
  '医疗行政助理的工资是多少？',
];

/** Short Discord questions on the guide's topic: slang, typos, abbreviations, acronyms, one-word asks. */
const ENGLISH_SLANG = [
  'wfh possible?',
  'MAA pay rn?',
  'tldr',
  'hs diploma ok?',
  'cmaa worth it?',
  'how much do they earn',
  'pay in cali?',
  'salary ny',
  'is the cert hard af',
  'need a degree or nah',
  'remote jobs??',
  'ged enough?',
  'hrs per week?',
  'whats the $ like',
  'ez to get hired?',
  'cpc vs cmaa',
  'any good online schools',
  'do i need certs',
  'entry lvl pay',
  'ot common?',
  'skills u need?',
  'best cert 4 beginners',
  'MAA vs MA diff?',
  'job outlook 2030?',
  'wat do they do all day',
  'hw long 2 get certified',
  'r there jobs in texas',
  'srsly how much $$',
  'ehr software which one',
  'typing speed req?',
  'billing n coding same thing?',
  'pls help w/ resume tips',
  'nha exam tips',
  'any1 here work at a clinic',
  'im 17 can i start',
  'hipaa stuff?',
  'is it stressful tbh',
  'avg hourly rate',
  'teh salary in florida',
  'recieve certification online?',
  'thx! and the pay?',
  'idk where to start',
  'wfh',
  'pay?',
  'cmaa',
  'MAA',
  'hs grad, no exp, chances?',
  'need cpr/bls?',
  'EHR vs EMR',
  'cna to maa?',
  'hw mch dey pay',
  'ngl kinda lost',
  'can i work at clinica santa maria',
  'MAA pay in San Jose or Los Angeles?',
  'avg sallary MAA',
  'CMAA exam fee?',
];

let detector: LanguageDetector;
beforeAll(async () => {
  detector = await loadLanguageDetector();
});

describe('detectLanguage', () => {
  it.each(FOREIGN)('calls %j another language, with confidence', (question) => {
    const guess = detector.detect(question);
    expect(guess.language).toBe('other');
    expect(guess.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each(ENGLISH_SLANG)('takes the short English question %j for English', (question) => {
    expect(detector.detect(question).language).toBe('en');
  });

  it('is sure of plain English questions', () => {
    const guess = detector.detect('How much do medical administrative assistants earn in Texas?');
    expect(guess).toEqual({ language: 'en', confidence: 1 });
  });

  it('says English, not sure, when one foreign word is all there is to go on', () => {
    for (const word of ['hola', 'gracias!', 'salario', 'merci']) {
      expect(detector.detect(word).language).toBe('en');
    }
    expect(detector.detect('salario').confidence).toBeLessThan(1);
  });

  it('cannot tell the language of a text without letters', () => {
    expect(detector.detect('')).toEqual({ language: 'unknown', confidence: 0 });
    expect(detector.detect('$44,460 / 15%?')).toEqual({ language: 'unknown', confidence: 0 });
  });

  it('is the same detector through detectLanguage, loaded once', async () => {
    expect(await loadLanguageDetector()).toBe(detector);
    expect(await detectLanguage('Quanto guadagna un assistente amministrativo medico?')).toMatchObject({
      language: 'other',
    });
    expect(await detectLanguage('wfh possible?')).toMatchObject({ language: 'en' });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { wordAnswer, ENGLISH_ONLY } from '../../../src/app/wording.js';
import { loadConfig } from '../../../src/config.js';
import { createAnswerer } from '../../../src/core/answering/answerer.js';
import type { LanguageDetector } from '../../../src/core/question/language.js';
import type { HybridRetriever } from '../../../src/core/retrieval/hybrid-retriever.js';
import type { AnswerResult, AnswerWriter } from '../../../src/core/types.js';
import { createSilentLogger } from '../../../src/logger.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { TINY_CORPUS, makeTempDir } from '../../ingest/helpers.js';
import { buildRetriever } from '../retrieval/retriever-fixture.js';

/**
 * What Discord sends, through createAnswerer on the tiny corpus (real USE-lite index, retriever and
 * language detector): mentions, links, emoji and Markdown are cleaned out before retrieval, and a
 * question in another language is refused with `language: 'other'` and the closest sections.
 */

const config = loadConfig({});
const settings = {
  maxQuestionLength: config.MAX_QUESTION_LENGTH,
  maxAnswerChars: config.ANSWER_MAX_CHARS,
  topK: config.RETRIEVAL_TOP_K,
};
const SPANISH = '¿Cuánto gana un asistente administrativo médico?';

const embeddings = new UseLiteEmbeddings();
const logger = createSilentLogger();
let tmp: { dir: string; cleanup: () => void };
let retriever: HybridRetriever;
let retrieveSpy: MockInstance<HybridRetriever['retrieve']>;

beforeAll(async () => {
  tmp = makeTempDir('guidebot-question-');
  ({ retriever } = await buildRetriever(TINY_CORPUS, tmp.dir, embeddings));
  retrieveSpy = vi.spyOn(retriever, 'retrieve');
});
afterAll(() => tmp?.cleanup());
beforeEach(() => {
  retrieveSpy.mockClear();
});

const answererWith = (extra: { writer?: AnswerWriter; languageDetector?: LanguageDetector } = {}) =>
  createAnswerer({ retriever: () => retriever, embeddings, settings, logger, ...extra });

/** Everything a reader or the log sees of a result, timings aside. */
const seen = (result: AnswerResult) => ({ ...result, timings: undefined });

const refusingWriter = (calls: string[]): AnswerWriter => ({
  name: 'fake:writer',
  write: async ({ question }) => {
    calls.push(question);
    return 'Never asked [1].';
  },
});

describe('createAnswerer: cleaned questions', () => {
  const answerer = answererWith();

  it.each([
    ['<@123456789012345678> how much do they earn', 'how much do they earn'],
    ['<@!123456789012345678> How much honey does a hive produce?', 'How much honey does a hive produce?'],
    ['**Do I need a bee suit?** 🐝 <:bee:123456> https://example.org/suits', 'Do I need a bee suit?'],
    ['||How hot should the oven be?|| @everyone', 'How hot should the oven be?'],
  ])('answers %j exactly as %j, retrieving and logging the cleaned words', async (raw, plain) => {
    const expected = await answerer.answer(plain);
    const result = await answerer.answer(raw);
    expect(seen(result)).toEqual(seen(expected));
    expect(result.question).toBe(plain);
    expect(retrieveSpy).toHaveBeenLastCalledWith(plain, expect.anything());
    expect(wordAnswer(result)).not.toMatch(/<[@#:]|https?:|@everyone/);
  });

  it('cleans the context of a follow-up too', async () => {
    await answerer.answer('How long does it take?', {
      context: '<@123456789012345678> How do I make a sourdough starter?',
    });
    expect(retrieveSpy).toHaveBeenLastCalledWith(
      'How long does it take?',
      expect.objectContaining({ context: 'How do I make a sourdough starter?' }),
    );
  });

  it('rejects a message of only mentions, emoji and links as no_text, without retrieving', async () => {
    const result = await answerer.answer('<@123456789012345678> <:wave:42> 👋 https://example.org');
    expect(result).toMatchObject({
      outcome: 'invalid',
      invalid: { code: 'no_text', maxLength: settings.maxQuestionLength },
      question: '',
    });
    expect(retrieveSpy).not.toHaveBeenCalled();
  });
});

describe('createAnswerer: questions in other languages', () => {
  it('refuses the Spanish question as out_of_scope with language "other" and the closest sections', async () => {
    const calls: string[] = [];
    const result = await answererWith({ writer: refusingWriter(calls) }).answer(SPANISH);
    expect(result).toMatchObject({
      question: SPANISH,
      outcome: 'out_of_scope',
      language: 'other',
      grounded: false,
      answer: '',
      citations: [],
    });
    // Retrieved all the same: the suggestions are its top sections.
    expect(retrieveSpy).toHaveBeenCalledTimes(1);
    const { sections } = (await retrieveSpy.mock.results[0]!.value) as Awaited<
      ReturnType<HybridRetriever['retrieve']>
    >;
    expect(result.suggestions.map((s) => s.anchor)).toEqual(sections.slice(0, 3).map((s) => s.anchor));
    expect(result.suggestions.length).toBeGreaterThan(0);
    expect(wordAnswer(result)).toMatch(new RegExp(`^${ENGLISH_ONLY} The closest sections are: “`));
    expect(calls).toEqual([]);
  });

  it.each([
    "Quel est le salaire d'un assistant administratif médical ?",
    'Wie viel verdient ein medizinischer Verwaltungsassistent?',
    'Quanto guadagna un assistente amministrativo medico?',
  ])('refuses %j with language "other"', async (question) => {
    const result = await answererWith().answer(question);
    expect(result).toMatchObject({ outcome: 'out_of_scope', language: 'other' });
  });

  it('answers short English slang, and never marks an English answer or refusal with a language', async () => {
    const answerer = answererWith();
    const honey = await answerer.answer('how much honey does a hive make tbh');
    expect(honey.outcome).toBe('answered');
    const refused = await answerer.answer('What is the capital of France?');
    expect(refused.outcome).toBe('out_of_scope');
    for (const result of [honey, refused]) expect(result.language).toBeUndefined();
  });

  it('uses the language detector it is given', async () => {
    const everythingForeign: LanguageDetector = {
      detect: () => ({ language: 'other', confidence: 1 }),
    };
    const result = await answererWith({ languageDetector: everythingForeign }).answer(
      'How much honey does a hive produce?',
    );
    expect(result).toMatchObject({ outcome: 'out_of_scope', language: 'other' });
  });
});

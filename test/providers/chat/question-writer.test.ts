import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { isPipelineError } from '../../../src/core/errors.js';
import { createQuestionWriter } from '../../../src/providers/chat/create-question-writer.js';
import { describeMissingChatModel } from '../../../src/providers/chat/model-settings.js';
import { createSilentLogger } from '../../../src/logger.js';
import { startFakeOllama, type FakeOllamaServer } from '../../support/fake-ollama.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fake-openai.js';

const API_KEY = 'sk-test-abcdef0123456789';
const SECTION = {
  heading: 'Can I keep bees in a city?',
  text: 'Urban beekeeping is legal in many cities.',
  count: 3,
};

let openai: FakeOpenAIServer;
let ollama: FakeOllamaServer;
beforeAll(async () => {
  [openai, ollama] = await Promise.all([startFakeOpenAI(), startFakeOllama()]);
});
afterAll(async () => {
  await Promise.all([openai.close(), ollama.close()]);
});

function writerFor(provider: 'openai' | 'ollama') {
  const config = loadConfig({
    LLM_PROVIDER: provider,
    LLM_MODEL: provider === 'openai' ? 'fake-gpt' : 'fake-llama',
    LLM_TIMEOUT_MS: '1000',
    LLM_MAX_RETRIES: '0',
    OPENAI_API_KEY: API_KEY,
    OPENAI_BASE_URL: openai.baseURL,
    OLLAMA_BASE_URL: ollama.url,
  });
  return createQuestionWriter(config, createSilentLogger());
}

describe('the question writer of --generate-questions', () => {
  it('is configured by an OpenAI key or server, or by Ollama, whatever ANSWER_MODE says', () => {
    expect(describeMissingChatModel({ LLM_PROVIDER: 'openai' })).toMatch(/OPENAI_BASE_URL/);
    expect(
      describeMissingChatModel({ LLM_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }),
    ).toBe(undefined);
    expect(describeMissingChatModel({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-x' })).toBeUndefined();
    expect(describeMissingChatModel({ LLM_PROVIDER: 'ollama' })).toBeUndefined();
  });

  it("sends the section as delimited data and returns the model's text (OpenAI-compatible)", async () => {
    openai.enqueue('chat', { kind: 'reply', text: 'Is it legal in town?\nDo I need a permit?' });
    const writer = writerFor('openai');
    expect(writer.name).toBe('openai:fake-gpt');
    expect(await writer.write(SECTION)).toBe('Is it legal in town?\nDo I need a permit?');
    const body = JSON.stringify(openai.requestsTo('chat').at(-1)?.body);
    expect(body).toContain('<section heading=\\"Can I keep bees in a city?\\">');
    expect(body).toContain('Urban beekeeping is legal in many cities.');
    // Each question with the sentence that answers it, which ingestion checks against the section.
    expect(body).toContain(' || ');
    expect(body).toContain('copied word for word');
  });

  it('works with Ollama too', async () => {
    ollama.enqueue('chat', { kind: 'reply', text: 'Is it legal in town?' });
    expect(await writerFor('ollama').write(SECTION)).toContain('?');
  });

  it('turns a refused key into LLM_FAILED without the key in the error', async () => {
    openai.enqueue('chat', { kind: 'status', status: 401, message: `bad key ${API_KEY}` });
    const error = await writerFor('openai')
      .write(SECTION)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isPipelineError(error) && error.code).toBe('LLM_FAILED');
    expect(
      JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause) }),
    ).not.toContain(API_KEY);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config.js';
import { toGuideSettings } from '../../../src/app/wiring.js';
import { createEmbeddings } from '../../../src/providers/embeddings/create-embeddings.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { isPipelineError } from '../../../src/core/errors.js';
import { openGuide, type Guide } from '../../../src/core/guide.js';
import { createAnswerWriter } from '../../../src/providers/chat/create-answer-writer.js';
import { ingestCorpus } from '../../../src/ingest/ingest.js';
import { createSilentLogger } from '../../../src/logger.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fake-openai.js';

/**
 * llm mode end to end: the real index (tiny corpus, USE-lite), the real answer core, and the OpenAI
 * answer writer talking to the fake server. Shows what a reader gets in each failure case.
 */

const TINY_CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tiny-corpus');
const QUESTION = 'How much honey does a hive produce?';

let openai: FakeOpenAIServer;
let workDir: string;
let config: Config;
let guide: Guide;

beforeAll(async () => {
  openai = await startFakeOpenAI();
  workDir = mkdtempSync(path.join(tmpdir(), 'guidebot-llm-'));
  config = loadConfig({
    INDEX_DIR: path.join(workDir, 'index'),
    ANSWER_MODE: 'llm',
    LLM_PROVIDER: 'openai',
    LLM_MODEL: 'fake-gpt',
    LLM_TIMEOUT_MS: '1000',
    LLM_MAX_RETRIES: '0',
    OPENAI_BASE_URL: openai.baseURL,
    OPENAI_API_KEY: 'sk-llm-mode-test-key',
  });
  const logger = createSilentLogger();
  const embeddings = new UseLiteEmbeddings();
  await ingestCorpus({
    corpusDir: TINY_CORPUS,
    indexDir: config.INDEX_DIR,
    embeddings,
    chunkSize: 900,
    chunkOverlap: 100,
    logger,
  });
  guide = await openGuide({
    settings: toGuideSettings(config),
    embeddings,
    logger,
    writer: createAnswerWriter(config, logger),
  });
});

afterAll(async () => {
  await openai.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('llm mode through the answer core', () => {
  it('shows the model answer with its valid citation, without the invented [7], citations built from passages', async () => {
    openai.enqueue('chat', {
      kind: 'reply',
      text: 'An established colony makes about 30 to 60 pounds of surplus honey a season [1]. Bees love clover [7].',
    });
    const partials: string[] = [];
    const result = await guide.answer(QUESTION, { onPartial: (text) => partials.push(text) });
    expect(result.mode).toBe('llm');
    expect(result.outcome).toBe('answered');
    expect(result.answer).toContain('30 to 60 pounds');
    expect(result.answer).not.toContain('[7]');
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]?.quote).toBeTruthy();
    expect(result.grounded).toBe(true);
    expect(partials.length).toBeGreaterThan(1);
    // The model saw the passages and the question, delimited.
    const user = (openai.requestsTo('chat').at(-1)?.body as { messages: { content: string }[] }).messages[1]
      ?.content;
    expect(user).toContain('<passage n="1"');
    expect(user).toContain(`<question>\n${QUESTION}\n</question>`);
  });

  it('replaces an answer with no valid citation by the extractive answer', async () => {
    openai.enqueue('chat', { kind: 'reply', text: 'Hives make lots of honey [9].' });
    const result = await guide.answer(QUESTION);
    expect(result.mode).toBe('extractive');
    expect(result.answer).not.toContain('lots of honey');
    expect(result.citations.length).toBeGreaterThan(0);
  });

  it.each([
    ['a timeout', { kind: 'hang' } as const],
    ['a refused key', { kind: 'status', status: 401 } as const],
    ['a rate limit', { kind: 'status', status: 429, headers: { 'retry-after': '20' } } as const],
    ['a malformed body', { kind: 'malformed' } as const],
  ])('falls back to the extractive answer with a short note after %s', async (_name, behaviour) => {
    openai.enqueue('chat', behaviour);
    const result = await guide.answer(QUESTION);
    expect(result.mode).toBe('extractive');
    expect(result.outcome).toBe('answered');
    expect(result.notice).toBe('model_unavailable');
    expect(result.answer).not.toMatch(/HTTP|Error|at .*\.ts/);
    expect(result.citations.length).toBeGreaterThan(0);
  });
});

describe('an index built with a hosted embedder', () => {
  it('is refused by a guide configured with another embedder, telling to re-run ingest', async () => {
    const indexDir = path.join(workDir, 'index-openai');
    const hostedConfig = loadConfig({
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_API_KEY: 'sk-llm-mode-test-key',
      OPENAI_EMBEDDINGS_MODEL: 'fake-embed',
      EMBEDDINGS_BATCH_SIZE: '8',
      INDEX_DIR: indexDir,
    });
    const hosted = createEmbeddings(hostedConfig, createSilentLogger());
    const summary = await ingestCorpus({
      corpusDir: TINY_CORPUS,
      indexDir,
      embeddings: hosted,
      chunkSize: 900,
      chunkOverlap: 100,
    });
    expect(summary.requests).toBe(hosted.requestCount);
    expect(summary.requests).toBeGreaterThan(0);

    const failure = openGuide({
      settings: toGuideSettings({ ...config, INDEX_DIR: indexDir }),
      embeddings: new UseLiteEmbeddings(),
      logger: createSilentLogger(),
    });
    await expect(failure).rejects.toSatisfy((e) => isPipelineError(e, 'INDEX_EMBEDDER_MISMATCH'));
    await expect(failure).rejects.toThrow(/npm run ingest/);

    const otherModel = createEmbeddings(
      { ...hostedConfig, OPENAI_EMBEDDINGS_MODEL: 'another-embed' },
      createSilentLogger(),
    );
    await expect(
      openGuide({
        settings: toGuideSettings({ ...config, INDEX_DIR: indexDir }),
        embeddings: otherModel,
        logger: createSilentLogger(),
      }),
    ).rejects.toSatisfy((e) => isPipelineError(e, 'INDEX_EMBEDDER_MISMATCH'));

    const sameEmbedder = createEmbeddings(hostedConfig, createSilentLogger());
    const hostedGuide = await openGuide({
      settings: toGuideSettings({ ...config, INDEX_DIR: indexDir }),
      embeddings: sameEmbedder,
      logger: createSilentLogger(),
    });
    expect(hostedGuide.manifest().embedder).toEqual({
      provider: 'openai',
      model: 'fake-embed',
      dimensions: 8,
    });
  });
});

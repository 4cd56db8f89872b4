import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import {
  createEmbeddings,
  resolveEmbedderInfo,
} from '../../../src/providers/embeddings/create-embeddings.js';
import { RemoteEmbeddings } from '../../../src/providers/embeddings/remote-embeddings.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { isPipelineError } from '../../../src/core/errors.js';
import { createSilentLogger } from '../../../src/logger.js';
import { startFakeOllama, type FakeOllamaServer } from '../../support/fake-ollama.js';
import { fakeVector, startFakeOpenAI, type FakeOpenAIServer } from '../../support/fake-openai.js';

const API_KEY = 'sk-embed-0123456789abcdef';
let openai: FakeOpenAIServer;
let ollama: FakeOllamaServer;

beforeAll(async () => {
  [openai, ollama] = await Promise.all([
    startFakeOpenAI({ dimensions: 8 }),
    startFakeOllama({ dimensions: 6 }),
  ]);
});
afterAll(async () => {
  await Promise.all([openai.close(), ollama.close()]);
});

function embedderFor(
  provider: 'openai' | 'ollama',
  env: Record<string, string> = {},
  logger = createSilentLogger(),
) {
  const config = loadConfig({
    EMBEDDINGS_PROVIDER: provider,
    EMBEDDINGS_BATCH_SIZE: '4',
    EMBEDDINGS_MAX_RETRIES: '3',
    OPENAI_API_KEY: API_KEY,
    OPENAI_BASE_URL: openai.baseURL,
    OPENAI_EMBEDDINGS_MODEL: 'fake-embed',
    OLLAMA_BASE_URL: ollama.url,
    OLLAMA_EMBEDDINGS_MODEL: 'fake-nomic',
    ...env,
  });
  return createEmbeddings(config, logger, { retryBaseDelayMs: 5 });
}

const texts = Array.from(
  { length: 10 },
  (_, i) => `Section ${i + 1}: medical administrative assistants ${'x'.repeat(i)}`,
);

describe('createEmbeddings', () => {
  it('picks USE-lite by default, with its batch size, without loading anything', () => {
    const embeddings = createEmbeddings(loadConfig({ EMBEDDINGS_BATCH_SIZE: '16' }), createSilentLogger());
    expect(embeddings).toBeInstanceOf(UseLiteEmbeddings);
    expect(embeddings.info).toEqual({
      provider: 'use-lite',
      model: 'universal-sentence-encoder-lite',
      dimensions: 512,
    });
  });

  it('picks the OpenAI and Ollama embedders from EMBEDDINGS_PROVIDER', () => {
    const openaiEmbedder = embedderFor('openai');
    const ollamaEmbedder = embedderFor('ollama');
    expect(openaiEmbedder).toBeInstanceOf(RemoteEmbeddings);
    expect(openaiEmbedder.info).toMatchObject({ provider: 'openai', model: 'fake-embed' });
    expect(ollamaEmbedder.info).toMatchObject({ provider: 'ollama', model: 'fake-nomic' });
  });

  it('knows the dimensions of OpenAI models up front when talking to OpenAI itself', () => {
    const config = loadConfig({
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_API_KEY: API_KEY,
      OPENAI_EMBEDDINGS_MODEL: 'text-embedding-3-large',
    });
    const embeddings = createEmbeddings(config, createSilentLogger());
    expect(embeddings.info).toEqual({
      provider: 'openai',
      model: 'text-embedding-3-large',
      dimensions: 3072,
    });
    expect(embeddings.requestCount).toBe(0);
  });

  it('refuses the openai embedder without an API key or base URL and says what to set', () => {
    const config = loadConfig({ EMBEDDINGS_PROVIDER: 'openai' });
    expect(() => createEmbeddings(config, createSilentLogger())).toThrowError(ConfigError);
    expect(() => createEmbeddings(config, createSilentLogger())).toThrowError(
      /OPENAI_API_KEY.*OPENAI_BASE_URL/,
    );
  });

  it('never logs the API key', () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'trace' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    embedderFor('openai', {}, logger);
    expect(lines.join('')).toContain('embeddings provider');
    expect(lines.join('')).not.toContain(API_KEY);
  });
});

describe.each(['openai', 'ollama'] as const)('the %s embedder', (provider) => {
  const requests = () =>
    provider === 'openai' ? openai.requestsTo('embeddings') : ollama.requestsTo('embed');
  const enqueue = (...b: Parameters<FakeOpenAIServer['enqueue']>[1][]) =>
    provider === 'openai' ? openai.enqueue('embeddings', ...b) : ollama.enqueue('embed', ...b);
  const dimensions = provider === 'openai' ? 8 : 6;

  it('batches documents by EMBEDDINGS_BATCH_SIZE, counts the requests, and returns the server vectors in order', async () => {
    const embeddings = embedderFor(provider);
    const before = requests().length;
    const vectors = await embeddings.embedDocuments(texts);
    const sent = requests().slice(before);
    expect(sent).toHaveLength(3);
    expect(sent.map((r) => (r.body as { input: string[] }).input.length)).toEqual([4, 4, 2]);
    expect(sent.flatMap((r) => (r.body as { input: string[] }).input)).toEqual(texts);
    expect(embeddings.requestCount).toBe(3);
    expect(vectors).toHaveLength(10);
    for (const [i, vector] of vectors.entries()) {
      expect(vector[0]).toBeCloseTo(fakeVector(texts[i]!, dimensions)[0]!, 5);
    }
    if (provider === 'openai') {
      expect(sent[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(sent[0]?.body).toMatchObject({ model: 'fake-embed' });
    } else {
      expect(sent[0]?.body).toMatchObject({ model: 'fake-nomic' });
    }
  });

  it('learns its dimensions from the first vectors, and init() probes once when nothing was embedded yet', async () => {
    const fresh = embedderFor(provider);
    expect(fresh.info.dimensions).toBe(0);
    await fresh.embedQuery('what does an assistant do?');
    expect(fresh.info).toMatchObject({ provider, dimensions });
    expect(fresh.requestCount).toBe(1);

    const probed = embedderFor(provider);
    expect(await resolveEmbedderInfo(probed)).toMatchObject({ provider, dimensions });
    expect(await resolveEmbedderInfo(probed)).toMatchObject({ dimensions });
    expect(probed.requestCount).toBe(1);
  });

  it('retries a 429 and a 500 with backoff, then succeeds, counting every attempt', async () => {
    const embeddings = embedderFor(provider);
    const before = requests().length;
    enqueue(
      { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
      { kind: 'status', status: 500 },
    );
    const vectors = await embeddings.embedDocuments(texts.slice(0, 3));
    expect(vectors).toHaveLength(3);
    expect(requests().length - before).toBe(3);
    expect(embeddings.requestCount).toBe(3);
  });

  it('fails with EMBEDDINGS_FAILED after the retries run out', async () => {
    const embeddings = embedderFor(provider, { EMBEDDINGS_MAX_RETRIES: '1' });
    enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const failure = embeddings.embedQuery('q');
    await expect(failure).rejects.toSatisfy((e) => isPipelineError(e, 'EMBEDDINGS_FAILED'));
    await expect(failure).rejects.toThrow(/HTTP 503/);
    expect(embeddings.requestCount).toBe(2);
  });

  it('does not retry a refused key (401)', async () => {
    const embeddings = embedderFor(provider);
    enqueue({ kind: 'status', status: 401 });
    await expect(embeddings.embedDocuments(['a'])).rejects.toThrow(/refused the API key \(HTTP 401\)/);
    expect(embeddings.requestCount).toBe(1);
  });

  it('reports a malformed body as EMBEDDINGS_FAILED', async () => {
    const embeddings = embedderFor(provider, { EMBEDDINGS_MAX_RETRIES: '0' });
    enqueue({ kind: 'malformed' });
    await expect(embeddings.embedDocuments(['a'])).rejects.toSatisfy((e) =>
      isPipelineError(e, 'EMBEDDINGS_FAILED'),
    );
  });
});

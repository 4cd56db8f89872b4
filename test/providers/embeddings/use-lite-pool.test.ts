import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { isPipelineError } from '../../../src/core/errors.js';
import { createSilentLogger } from '../../../src/logger.js';
import { closeEmbeddings } from '../../../src/providers/embeddings/close-embeddings.js';
import { createEmbeddings } from '../../../src/providers/embeddings/create-embeddings.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { UseLitePoolEmbeddings } from '../../../src/providers/embeddings/use-lite-pool.js';
import { distinctQuestions, maxDifference } from './vectors.js';

/** The in-process encoder: the reference every pool vector must match. */
const inProcess = new UseLiteEmbeddings();
/** One pool of two threads shared by the tests that do not count its work. */
const pool = new UseLitePoolEmbeddings({ workers: 2 });

beforeAll(async () => {
  // Both load their model before any test measures anything.
  await Promise.all([inProcess.embedQuery('warm up'), pool.embedDocuments(['warm up 1', 'warm up 2'])]);
});
afterAll(() => pool.close());

const questions = distinctQuestions(12);

describe('UseLitePoolEmbeddings', () => {
  it('says it is USE-lite, exactly as the in-process encoder does, so indexes stay compatible', () => {
    expect(pool.info).toEqual(inProcess.info);
  });

  it('returns the same vectors as the in-process encoder (within 1e-6), for queries and documents', async () => {
    const texts = [
      'What does a medical administrative assistant do?',
      'Can I work from home?',
      '',
      '   ',
      'Billing, coding and scheduling: '.repeat(30),
      'ünïcödé — and emoji 🙂',
    ];
    const expected = await inProcess.embedDocuments(texts);
    const queries = await Promise.all(texts.map((text) => pool.embedQuery(text)));
    const documents = await pool.embedDocuments(texts);
    expect(queries.map((vector) => vector.length)).toEqual(texts.map(() => 512));
    expect(maxDifference(queries, expected)).toBeLessThan(1e-6);
    expect(maxDifference(documents, expected)).toBeLessThan(1e-6);
    // Each call to the in-process encoder on its own, as a question is embedded today.
    const oneByOne = [];
    for (const text of texts) oneByOne.push(await inProcess.embedQuery(text));
    expect(maxDifference(queries, oneByOne)).toBeLessThan(1e-6);
  });

  it('embeds a text that many callers ask for at once only once, and a repeated question not at all', async () => {
    const counted = new UseLitePoolEmbeddings({ workers: 1 });
    try {
      const same = 'Is the certification exam hard?';
      const [queries, documents] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => counted.embedQuery(same))),
        counted.embedDocuments([same, 'Where do I take the exam?', same]),
      ]);
      expect(counted.stats()).toEqual({ batches: 2, texts: 2, cacheHits: 0, inFlightShared: 10 });
      for (const vector of [...queries, documents[0]!, documents[2]!]) expect(vector).toEqual(queries[0]);

      const again = await counted.embedQuery(same);
      expect(again).toEqual(queries[0]);
      expect(counted.stats()).toMatchObject({ batches: 2, texts: 2, cacheHits: 1 });

      // Every caller gets its own array: one that changes its copy changes nobody else's.
      again[0] = 42;
      expect(await counted.embedQuery(same)).toEqual(queries[0]);
    } finally {
      await counted.close();
    }
  });

  it('sends questions that arrive together as one batch, at most maxQueryBatch texts long, and later ones in their own', async () => {
    const batching = new UseLitePoolEmbeddings({ workers: 1, maxQueryBatch: 4, batchWindowMs: 2 });
    try {
      await Promise.all(questions.slice(0, 10).map((q) => batching.embedQuery(q)));
      expect(batching.stats()).toMatchObject({ batches: 3, texts: 10 });
      await batching.embedQuery(questions[10]!);
      await batching.embedQuery(questions[11]!);
      expect(batching.stats()).toMatchObject({ batches: 5, texts: 12 });
    } finally {
      await batching.close();
    }
  });

  it('lets the work already asked for finish on close(), then refuses new work', async () => {
    const closing = new UseLitePoolEmbeddings({ workers: 1 });
    const asked = closing.embedQuery('asked just before shutdown');
    await closing.close();
    expect(await asked).toHaveLength(512);
    await expect(closing.embedQuery('too late')).rejects.toSatisfy((e) =>
      isPipelineError(e, 'EMBEDDINGS_FAILED'),
    );
    await closing.close();
  });

  it('rejects with EMBEDDINGS_FAILED, instead of waiting forever, when a worker cannot load the model', async () => {
    const broken = new UseLitePoolEmbeddings({
      workers: 1,
      workerUrl: new URL('./broken-worker.mjs', import.meta.url),
    });
    try {
      const failure = broken.embedQuery('anything');
      await expect(failure).rejects.toSatisfy((e) => isPipelineError(e, 'EMBEDDINGS_FAILED'));
      await expect(failure).rejects.toThrow(/model files missing/);
    } finally {
      await broken.close();
    }
  });
});

describe('the use-lite worker pool in createEmbeddings', () => {
  it('is built only when the caller asks for worker threads, and starts nothing until used', async () => {
    const config = loadConfig({ EMBEDDINGS_WORKERS: '2' });
    const pooled = createEmbeddings(config, createSilentLogger(), { workers: config.EMBEDDINGS_WORKERS });
    expect(pooled).toBeInstanceOf(UseLitePoolEmbeddings);
    expect(pooled.info).toEqual(inProcess.info);
    expect((pooled as UseLitePoolEmbeddings).stats().batches).toBe(0);
    await closeEmbeddings(pooled);

    const cli = createEmbeddings(config, createSilentLogger());
    expect(cli).toBeInstanceOf(UseLiteEmbeddings);
    await closeEmbeddings(cli);
    expect(createEmbeddings(config, createSilentLogger(), { workers: 0 })).toBeInstanceOf(UseLiteEmbeddings);
  });

  it('reads EMBEDDINGS_WORKERS: empty means one per core but one (at least one), 0 means the main thread, negatives are refused', () => {
    const byDefault = Math.max(1, availableParallelism() - 1);
    expect(loadConfig({}).EMBEDDINGS_WORKERS).toBe(byDefault);
    expect(loadConfig({ EMBEDDINGS_WORKERS: '' }).EMBEDDINGS_WORKERS).toBe(byDefault);
    expect(loadConfig({ EMBEDDINGS_WORKERS: '0' }).EMBEDDINGS_WORKERS).toBe(0);
    expect(loadConfig({ EMBEDDINGS_WORKERS: '3' }).EMBEDDINGS_WORKERS).toBe(3);
    expect(() => loadConfig({ EMBEDDINGS_WORKERS: '-1' })).toThrow(/EMBEDDINGS_WORKERS/);
  });
});
